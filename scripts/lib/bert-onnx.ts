/**
 * A BERT-shaped transformer encoder as an ONNX model, with seeded random weights, for tests and speed
 * benchmarks of the embedder and reranker code paths (real Japanese weights are not reachable here).
 * It has the production signatures: input_ids, attention_mask (int64 [batch, seq]) → last_hidden_state
 * (float [batch, seq, dims]) for an embedder, → logits (float [batch, 1]) for a cross-encoder.
 * Opset 17 (LayerNormalization); GELU as x·sigmoid(1.702x).
 */
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;
type Node = InstanceType<typeof onnx.NodeProto>;
type Tensor = InstanceType<typeof onnx.TensorProto>;

export interface BertShape {
  vocab: number;
  dims: number;
  layers: number;
  heads: number;
  maxPositions: number;
  head: 'hidden-states' | 'logits';
  seed: number;
}

/** mulberry32 + Box–Muller: reproducible weights, so the generated files have a stable sha256. */
function normal(seed: number): () => number {
  let a = seed >>> 0;
  const uniform = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(uniform() + 1e-12)) * Math.cos(2 * Math.PI * uniform());
}

/** A graph input or output: its element type and dimensions (a name for a dynamic one). */
function valueInfo(id: string, elemType: number, dims: (number | string)[]) {
  const dim = dims.map((d) => onnx.TensorShapeProto.Dimension.create(typeof d === 'number' ? { dimValue: d } : { dimParam: d }));
  return onnx.ValueInfoProto.create({ name: id, type: onnx.TypeProto.create({ tensorType: onnx.TypeProto.Tensor.create({ elemType, shape: onnx.TensorShapeProto.create({ dim }) }) }) });
}

/** An opset-17 model of one graph, encoded. */
function encodeModel(name: string, producer: string, graph: { node: Node[]; initializer: Tensor[]; input: ReturnType<typeof valueInfo>[]; output: ReturnType<typeof valueInfo>[] }): Uint8Array {
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: `docsearch scripts/lib/bert-onnx.ts (${producer})`,
    opsetImport: [onnx.OperatorSetIdProto.create({ domain: '', version: 17 })],
    graph: onnx.GraphProto.create({ name, ...graph }),
  });
  return onnx.ModelProto.encode(model).finish();
}

