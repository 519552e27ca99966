/**
 * `npm run eval:quantized [-- --models-dir DIR] [--passages N] [--queries N] [--rerank-queries N]`: how closely
 * the int8 variants (npm run models:prepare) agree with fp32 on the JSQuAD passages of ../shared/eval:
 * - reranker: Spearman correlation of the int8 scores with the fp32 scores over each query's candidates
 *   (the fp32 dense top 20, as the rerank stage gets them), mean and min over queries; goal ≥ 0.98;
 * - embedder: overlap of the dense top 10 (int8 query and passage vectors against fp32 ones) over the
 *   passages, mean and min over queries; goal ≥ 0.9.
 * Without --models-dir it generates the bench-shaped test models (random weights: a worst case, since their
 * scores barely differ between passages and quantisation noise reorders them) and prepares them. On a
 * connected machine with the real models: models:fetch, models:prepare, then this with --models-dir models.
 * Writes bench-results/quantized.{json,md}.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { ModelVariantId } from '#shared/api';
import { Embedder } from '../../src-main/engine/embed/embedder.js';
import { Reranker } from '../../src-main/engine/embed/reranker.js';
import { ModelRegistry } from '../../src-main/engine/models/registry.js';
import { readJsonl, type Paragraph, type Question } from '../lib/jsquad.js';
import { evalDir } from '../lib/paths.js';
import { preparedTestModels } from '../lib/prepared-models.js';
import { spearman } from '../lib/rank-stats.js';
import { machineInfo, writeResults } from '../lib/results.js';

const GOALS = { spearman: 0.98, overlap: 0.9 };

const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i]!, 0);
const topK = (q: Float32Array, vs: readonly Float32Array[], k: number) =>
  vs
    .map((v, i) => [dot(q, v), i] as const)
    .sort((a, b) => b[0] - a[0])
    .slice(0, k)
    .map(([, i]) => i);
const summary = (xs: number[]) => ({ mean: Math.round((xs.reduce((s, x) => s + x, 0) / xs.length) * 1e4) / 1e4, min: Math.round(Math.min(...xs) * 1e4) / 1e4 });

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { 'models-dir': { type: 'string' }, passages: { type: 'string', default: '400' }, queries: { type: 'string', default: '60' }, 'rerank-queries': { type: 'string', default: '20' } },
  });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'docsearch-eval-quantized-'));
  try {
    const generated = values['models-dir'] === undefined;
    const modelsDir = generated ? preparedTestModels(path.join(tmp, 'models'), 'bench').dir : path.resolve(values['models-dir']!);
    const registry = new ModelRegistry({ modelsDir, dataDir: tmp });
    const load = async (v: ModelVariantId) => ({ embedder: await Embedder.fromRegistry(registry, undefined, v), reranker: await Reranker.fromRegistry(registry, undefined, v) });
    const [fp32, int8] = [await load('fp32'), await load('int8')];

    const paragraphs = readJsonl<Paragraph>(path.join(evalDir, 'jsquad', 'valid-paragraphs.jsonl')).slice(0, Number(values.passages));
    const inSet = new Set(paragraphs.map((p) => p.id));
    const questions = readJsonl<Question>(path.join(evalDir, 'jsquad', 'valid-questions.jsonl')).filter((q) => inSet.has(q.gold_paragraph_id));
    // spread over the passages rather than the first paragraphs' questions only
    const step = Math.max(1, Math.floor(questions.length / Number(values.queries)));
    const queries = questions.filter((_, i) => i % step === 0).slice(0, Number(values.queries));
    const passages = paragraphs.map((p) => p.text.slice(0, 400));

    const t0 = performance.now();
    const [pf, pi] = [await fp32.embedder.embedPassages(passages), await int8.embedder.embedPassages(passages)];
    const [qf, qi] = [await fp32.embedder.embedQueries(queries.map((q) => q.question)), await int8.embedder.embedQueries(queries.map((q) => q.question))];
    const overlaps = queries.map((_, i) => {
      const a = new Set(topK(qf[i]!, pf, 10));
      return topK(qi[i]!, pi, 10).filter((x) => a.has(x)).length / 10;
    });
    const cosines = passages.map((_, i) => dot(pf[i]!, pi[i]!));

    const rhos: number[] = [];
    for (const [i, q] of queries.slice(0, Number(values['rerank-queries'])).entries()) {
      const candidates = topK(qf[i]!, pf, 20).map((j) => passages[j]!);
      rhos.push(spearman(await fp32.reranker.score(q.question, candidates), await int8.reranker.score(q.question, candidates)));
    }
    const sec = (performance.now() - t0) / 1000;
    const manifestModels = registry.manifest.models.filter((m) => m.role === 'embedder' || m.role === 'reranker');
    await registry.close();

    const result = {
      machine: machineInfo(),
      models: manifestModels.map((m) => ({ id: m.id, role: m.role, fp32Bytes: m.files.find((f) => f.path.endsWith('.onnx'))!.bytes, int8: m.variants.find((v) => v.id === 'int8') })),
      generated,
      passages: passages.length,
      reranker: { queries: rhos.length, candidates: 20, spearman: summary(rhos), goal: GOALS.spearman },
      embedder: { queries: queries.length, top10Overlap: summary(overlaps), passageCosine: summary(cosines), goal: GOALS.overlap },
      sec: Math.round(sec),
    };
    const met = (ok: boolean) => (ok ? 'met' : '**missed**');
    const md = [
      `int8 against fp32 on ${passages.length} JSQuAD passages (400 characters)${generated ? ', GENERATED bench-shaped models with random weights (a worst case: see below)' : `, models of ${modelsDir}`}:`,
      '',
      '| measurement | mean | min | goal | |',
      '|---|---|---|---|---|',
      `| reranker: Spearman of the scores over each query's 20 candidates (${rhos.length} queries) | ${result.reranker.spearman.mean} | ${result.reranker.spearman.min} | ≥ ${GOALS.spearman} | ${met(result.reranker.spearman.mean >= GOALS.spearman && result.reranker.spearman.min >= GOALS.spearman)} |`,
      `| embedder: top-10 overlap of dense results (${queries.length} queries) | ${result.embedder.top10Overlap.mean} | ${result.embedder.top10Overlap.min} | ≥ ${GOALS.overlap} | ${met(result.embedder.top10Overlap.mean >= GOALS.overlap)} |`,
      `| embedder: cosine of a passage's int8 and fp32 vectors | ${result.embedder.passageCosine.mean} | ${result.embedder.passageCosine.min} | | |`,
      '',
      `Variants: ${result.models.map((m) => `${m.id} ${(m.fp32Bytes / 1048576).toFixed(1)} → ${((m.int8?.file.bytes ?? 0) / 1048576).toFixed(1)} MiB (${m.int8?.tool}, ${JSON.stringify(m.int8?.options)})`).join('; ')}.`,
      generated
        ? 'Random weights are the worst case for agreement: every passage gets nearly the same score and vector, so the small noise int8 adds reorders them; trained models spread their scores far wider. Rerun on the real models on a connected machine: `npm run models:fetch`, `npm run models:prepare`, `npm run eval:quantized -- --models-dir models`.'
        : '',
      `Machine: ${result.machine.cpu}, ${result.machine.cores} cores, ${result.machine.date}; ${result.sec} s.`,
    ].join('\n');
    writeResults('quantized', result, md);
    console.log(md);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
