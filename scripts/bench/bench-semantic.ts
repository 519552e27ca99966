/**
 * `npm run bench:semantic`: speed of the semantic stages on this CPU with models of realistic size,
 * generated with random weights (scripts/models/make-test-models.ts `bench`: BERT-shaped with the production small
 * models' shape, 256 dims, 10 layers, ~34M parameters; real weights of that shape run at the same speed):
 * - embedding throughput for 400-character JSQuAD chunks (ingest), and one query's embedding;
 * - vector top-10 over 100,000 stored vectors of the embedder's dimension: float, and binary-quantised with rescoring
 *   (with its recall@10 against the float result);
 * - cross-encoder rerank of the top 20 for a question.
 * The embedding and rerank figures for fp32 and for the int8 variants (npm run models:prepare), in the same run.
 * Writes bench-results/semantic.{json,md}.
 */
import fs from 'node:fs';
import type { ModelVariantId } from '#shared/api';
import os from 'node:os';
import path from 'node:path';
import { Embedder } from '../../src-main/engine/embed/embedder.js';
import { Reranker } from '../../src-main/engine/embed/reranker.js';
import { ModelTokenizer } from '../../src-main/engine/embed/tokenizer.js';
import { ModelRegistry } from '../../src-main/engine/models/registry.js';
import { openDb } from '../../src-main/engine/store/db.js';
import { ensureVectorTable, nearestChunks, putVectors } from '../../src-main/engine/store/vectors.js';
import { readJsonl, type Paragraph, type Question } from '../lib/jsquad.js';
import { machineInfo, percentile, writeResults } from '../lib/results.js';
import { evalDir } from '../lib/paths.js';
import { preparedTestModels } from '../lib/prepared-models.js';

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

  // 100,000 stored vectors of the model's dimension
  const db = openDb(path.join(tmp, 'vectors.db'));
  const space = { model: embedder.id, dims: embedder.dims };
  ensureVectorTable(db, space);
  const t1 = performance.now();
  for (let start = 1; start <= STORE_VECTORS; start += 5000) {
    putVectors(db, space, Array.from({ length: 5000 }, (_, i) => ({ chunkId: start + i, vector: randomUnit(embedder.dims, start + i) })));
  }
  const insertSec = (performance.now() - t1) / 1000;
  const queries = Array.from({ length: 40 }, (_, i) => randomUnit(embedder.dims, 1_000_000 + i));
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
  await registry.close();

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
    vectors: { stored: STORE_VECTORS, insertSec: ms(insertSec), floatTop10Ms: { p50: ms(percentile(floatTimes, 50)), p95: ms(percentile(floatTimes, 95)) }, binaryTop10Ms: { p50: ms(percentile(binaryTimes, 50)), p95: ms(percentile(binaryTimes, 95)) }, binaryRecallAt10: Math.round((overlap / (queries.length * 10)) * 1000) / 1000 },
  };
  const met = (ok: boolean) => (ok ? 'met' : '**missed**');
  const md = [
    '| measurement | result | goal | |',
    '|---|---|---|---|',
    ...(['fp32', 'int8'] as const).flatMap((v) => [
      `| embedding, ${result.embedding.chunks} chunks of 400 characters (${result.embedding.meanTokens} tokens on average), ${v}: chunks/s | ${speed[v].embedding.chunksPerSec} | ≥ 40 | ${met(speed[v].embedding.chunksPerSec >= 40)} |`,
      `| query embedding, ${v}: p50 / p95 | ${speed[v].queryEmbedMs.p50} / ${speed[v].queryEmbedMs.p95} ms | p50 ≤ 5 ms | ${met(speed[v].queryEmbedMs.p50 <= 5)} |`,
    ]),
    `| vector top-10 over ${STORE_VECTORS.toLocaleString('en')} × ${embedder.dims} dims, float: p50 / p95 | ${result.vectors.floatTop10Ms.p50} / ${result.vectors.floatTop10Ms.p95} ms | p50 ≤ 40 ms | ${met(result.vectors.floatTop10Ms.p50 <= 40)} |`,
    `| … binary-quantised + float rescoring of ${10 * 10} candidates: p50 / p95 (recall@10 vs float ${result.vectors.binaryRecallAt10}) | ${result.vectors.binaryTop10Ms.p50} / ${result.vectors.binaryTop10Ms.p95} ms | p50 ≤ 10 ms | ${met(result.vectors.binaryTop10Ms.p50 <= 10)} |`,
    ...(['fp32', 'int8'] as const).map((v) => `| rerank of the top 20 (cross-encoder), ${v}: p50 / p95 | ${speed[v].rerankTop20Ms.p50} / ${speed[v].rerankTop20Ms.p95} ms | p50 ≤ 400 ms | ${met(speed[v].rerankTop20Ms.p50 <= 400)} |`),
    '',
    `Models: generated BERT-shaped encoders, ${(generated.parameters.embedder / 1e6).toFixed(1)}M parameters each, random weights, ${embedder.dims} dims, ${result.models.provider.toUpperCase()} provider; int8: ${result.models.int8[0]!.tool} ${JSON.stringify(result.models.int8[0]!.options)}, ${(result.models.int8[0]!.fp32Bytes / 1048576).toFixed(1)} → ${(result.models.int8[0]!.int8Bytes / 1048576).toFixed(1)} MiB a model. Inserting the ${STORE_VECTORS.toLocaleString('en')} vectors (float + binary copy) took ${result.vectors.insertSec} s. Machine: ${result.machine.cpu}, ${result.machine.cores} cores, Node ${result.machine.node}, ${result.machine.date}.`,
  ].join('\n');
  writeResults('semantic', result, md);
  console.log(md);
}

try {
  await main();
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
