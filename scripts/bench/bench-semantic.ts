/**
 * `npm run bench:semantic`: speed of the semantic stages on this CPU with models of realistic size,
 * generated with random weights (scripts/models/make-test-models.ts `bench`: BERT-shaped with the production small
 * models' shape, 256 dims, 10 layers, ~34M parameters; real weights of that shape run at the same speed):
 * - embedding throughput for 400-character JSQuAD chunks (ingest), and one query's embedding;
 * - vector top-10 over 100,000 stored vectors of the embedder's dimension: float, and binary-quantised with rescoring
 *   (with its recall@10 against the float result), with sqlite-vec's AVX build and its portable one, each in a
 *   process of its own;
 * - cross-encoder rerank of the top 20 for a question.
 * The embedding and rerank figures for fp32 and for the int8 variants (npm run models:prepare), in the same run.
 * Writes bench-results/semantic.{json,md}.
 */
import fs from 'node:fs';
import type { ModelVariantId } from '#shared/api';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Embedder } from '../../src-main/engine/embed/embedder.js';
import { Reranker } from '../../src-main/engine/embed/reranker.js';
import { ModelTokenizer } from '../../src-main/engine/embed/tokenizer.js';
import { ModelRegistry } from '../../src-main/engine/models/registry.js';
import { openDb } from '../../src-main/engine/store/db.js';
import { vectorExtension, type VectorBuild } from '../../src-main/engine/store/vector-extension.js';
import { ensureVectorTable, nearestChunks, putVectors } from '../../src-main/engine/store/vectors.js';
import { readJsonl, type Paragraph, type Question } from '../lib/jsquad.js';
import { machineInfo, percentile, writeResults } from '../lib/results.js';
import { evalDir } from '../lib/paths.js';
import { preparedTestModels } from '../lib/prepared-models.js';
import { buildMatMul, flopsPerToken } from '../lib/bert-onnx.js';
import { SIZES } from '../models/make-test-models.js';
import { createSession, ort } from '../../src-main/engine/models/onnx-session.js';

const STORE_VECTORS = 100_000;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'docsearch-bench-sem-'));
const ms = (x: number) => Math.round(x * 10) / 10;

async function timeEach<T>(items: readonly T[], fn: (x: T) => Promise<unknown> | unknown): Promise<number[]> {
  const times: number[] = [];
  for (const x of items) {
    const t0 = performance.now();
    await fn(x);
    times.push(performance.now() - t0);
  }
  return times;
}

function randomUnit(dims: number, seed: number): Float32Array {
  let s = seed >>> 0;
  const v = new Float32Array(dims);
  for (let i = 0; i < dims; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    v[i] = s / 4294967296 - 0.5;
  }
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}

/** Embedding throughput, query embedding and rerank of the top 20 with one variant's weights. */
async function modelSpeed(registry: ModelRegistry, variant: ModelVariantId, chunks: string[], questions: Question[]) {
  const embedder = await Embedder.fromRegistry(registry, undefined, variant);
  const reranker = await Reranker.fromRegistry(registry, undefined, variant);
  await embedder.embedPassages(chunks.slice(0, 16)); // warm-up
  const t0 = performance.now();
  await embedder.embedPassages(chunks);
  const embedSec = (performance.now() - t0) / 1000;
  const qs = questions.slice(0, 60).map((q) => q.question);
  await embedder.embedQueries(qs.slice(0, 5));
  const queryTimes = await timeEach(qs.slice(10), (q) => embedder.embedQueries([q]));
  const rerankQs = questions.slice(100, 120);
  await reranker.score(rerankQs[0]!.question, chunks.slice(0, 20));
  const rerankTimes = await timeEach(rerankQs, (q) => reranker.score(q.question, chunks.slice(0, 20)));
  return {
    embedding: { chunksPerSec: Math.round((chunks.length / embedSec) * 10) / 10 },
    queryEmbedMs: { p50: ms(percentile(queryTimes, 50)), p95: ms(percentile(queryTimes, 95)) },
    rerankTop20Ms: { p50: ms(percentile(rerankTimes, 50)), p95: ms(percentile(rerankTimes, 95)) },
  };
}

/**
 * Float and binary top-10 over 100,000 stored vectors of `dims` dimensions, in this process (its sqlite-vec
 * build: `--vectors DIMS`, run by vectorSpeedIn).
 */