export function buildBert(s: BertShape): { model: Uint8Array; parameters: number } {
  if (s.dims % s.heads) throw new Error('dims must be a multiple of heads');
  const rand = normal(s.seed);
  const nodes: Node[] = [];
  const inits: Tensor[] = [];
  let n = 0;
  const name = (p: string) => `${p}_${n++}`;
  const floats = (id: string, dims: number[], fill: (i: number) => number) => {
    const size = dims.reduce((a, b) => a * b, 1);
    const data = new Float32Array(size);
    for (let i = 0; i < size; i++) data[i] = fill(i);
    inits.push(onnx.TensorProto.create({ name: id, dims, dataType: onnx.TensorProto.DataType.FLOAT, rawData: new Uint8Array(data.buffer) }));
    return id;
  };
  const ints = (id: string, values: number[], scalar = false) => {
    inits.push(onnx.TensorProto.create({ name: id, dims: scalar ? [] : [values.length], dataType: onnx.TensorProto.DataType.INT64, int64Data: values }));
    return id;
  };
  const weight = (p: string, dims: number[]) => floats(name(p), dims, () => rand() * 0.02);
  const constant = (p: string, dims: number[], v: number) => floats(name(p), dims, () => v);
  const op = (opType: string, inputs: string[], attrs: Record<string, number | number[]> = {}): string => {
    const out = name(opType.toLowerCase());
    const attribute = Object.entries(attrs).map(([k, v]) =>
      Array.isArray(v)
        ? onnx.AttributeProto.create({ name: k, type: onnx.AttributeProto.AttributeType.INTS, ints: v })
        : Number.isInteger(v) && k !== 'epsilon'
          ? onnx.AttributeProto.create({ name: k, type: onnx.AttributeProto.AttributeType.INT, i: v })
          : onnx.AttributeProto.create({ name: k, type: onnx.AttributeProto.AttributeType.FLOAT, f: v }),
    );
    nodes.push(onnx.NodeProto.create({ opType, input: inputs, output: [out], name: out, attribute }));
    return out;
  };
  const D = s.dims;
  const dh = D / s.heads;
  const linear = (x: string, inDim: number, outDim: number) => op('Add', [op('MatMul', [x, weight('w', [inDim, outDim])]), constant('b', [outDim], 0)]);
  const norm = (x: string) => op('LayerNormalization', [x, constant('ln_g', [D], 1), constant('ln_b', [D], 0)], { axis: -1, epsilon: 1e-12 });

  // embeddings: word + position, normalised
  const word = op('Gather', [weight('word_emb', [s.vocab, D]), 'input_ids']);
  const seqLen = op('Gather', [op('Shape', ['input_ids']), ints(name('one'), [1], true)], { axis: 0 });
  const positions = op('Range', [ints(name('zero'), [0], true), seqLen, ints(name('step'), [1], true)]);
  let x = norm(op('Add', [word, op('Gather', [weight('pos_emb', [s.maxPositions, D]), positions])]));
  // additive attention mask [batch, 1, 1, seq]: 0 for tokens, -10000 for padding
  const keep = op('Cast', ['attention_mask'], { to: onnx.TensorProto.DataType.FLOAT });
  const maskBias = op('Unsqueeze', [op('Mul', [op('Sub', [constant('one_f', [], 1), keep]), constant('neg', [], -10000)]), ints(name('axes'), [1, 2])]);
  const splitShape = ints(name('split'), [0, 0, s.heads, dh]);
  const joinShape = ints(name('join'), [0, 0, D]);
  for (let l = 0; l < s.layers; l++) {
    const heads = (t: string, perm: number[]) => op('Transpose', [op('Reshape', [t, splitShape])], { perm });
    const q = heads(linear(x, D, D), [0, 2, 1, 3]);
    const k = heads(linear(x, D, D), [0, 2, 3, 1]);
    const v = heads(linear(x, D, D), [0, 2, 1, 3]);
    const scores = op('Add', [op('Mul', [op('MatMul', [q, k]), constant('scale', [], 1 / Math.sqrt(dh))]), maskBias]);
    const context = op('Reshape', [op('Transpose', [op('MatMul', [op('Softmax', [scores], { axis: -1 }), v])], { perm: [0, 2, 1, 3] }), joinShape]);
    x = norm(op('Add', [x, linear(context, D, D)]));
    const h = linear(x, D, 4 * D);
    const gelu = op('Mul', [h, op('Sigmoid', [op('Mul', [h, constant('gelu', [], 1.702)])])]);
    x = norm(op('Add', [x, linear(gelu, 4 * D, D)]));
  }
  const { INT64, FLOAT } = onnx.TensorProto.DataType;
  let output: ReturnType<typeof valueInfo>;
  if (s.head === 'hidden-states') {
    nodes.push(onnx.NodeProto.create({ opType: 'Identity', input: [x], output: ['last_hidden_state'], name: 'out' }));
    output = valueInfo('last_hidden_state', FLOAT, ['batch', 'sequence', D]);
  } else {
    const cls = op('Gather', [x, ints(name('first'), [0], true)], { axis: 1 });
    nodes.push(onnx.NodeProto.create({ opType: 'Identity', input: [linear(cls, D, 1)], output: ['logits'], name: 'out' }));
    output = valueInfo('logits', FLOAT, ['batch', 1]);
  }
  const model = encodeModel('bert', 'random weights, for tests', {
    node: nodes,
    initializer: inits,
    input: [valueInfo('input_ids', INT64, ['batch', 'sequence']), valueInfo('attention_mask', INT64, ['batch', 'sequence'])],
    output: [output],
  });
  const parameters = inits.reduce((sum, t) => sum + (t.dataType === onnx.TensorProto.DataType.FLOAT ? (t.dims as number[]).reduce((a, b) => a * Number(b), 1) : 0), 0);
  return { model, parameters };
}

/**
 * Floating-point operations per token of buildBert's encoder on a sequence of `seq` tokens (a multiply-add
 * counted as 2): per layer the q, k, v and output projections (4·D²) and the feed-forward (2·D·4D), plus
 * attention's scores and weighted sum (2·seq·D). Norms, softmax and GELU are left out (they are small).
 */
export function flopsPerToken(s: Pick<BertShape, 'dims' | 'layers'>, seq: number): number {
  return 2 * s.layers * (12 * s.dims * s.dims + 2 * seq * s.dims);
}

/** One MatMul of an [m, k] input with a random [k, n] weight: how fast ONNX Runtime multiplies matrices here. */
export function buildMatMul(k: number, n: number): Uint8Array {
  const rand = normal(7);
  const w = Float32Array.from({ length: k * n }, () => rand() * 0.02);
  const { FLOAT } = onnx.TensorProto.DataType;
  return encodeModel('matmul', 'matmul rate', {
    node: [onnx.NodeProto.create({ opType: 'MatMul', input: ['x', 'w'], output: ['y'], name: 'mm' })],
    initializer: [onnx.TensorProto.create({ name: 'w', dims: [k, n], dataType: FLOAT, rawData: new Uint8Array(w.buffer) })],
    input: [valueInfo('x', FLOAT, ['m', k])],
    output: [valueInfo('y', FLOAT, ['m', n])],
  });
}
