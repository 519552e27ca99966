/**
 * `npm run eval:retrieval`: JSQuAD retrieval through the real ingest and search path.
 * Every paragraph of ../shared/eval/jsquad/valid-paragraphs.jsonl becomes a text document (title line,
 * then text); every question is searched; documents are ranked by their best chunk.
 * Writes bench-results/retrieval.json and .md. `--sweep` also measures chunking variants.
 * `--models DIR`: with the embedder and reranker of that models folder, every search mode
 * (lexical, dense, binary, hybrid RRF / weighted, + rerank), each row naming the models that ran, into
 * bench-results/retrieval-semantic.*. With the generated test models (random weights) quality is meaningless.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { SearchRequest } from '#shared/api';
import type { Engine } from '../../src-main/engine/engine.js';
import type { ChunkOptions } from '../../src-main/engine/text/chunk.js';
import { buildJsquadStore as buildStore, readJsonl, type Paragraph, type Question } from '../lib/jsquad.js';
import { machineInfo, percentile, writeResults } from '../lib/results.js';
import { evalDir } from '../lib/paths.js';

interface RetrievalRow {
  config: string;
  questions: number;
  r1: number; r5: number; r10: number; mrr: number; ndcg10: number;
  p50ms: number; p95ms: number;
}

async function evaluate(engine: Engine, idByPath: Map<string, string>, questions: Question[], config: string, how: Omit<SearchRequest, 'query'> = {}): Promise<RetrievalRow> {
  let r1 = 0, r5 = 0, r10 = 0, mrr = 0, ndcg = 0;
  const times: number[] = [];
  let stages: string[] = [];
  for (const q of questions) {
    const t0 = performance.now();
    const res = await engine.search({ query: q.question, k: 50, ...how });
    stages = res.stages;
    times.push(performance.now() - t0);
    const ranked = [...new Set(res.hits.map((h) => idByPath.get(h.path)))];
    const rank = ranked.indexOf(q.gold_paragraph_id) + 1;
    if (rank === 0) continue;
    if (rank <= 1) r1++;
    if (rank <= 5) r5++;
    if (rank <= 10) { r10++; ndcg += 1 / Math.log2(rank + 1); }
    mrr += 1 / rank;
  }
  const n = questions.length;
  const f = (v: number) => Math.round((v / n) * 1000) / 1000;
  return { config: `${config} [${stages.join(' → ')}]`, questions: n, r1: f(r1), r5: f(r5), r10: f(r10), mrr: f(mrr), ndcg10: f(ndcg), p50ms: percentile(times, 50), p95ms: percentile(times, 95) };
}

/** The semantic variants, run when the models folder given has an embedder (and reranker). */
const SEMANTIC: [string, Omit<SearchRequest, 'query'>][] = [
  ['lexical', { mode: 'lexical', rerank: false }],
  ['dense', { mode: 'dense', rerank: false }],
  ['dense, binary + rescoring', { mode: 'dense', rerank: false, binary: true }],
  ['hybrid, RRF', { mode: 'hybrid', fusion: 'rrf', rerank: false }],
  ['hybrid, weighted', { mode: 'hybrid', fusion: 'weighted', rerank: false }],
  ['hybrid, RRF + rerank', { mode: 'hybrid', fusion: 'rrf', rerank: true }],
];

async function main() {
  const sweep = process.argv.includes('--sweep');
  const at = process.argv.indexOf('--models');
  const modelsDir = at >= 0 ? path.resolve(process.argv[at + 1]!) : undefined;
  const paragraphs = readJsonl<Paragraph>(path.join(evalDir, 'jsquad', 'valid-paragraphs.jsonl'));
  const questions = readJsonl<Question>(path.join(evalDir, 'jsquad', 'valid-questions.jsonl'));
  const rows: RetrievalRow[] = [];
  const chunkings: (ChunkOptions | undefined)[] = sweep
    ? [undefined, { size: 200, overlap: 0 }, { size: 200, overlap: 60 }, { size: 400, overlap: 0 }, { size: 800, overlap: 0 }, { size: 800, overlap: 160 }]
    : [undefined];
  for (const chunking of modelsDir ? [undefined] : chunkings) {
    const { engine, idByPath, dir } = await buildStore(paragraphs, { chunking, modelsDir });
    if (modelsDir) {
      for (const [label, how] of SEMANTIC) {
        rows.push(await evaluate(engine, idByPath, questions, label, how));
        console.log(rows.at(-1));
      }
    } else {
      const label = chunking ? `lexical, chunks ${chunking.size}/${chunking.overlap}` : 'lexical (default)';
      rows.push(await evaluate(engine, idByPath, questions, label));
      console.log(rows.at(-1));
    }
    engine.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const md = [
    '| configuration | questions | R@1 | R@5 | R@10 | MRR | nDCG@10 | p50 ms | p95 ms |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.config} | ${r.questions} | ${r.r1} | ${r.r5} | ${r.r10} | ${r.mrr} | ${r.ndcg10} | ${r.p50ms.toFixed(2)} | ${r.p95ms.toFixed(2)} |`),
  ].join('\n');
  // the semantic runs go to their own file, named by the models used, beside the lexical figures
  writeResults(modelsDir ? 'retrieval-semantic' : 'retrieval', { machine: machineInfo(), modelsDir: modelsDir ?? null, rows }, md);
  console.log(md);
}

await main();