async function vectorSpeed(dims: number) {
  const db = openDb(path.join(tmp, 'vectors.db'));
  const space = { model: 'bench', dims };
  ensureVectorTable(db, space);
  const t1 = performance.now();
  for (let start = 1; start <= STORE_VECTORS; start += 5000) {
    putVectors(db, space, Array.from({ length: 5000 }, (_, i) => ({ chunkId: start + i, vector: randomUnit(dims, start + i) })));
  }
  const insertSec = (performance.now() - t1) / 1000;
  const queries = Array.from({ length: 40 }, (_, i) => randomUnit(dims, 1_000_000 + i));
  nearestChunks(db, queries[0]!, 10);
  const floatTimes = await timeEach(queries, (q) => nearestChunks(db, q, 10));
  nearestChunks(db, queries[0]!, 10, { binary: true });
  const binaryTimes = await timeEach(queries, (q) => nearestChunks(db, q, 10, { binary: true }));
  let overlap = 0;
  for (const q of queries) {
    const exact = new Set(nearestChunks(db, q, 10).map((h) => h.chunkId));
    overlap += nearestChunks(db, q, 10, { binary: true }).filter((h) => exact.has(h.chunkId)).length;
  }
  db.close();
  const { build, reason } = vectorExtension();
  return {
    build,
    reason: reason ?? null,
    insertSec: ms(insertSec),
    floatTop10Ms: { p50: ms(percentile(floatTimes, 50)), p95: ms(percentile(floatTimes, 95)) },
    binaryTop10Ms: { p50: ms(percentile(binaryTimes, 50)), p95: ms(percentile(binaryTimes, 95)) },
    binaryRecallAt10: Math.round((overlap / (queries.length * 10)) * 1000) / 1000,
  };
}
type VectorSpeed = Awaited<ReturnType<typeof vectorSpeed>>;

/** vectorSpeed in a child process with the given build (the AVX build when this installation and CPU have it). */
function vectorSpeedIn(build: VectorBuild, dims: number): VectorSpeed {
  const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--vectors', String(dims)], { encoding: 'utf8', env: { ...process.env, DOCSEARCH_SQLITE_VEC: build === 'portable' ? 'portable' : '' } });
  return JSON.parse(out.trim().split('\n').at(-1)!) as VectorSpeed;
}

/**
 * ONNX Runtime's fp32 matrix multiply on this CPU, in GFLOP/s, on the encoder's feed-forward shape
 * ([1,024 tokens, D] × [D, 4D]) with the engine's session options: the practical ceiling of any encoder here.
 */
async function matmulGflops(dims: number): Promise<number> {
  const file = path.join(tmp, 'matmul.onnx');
  fs.writeFileSync(file, buildMatMul(dims, 4 * dims));
  const { session } = await createSession(file);
  const m = 1024;
  const x = new ort.Tensor('float32', new Float32Array(m * dims).fill(0.5), [m, dims]);
  for (let i = 0; i < 5; i++) await session.run({ x });
  const times = await timeEach(Array.from({ length: 40 }), () => session.run({ x }));
  await session.release();
  return Math.round((2 * m * dims * 4 * dims) / (percentile(times, 50) / 1000) / 1e9);
}

async function main(): Promise<void> {
  const generated = preparedTestModels(path.join(tmp, 'models'), 'bench');
  const registry = new ModelRegistry({ modelsDir: generated.dir, dataDir: tmp });
  const embedder = await Embedder.fromRegistry(registry);
  const paragraphs = readJsonl<Paragraph>(path.join(evalDir, 'jsquad', 'valid-paragraphs.jsonl'));
  const questions = readJsonl<Question>(path.join(evalDir, 'jsquad', 'valid-questions.jsonl'));
  const chunks = paragraphs.map((p) => p.text.slice(0, 400)).filter((t) => t.length >= 300).slice(0, 160);
  const tokenizer = new ModelTokenizer(path.join(generated.dir, 'test', 'test-embedder-bench', 'tokenizer.json'), null);
  const meanTokens = chunks.reduce((s, c) => s + tokenizer.encode(embedder.params.passagePrefix + c, 512).length, 0) / chunks.length;
  // the two variants one after the other on the same chunks and questions
  const speed = { fp32: await modelSpeed(registry, 'fp32', chunks, questions), int8: await modelSpeed(registry, 'int8', chunks, questions) };
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const queryTokens = mean(questions.slice(10, 60).map((q) => tokenizer.encode(embedder.params.queryPrefix + q.question, 512).length));
  const pairTokens = mean(questions.slice(100, 120).flatMap((q) => chunks.slice(0, 20).map((c) => tokenizer.encode(q.question, 512, c).length)));
  const gflop = (items: number, tokens: number) => (items * tokens * flopsPerToken(SIZES.bench, tokens)) / 1e9;
  const arithmetic = {
    matmulGflops: await matmulGflops(embedder.dims),
    embeddingGflops: Math.round(gflop(speed.fp32.embedding.chunksPerSec, meanTokens)),
    embeddingGoalGflops: Math.round(gflop(40, meanTokens)),
    queryTokens: Math.round(queryTokens),
    queryGoalGflops: Math.round(gflop(1, queryTokens) / 0.005),
    rerankPairTokens: Math.round(pairTokens),
    rerankGflops: Math.round(gflop(20, pairTokens) / (speed.fp32.rerankTop20Ms.p50 / 1000)),
    rerankGoalGflops: Math.round(gflop(20, pairTokens) / 0.4),
  };

  await registry.close();
  // each sqlite-vec build in a process of its own (one build per process: store/vector-extension.ts)
  const vectors = { avx: vectorSpeedIn('avx', embedder.dims), portable: vectorSpeedIn('portable', embedder.dims) };
  // the build this installation searches with first; the portable one after it when that is the AVX build
  const inUse = vectors[vectors.avx.build === 'avx' ? 'avx' : 'portable'];

  const result = {
    machine: machineInfo(),
    models: {
      embedderParameters: generated.parameters.embedder,
      rerankerParameters: generated.parameters.reranker,
      dims: embedder.dims,
      provider: embedder.sessionInfo.provider,
      int8: registry.manifest.models.map((m) => ({ id: m.id, fp32Bytes: m.files[0]!.bytes, int8Bytes: m.variants[0]!.file.bytes, tool: m.variants[0]!.tool, options: m.variants[0]!.options })),
    },
    embedding: { chunks: chunks.length, meanTokens: Math.round(meanTokens) },
    variants: speed,
    vectors: { stored: STORE_VECTORS, ...vectors },
    arithmetic,
  };
  const met = (ok: boolean) => (ok ? 'met' : '**missed**');
  const md = [
    '| measurement | result | goal | |',
    '|---|---|---|---|',
    ...(['fp32', 'int8'] as const).flatMap((v) => [
      `| embedding, ${result.embedding.chunks} chunks of 400 characters (${result.embedding.meanTokens} tokens on average), ${v}: chunks/s | ${speed[v].embedding.chunksPerSec} | ≥ 40 | ${met(speed[v].embedding.chunksPerSec >= 40)} |`,
      `| query embedding, ${v}: p50 / p95 | ${speed[v].queryEmbedMs.p50} / ${speed[v].queryEmbedMs.p95} ms | p50 ≤ 5 ms | ${met(speed[v].queryEmbedMs.p50 <= 5)} |`,
    ]),
    ...[inUse, ...(inUse === vectors.avx ? [vectors.portable] : [])].flatMap((x) => [
      `| vector top-10 over ${STORE_VECTORS.toLocaleString('en')} × ${embedder.dims} dims, float, sqlite-vec ${x.build} build: p50 / p95 | ${x.floatTop10Ms.p50} / ${x.floatTop10Ms.p95} ms | p50 ≤ 40 ms | ${met(x.floatTop10Ms.p50 <= 40)} |`,
      `| … binary-quantised + float rescoring of ${10 * 10} candidates, ${x.build} build: p50 / p95 (recall@10 vs float ${x.binaryRecallAt10}) | ${x.binaryTop10Ms.p50} / ${x.binaryTop10Ms.p95} ms | p50 ≤ 10 ms | ${met(x.binaryTop10Ms.p50 <= 10)} |`,
    ]),
    ...(['fp32', 'int8'] as const).map((v) => `| rerank of the top 20 (cross-encoder), ${v}: p50 / p95 | ${speed[v].rerankTop20Ms.p50} / ${speed[v].rerankTop20Ms.p95} ms | p50 ≤ 400 ms | ${met(speed[v].rerankTop20Ms.p50 <= 400)} |`),
    '',
    `Arithmetic (fp32; random weights cost what trained ones do): ONNX Runtime multiplies matrices at ${arithmetic.matmulGflops} GFLOP/s on this CPU (the feed-forward's shape, 1,024 tokens at once). Embedding runs at ${arithmetic.embeddingGflops} GFLOP/s; 40 chunks/s would need ${arithmetic.embeddingGoalGflops}. Rerank of 20 pairs of ${arithmetic.rerankPairTokens} tokens runs at ${arithmetic.rerankGflops} GFLOP/s; 400 ms would need ${arithmetic.rerankGoalGflops}. A query of ${arithmetic.queryTokens} tokens in 5 ms would need ${arithmetic.queryGoalGflops}, on matrices too small to keep both cores busy. int8 (u8s8 on AVX2, no VNNI here) gains at most about 2× on the multiplies.`,
    '',
    `Models: generated BERT-shaped encoders, ${(generated.parameters.embedder / 1e6).toFixed(1)}M parameters each, random weights, ${embedder.dims} dims, ${result.models.provider.toUpperCase()} provider; int8: ${result.models.int8[0]!.tool} ${JSON.stringify(result.models.int8[0]!.options)}, ${(result.models.int8[0]!.fp32Bytes / 1048576).toFixed(1)} → ${(result.models.int8[0]!.int8Bytes / 1048576).toFixed(1)} MiB a model. Inserting the ${STORE_VECTORS.toLocaleString('en')} vectors (float + bits) took ${inUse.insertSec} s.${inUse.build === 'portable' ? ` The portable sqlite-vec build only: ${inUse.reason}.` : ''} Machine: ${result.machine.cpu}, ${result.machine.cores} cores, Node ${result.machine.node}, ${result.machine.date}.`,
  ].join('\n');
  writeResults('semantic', result, md);
  console.log(md);
}

try {
  const vectorsOnly = process.argv.indexOf('--vectors');
  if (vectorsOnly > 0) console.log(JSON.stringify(await vectorSpeed(Number(process.argv[vectorsOnly + 1]))));
  else await main();
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
