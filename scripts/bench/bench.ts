/**
 * `npm run bench`: ingestion throughput and query latency through the real engine (Engine.ingest and
 * Engine.search), on this machine. Writes bench-results/bench.json and bench-results/bench.md and prints
 * the Markdown table.
 *
 * 1. pdf   — ../shared/eval/pdf/maint-guide.ja.pdf (born-digital, 69 pages) ingested into a fresh store
 *            --pdf-runs times; pages/s, split into store writes (tokens + SQLite writes, as the engine
 *            reports them: IngestFileResult.ms.store) and everything else (read, sha256, pdf.js text
 *            extraction, layout, chunking). A second, store-less pass times openPdf alone.
 * 2. scale — a synthetic store of --chunks chunks: JSQuAD sentences (../shared/eval/jsquad) reshuffled
 *            with a seeded PRNG into pages of at most 400 characters (one chunk each), --pages-per-doc
 *            pages per text document separated by form feeds, ingested as one folder. Reports chunks/s,
 *            the database size after a WAL checkpoint, and search latency for --queries JSQuAD questions
 *            and a fixed set of 1–2 character queries, with per-query diagnostics (terms, postings read).
 *
 * Flags: --only pdf|scale, --chunks N (100000), --pages-per-doc N (50), --pdf-runs N (5),
 *        --queries N (300), --seed N (1), --keep (keep the temp folder), --no-write (print only).
 * JSQuAD is CC BY-SA 4.0 (JGLUE); the generated documents are temporary and never written to the repo.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import type { IngestEvent, IngestSummary } from '#shared/api';
import { openPdf } from '../../src-main/engine/documents/pdf.js';
import { CANDIDATES, candidateTerms, ftsMatch, lexicalQuery } from '../../src-main/engine/search/lexical.js';
import { documentFrequencies } from '../../src-main/engine/store/term-stats.js';
import { termKey } from '../../src-main/engine/search/weighted-bm25.js';
import { Engine } from '../../src-main/engine/engine.js';
import { DEFAULT_CHUNKING } from '../../src-main/engine/text/chunk.js';
import { machineInfo, percentile, writeResults } from '../lib/results.js';
import { evalDir, repoRoot } from '../lib/paths.js';

// ---------------------------------------------------------------------------------------------- setup

const { values: flags } = parseArgs({
  options: {
    only: { type: 'string' },
    chunks: { type: 'string', default: '100000' },
    'pages-per-doc': { type: 'string', default: '50' },
    'pdf-runs': { type: 'string', default: '5' },
    queries: { type: 'string', default: '300' },
    seed: { type: 'string', default: '1' },
    keep: { type: 'boolean', default: false },
    'no-write': { type: 'boolean', default: false },
  },
  strict: true,
});

function intFlag(name: keyof typeof flags, min: number): number {
  const v = Number(flags[name]);
  if (!Number.isInteger(v) || v < min) throw new Error(`--${name} must be an integer ≥ ${min}, got ${String(flags[name])}`);
  return v;
}

const only = flags.only;
if (only !== undefined && only !== 'pdf' && only !== 'scale') throw new Error(`--only must be pdf or scale, got ${only}`);
const config = {
  only: only ?? 'all',
  chunks: intFlag('chunks', 1),
  pagesPerDoc: intFlag('pages-per-doc', 1),
  pdfRuns: intFlag('pdf-runs', 1),
  queries: intFlag('queries', 1),
  seed: intFlag('seed', 0),
  chunking: DEFAULT_CHUNKING,
};

const GOALS = { pdfPagesPerSec: 50, chunksPerSec: 2000, queryP50Ms: 30 } as const;
const PDF_FILE = path.join(evalDir, 'pdf', 'maint-guide.ja.pdf');
const PDF_PAGES = 69;
const SHORT_QUERIES = ['東京', '検索', '円', '日本', '年', '大学', '世界', '人', '歴史', '研究', '戦争', '日', '水', '山', '会社', '政府', '鉄道', '音楽', '米', '王'];
const SHORT_REPEATS = 3;
const WARMUP_QUERIES = 20;

const log = (s: string): void => void process.stderr.write(s + '\n');
const round = (v: number, digits = 1): number => Math.round(v * 10 ** digits) / 10 ** digits;
const median = (v: readonly number[]): number => {
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const readJsonl = <T>(file: string): T[] => fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as T);

/** mulberry32: small, fast, deterministic. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffled<T>(items: readonly T[], rand: () => number): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

/** Store writes (tokens, page/chunk/FTS inserts, commits) of the ingested files, as the engine reports them. */
const storeMs = (summary: IngestSummary): number => summary.files.reduce((ms, f) => ms + (f.ms?.store ?? 0), 0);

/** CPU time of this process (user + system), ms: unlike wall time, barely affected by other processes. */
const cpuMs = (since?: NodeJS.CpuUsage): number => {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1000;
};
const load = () => os.loadavg().map((v) => round(v, 2));

/** The code measured: commit and whether the working tree had changes. */
function gitState(): { commit: string; dirty: boolean } | undefined {
  try {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: repoRoot, encoding: 'utf8' }).trim();
    return { commit: git('rev-parse', '--short', 'HEAD'), dirty: git('status', '--porcelain', '--untracked-files=no') !== '' };
  } catch {
    return undefined;
  }
}

function tempDir(label: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `docsearch-bench-${label}-`));
}

function removeDir(dir: string): void {
  if (flags.keep) log(`  kept ${dir}`);
  else fs.rmSync(dir, { recursive: true, force: true });
}

interface LatencyStats {
  n: number;
  p50: number;
  p95: number;
  max: number;
  mean: number;
}

function latency(ms: readonly number[]): LatencyStats {
  return { n: ms.length, p50: percentile(ms, 50), p95: percentile(ms, 95), max: round(Math.max(...ms), 2), mean: round(ms.reduce((a, b) => a + b, 0) / ms.length, 2) };
}

// ------------------------------------------------------------------------------------------------ pdf

interface PdfRun {
  totalMs: number;
  pagesPerSec: number;
  /** CPU time of this process during the ingest (pdf.js runs on the main thread here) */
  cpuMs: number;
  pagesPerCpuSec: number;
  chunks: number;
  /** read + sha256 + openPdf (which reads the header/footer sample pages) */
  openMs: number;
  /** store writes (IngestFileResult.ms.store) */
  storeMs: number;
  /** everything else: pdf.js extraction, layout, chunking, job bookkeeping */
  extractMs: number;
}

async function benchPdf() {
  log(`pdf: ${PDF_FILE}, ${config.pdfRuns} runs`);
  const runs: PdfRun[] = [];
  for (let i = 0; i < config.pdfRuns; i++) {
    const dir = tempDir('pdf');
    const engine = new Engine({ dbPath: path.join(dir, 'bench.db') });
    const cpu0 = process.cpuUsage();
    let fileStart = 0;
    let pagesKnown = 0;
    const onEvent = (e: IngestEvent) => {
      if (e.type === 'file-start') fileStart = performance.now();
      if (e.type === 'file-pages') pagesKnown = performance.now();
    };
    const summary = await engine.ingest({ paths: [PDF_FILE] }, { emit: onEvent });
    const cpu = cpuMs(cpu0);
    const f = summary.files[0];
    if (f?.outcome !== 'indexed' || f.pages !== PDF_PAGES) throw new Error(`pdf ingest failed: ${JSON.stringify(summary.files)}`);
    const openMs = pagesKnown - fileStart;
    const store = storeMs(summary);
    runs.push({
      totalMs: round(summary.ms),
      pagesPerSec: round(PDF_PAGES / (summary.ms / 1000)),
      cpuMs: round(cpu),
      pagesPerCpuSec: round(PDF_PAGES / (cpu / 1000)),
      chunks: f.chunks ?? 0,
      openMs: round(openMs),
      storeMs: round(store),
      extractMs: round(summary.ms - openMs - store),
    });
    log(`  run ${i + 1}: ${runs.at(-1)!.totalMs} ms, ${runs.at(-1)!.pagesPerSec} pages/s (store ${runs.at(-1)!.storeMs} ms)`);
    engine.close();
    removeDir(dir);
  }

  // Store-less pass: openPdf + every page's text and layout, nothing else.
  const extractOnly: number[] = [];
  const data = fs.readFileSync(PDF_FILE);
  for (let i = 0; i < config.pdfRuns; i++) {
    const t0 = performance.now();
    const src = await openPdf(new Uint8Array(data), path.basename(PDF_FILE));
    for await (const page of src.pages(1)) void page;
    await src.close();
    extractOnly.push(performance.now() - t0);
  }

  const byTotal = [...runs].sort((a, b) => a.totalMs - b.totalMs);
  const med = byTotal[(byTotal.length - 1) >> 1]!;
  return {
    file: path.relative(repoRoot, PDF_FILE),
    pages: PDF_PAGES,
    runs,
    pagesPerSec: { median: round(median(runs.map((r) => r.pagesPerSec))), best: Math.max(...runs.map((r) => r.pagesPerSec)) },
    pagesPerCpuSec: { median: round(median(runs.map((r) => r.pagesPerCpuSec))), best: Math.max(...runs.map((r) => r.pagesPerCpuSec)) },
    /** the run with the median total time */
    medianSplit: { totalMs: med.totalMs, openMs: med.openMs, extractMs: med.extractMs, storeMs: med.storeMs },
    extractOnly: { medianMs: round(median(extractOnly)), pagesPerSec: round(PDF_PAGES / (median(extractOnly) / 1000)) },
    goalPagesPerSec: GOALS.pdfPagesPerSec,
  };
}

// ---------------------------------------------------------------------------------------------- scale

interface Paragraph { id: string; title: string; text: string }
interface Question { id: string; question: string }

/** Sentences of the JSQuAD paragraphs, NFKC-normalised (as the ingester will) so lengths are final. */
function jsquadSentences(paragraphs: readonly Paragraph[]): string[] {
  const out: string[] = [];
  for (const p of paragraphs) {
    const text = p.text.normalize('NFKC').replace(/\s+/g, ' ');
    for (const m of text.matchAll(/[^。！？!?]+(?:[。！？!?]+[」』）)]*|$)/gu)) {
      const s = m[0].trim();
      if (s.length >= 8 && s.length <= 300) out.push(s);
    }
  }
  return out;
}

/** One page: random sentences, at most `budget` characters, so the chunker makes exactly one chunk. */
function makePage(sentences: readonly string[], rand: () => number, budget: number): string {
  let page = '';
  for (let misses = 0; misses < 4; ) {
    const s = sentences[Math.floor(rand() * sentences.length)]!;
    if (page.length + s.length <= budget) page += s;
    else misses++;
  }
  return page;
}

function generateCorpus(dir: string, paragraphs: readonly Paragraph[], rand: () => number) {
  const sentences = jsquadSentences(paragraphs);
  const titles = [...new Set(paragraphs.map((p) => p.title.normalize('NFKC').trim()))];
  const docs = Math.ceil(config.chunks / config.pagesPerDoc);
  let pages = 0;
  let chars = 0;
  let bytes = 0;
  for (let d = 0; d < docs; d++) {
    const pageCount = Math.min(config.pagesPerDoc, config.chunks - d * config.pagesPerDoc);
    const title = titles[Math.floor(rand() * titles.length)]!;
    const body: string[] = [];
    for (let p = 0; p < pageCount; p++) {
      // Page 1 starts with the title line and a blank line; both count towards the chunk size.
      const budget = config.chunking.size - (p === 0 ? title.length + 2 : 0);
      const text = makePage(sentences, rand, budget);
      chars += text.length;
      body.push(p === 0 ? `${title}\n\n${text}` : text);
    }
    pages += pageCount;
    const content = body.join('\n\f\n') + '\n';
    bytes += Buffer.byteLength(content);
    fs.writeFileSync(path.join(dir, `doc-${String(d).padStart(6, '0')}.txt`), content);
  }
  return { sentencePool: sentences.length, documents: docs, pages, avgPageChars: round(chars / pages), bytes };
}

const FTS_CANDIDATES = CANDIDATES;

/**
 * Diagnostics on a second, read-only connection, with the engine's own functions: how many terms a query
 * has, which the first stage keeps (candidateTerms) and the postings they merge, and the time of the df
 * lookups and of the FTS5 stage alone.
 */
function queryAnalyzer(ro: Database.Database) {
  const ftsStmt = ro.prepare(`SELECT rowid FROM chunks_fts WHERE chunks_fts MATCH ? ORDER BY bm25(chunks_fts, 0.5, 1, 1) LIMIT ${FTS_CANDIDATES}`).pluck();
  const analyse = (query: string) => {
    const q = lexicalQuery(query);
    const t0 = performance.now();
    const df = documentFrequencies(ro, q.terms);
    const dfMs = performance.now() - t0;
    const chosen = candidateTerms(q.terms, df);
    const match = ftsMatch(chosen);
    const t1 = performance.now();
    if (match) ftsStmt.all(match);
    const ftsMs = performance.now() - t1;
    return { terms: q.terms.length, candidateTerms: chosen.length, postings: chosen.reduce((n, t) => n + (df.get(termKey(t)) ?? 0), 0), dfMs, ftsMs };
  };
  return { analyse };
}
type QueryAnalyzer = ReturnType<typeof queryAnalyzer>;

interface QueryTiming {
  query: string;
  /** Engine.search wall time */
  ms: number;
  /** CPU time of the Engine.search call */
  cpuMs: number;
  /** the FTS5 MATCH … ORDER BY bm25 LIMIT 100 of the first stage alone */
  ftsMs: number;
  /** the query terms' df lookups alone */
  dfMs: number;
  hits: number;
  terms: number;
  /** terms the first stage keeps */
  candidateTerms: number;
  /** Σ df of the kept terms: the postings FTS5 merges */
  postings: number;
}

async function timeQueries(engine: Engine, queries: readonly string[], repeats: number, qa: QueryAnalyzer): Promise<QueryTiming[]> {
  const out: QueryTiming[] = [];
  for (let r = 0; r < repeats; r++) {
    for (const query of queries) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const res = await engine.search({ query, k: 10 });
      const ms = performance.now() - t0;
      const cpu = cpuMs(c0);
      const a = qa.analyse(query);
      out.push({
        query,
        ms: round(ms, 2),
        cpuMs: round(cpu, 2),
        ftsMs: round(a.ftsMs, 2),
        dfMs: round(a.dfMs, 2),
        hits: res.hits.length,
        terms: a.terms,
        candidateTerms: a.candidateTerms,
        postings: a.postings,
      });
    }
  }
  return out;
}

/** Median latency by buckets of postings read: shows what drives the cost. */
function byPostings(rows: readonly QueryTiming[]) {
  const edges = [0, 10_000, 50_000, 100_000, 200_000, 400_000, Infinity];
  const out: { postings: string; queries: number; p50Ms: number; maxMs: number; medianTerms: number }[] = [];
  for (let i = 0; i + 1 < edges.length; i++) {
    const inBucket = rows.filter((r) => r.postings >= edges[i]! && r.postings < edges[i + 1]!);
    if (!inBucket.length) continue;
    const label = edges[i + 1] === Infinity ? `≥ ${edges[i]!.toLocaleString('en')}` : `${edges[i]!.toLocaleString('en')}–${edges[i + 1]!.toLocaleString('en')}`;
    out.push({ postings: label, queries: inBucket.length, p50Ms: percentile(inBucket.map((r) => r.ms), 50), maxMs: Math.max(...inBucket.map((r) => r.ms)), medianTerms: median(inBucket.map((r) => r.terms)) });
  }
  return out;
}

async function benchScale() {
  const rand = prng(config.seed);
  const paragraphs = readJsonl<Paragraph>(path.join(evalDir, 'jsquad', 'valid-paragraphs.jsonl'));
  const questions = readJsonl<Question>(path.join(evalDir, 'jsquad', 'valid-questions.jsonl'));
  const dir = tempDir('scale');
  const docsDir = path.join(dir, 'docs');
  fs.mkdirSync(docsDir);
  const dbPath = path.join(dir, 'bench.db');

  log(`scale: generating ${config.chunks} chunks in ${docsDir}`);
  const tGen = performance.now();
  const corpus = generateCorpus(docsDir, paragraphs, rand);
  const generateMs = performance.now() - tGen;
  log(`  ${corpus.documents} documents, ${corpus.pages} pages, ${(corpus.bytes / 2 ** 20).toFixed(1)} MiB in ${(generateMs / 1000).toFixed(1)} s`);

  const engine = new Engine({ dbPath });
  const cpu0 = process.cpuUsage();
  let done = 0;
  let nextReport = 0.1;
  const onEvent = (e: IngestEvent) => {
    if (e.type !== 'file-end') return;
    if (++done / corpus.documents >= nextReport) {
      log(`  ingested ${done}/${corpus.documents} documents`);
      nextReport += 0.1;
    }
  };
  const summary = await engine.ingest({ paths: [docsDir] }, { emit: onEvent });
  const ingestCpuMs = cpuMs(cpu0);
  if (summary.counts.indexed !== corpus.documents) throw new Error(`expected ${corpus.documents} indexed, got ${JSON.stringify(summary.counts)}`);
  const status = engine.status();
  const ingestSec = summary.ms / 1000;
  const store = storeMs(summary);
  log(`  ${status.chunks} chunks in ${ingestSec.toFixed(1)} s = ${(status.chunks / ingestSec).toFixed(0)} chunks/s (store ${(store / 1000).toFixed(1)} s)`);

  // Size after folding the WAL into the main file, and which tables take it.
  const rw = new Database(dbPath);
  const checkpoint = rw.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
  if (checkpoint[0]?.busy) log('  warning: WAL checkpoint was busy; the size includes the WAL');
  let tables: Record<string, number> | undefined;
  try {
    const rows = rw.prepare(`SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name ORDER BY bytes DESC`).all() as { name: string; bytes: number }[];
    const group = (n: string) => (n.startsWith('chunks_fts') ? 'chunks_fts (FTS5 index)' : n.startsWith('sqlite_autoindex_documents') ? 'documents' : n);
    tables = {};
    for (const r of rows) tables[group(r.name)] = round((tables[group(r.name)] ?? 0) + r.bytes / 2 ** 20, 1);
  } catch (e) {
    log(`  dbstat not available: ${(e as Error).message}`);
  }
  rw.close();
  const dbBytes = engine.status().dbBytes;

  // Queries: warm up, then the JSQuAD questions once each and the short queries SHORT_REPEATS times.
  const ro = new Database(dbPath, { readonly: true });
  const qa = queryAnalyzer(ro);
  const picked = shuffled(questions, prng(config.seed + 1)).map((q) => q.question);
  const warm = picked.slice(0, WARMUP_QUERIES);
  const measured = picked.slice(WARMUP_QUERIES, WARMUP_QUERIES + config.queries);
  log(`  querying: ${measured.length} questions, ${SHORT_QUERIES.length} short queries × ${SHORT_REPEATS}`);
  await timeQueries(engine, warm, 1, qa);
  const q = await timeQueries(engine, measured, 1, qa);
  const s = await timeQueries(engine, SHORT_QUERIES, SHORT_REPEATS, qa);
  ro.close();
  engine.close();
  removeDir(dir);

  const shortByQuery = SHORT_QUERIES.map((query) => {
    const rows = s.filter((r) => r.query === query);
    const med = (f: (r: QueryTiming) => number) => round(median(rows.map(f)), 2);
    return { query, medianMs: med((r) => r.ms), ftsMedianMs: med((r) => r.ftsMs), dfMedianMs: med((r) => r.dfMs), terms: rows[0]!.terms, postings: rows[0]!.postings };
  });
  return {
    corpus: { ...corpus, seed: config.seed, generateMs: round(generateMs) },
    store: { documents: status.documents, pages: status.pages, chunks: status.chunks },
    ingest: {
      ms: round(summary.ms),
      chunksPerSec: round(status.chunks / ingestSec),
      cpuMs: round(ingestCpuMs),
      chunksPerCpuSec: round(status.chunks / (ingestCpuMs / 1000)),
      pagesPerSec: round(status.pages / ingestSec),
      storeMs: round(store),
      storeShare: round(store / summary.ms, 3),
      goalChunksPerSec: GOALS.chunksPerSec,
    },
    dbSize: { mb: round(dbBytes / 2 ** 20), bytesPerChunk: Math.round(dbBytes / status.chunks), tablesMb: tables },
    queries: {
      goalP50Ms: GOALS.queryP50Ms,
      questions: { ...latency(q.map((r) => r.ms)), cpu: latency(q.map((r) => r.cpuMs)), fts: latency(q.map((r) => r.ftsMs)), df: latency(q.map((r) => r.dfMs)), medianTerms: median(q.map((r) => r.terms)), medianCandidateTerms: median(q.map((r) => r.candidateTerms)), medianPostings: median(q.map((r) => r.postings)), zeroHit: q.filter((r) => r.hits === 0).length },
      short: { ...latency(s.map((r) => r.ms)), cpu: latency(s.map((r) => r.cpuMs)), fts: latency(s.map((r) => r.ftsMs)), df: latency(s.map((r) => r.dfMs)), repeats: SHORT_REPEATS, byQuery: shortByQuery },
      questionsByPostings: byPostings(q),
      slowestQuestions: [...q].sort((a, b) => b.ms - a.ms).slice(0, 10),
      /** Engine.search minus the FTS5 stage and the df lookups: fetching candidates, re-scoring, snippets */
      otherMs: { questions: latency(q.map((r) => Math.max(0, r.ms - r.ftsMs - r.dfMs))), short: latency(s.map((r) => Math.max(0, r.ms - r.ftsMs - r.dfMs))) },
    },
  };
}

// ----------------------------------------------------------------------------------------------- main

type PdfResult = Awaited<ReturnType<typeof benchPdf>>;
type ScaleResult = Awaited<ReturnType<typeof benchScale>>;

const verdict = (ok: boolean): string => (ok ? 'met' : '**missed**');

function markdown(pdf: PdfResult | undefined, scale: ScaleResult | undefined, totalSec: number, loadavg: { start: number[]; end: number[] }): string {
  const m = machineInfo();
  const lines = [
    `Benchmark (\`npm run bench\`) — ${m.cpu}, ${m.cores} cores, ${m.memGiB} GiB, Node ${m.node}, ${m.date.slice(0, 10)}; total ${totalSec.toFixed(0)} s; ` +
      `load average (1 min) ${loadavg.start[0]} at start, ${loadavg.end[0]} at end. Wall-clock figures are what a user sees; CPU figures (this process) are less affected by other load.`,
    '',
    '| measurement | result | goal | |',
    '|---|---|---|---|',
  ];
  const row = (what: string, result: string, goal = '', ok?: boolean) => lines.push(`| ${what} | ${result} | ${goal} | ${ok === undefined ? '' : verdict(ok)} |`);
  if (pdf) {
    row(`PDF ingest, ${pdf.pages} pages × ${pdf.runs.length} runs: pages/s median`, `${pdf.pagesPerSec.median}`, `≥ ${GOALS.pdfPagesPerSec}`, pdf.pagesPerSec.median >= GOALS.pdfPagesPerSec);
    row('PDF ingest: pages/s best', `${pdf.pagesPerSec.best}`, `≥ ${GOALS.pdfPagesPerSec}`, pdf.pagesPerSec.best >= GOALS.pdfPagesPerSec);
    row('PDF ingest: pages per CPU-second, median / best', `${pdf.pagesPerCpuSec.median} / ${pdf.pagesPerCpuSec.best}`);
    const sp = pdf.medianSplit;
    row('PDF median run: open / extract+layout+chunk / store (ms)', `${sp.openMs} / ${sp.extractMs} / ${sp.storeMs} of ${sp.totalMs}`);
    row('PDF text extraction alone (openPdf, no store): pages/s', `${pdf.extractOnly.pagesPerSec}`);
  }
  if (scale) {
    const { ingest, dbSize, queries: q } = scale;
    row('Scale store: documents / pages / chunks', `${scale.store.documents.toLocaleString('en')} / ${scale.store.pages.toLocaleString('en')} / ${scale.store.chunks.toLocaleString('en')}`);
    row('Scale ingest: chunks/s', `${ingest.chunksPerSec} (${(ingest.ms / 1000).toFixed(1)} s)`, `≥ ${GOALS.chunksPerSec}`, ingest.chunksPerSec >= GOALS.chunksPerSec);
    row('Scale ingest: chunks per CPU-second', `${ingest.chunksPerCpuSec}`);
    row('Scale ingest: share of wall time in store writes (addPages)', `${(ingest.storeShare * 100).toFixed(0)} %`);
    const t = dbSize.tablesMb;
    const parts = t ? ` (FTS ${t['chunks_fts (FTS5 index)'] ?? '?'}, chunks ${t['chunks'] ?? '?'}, pages ${t['pages'] ?? '?'})` : '';
    row('Database size after checkpoint, MB', `${dbSize.mb}${parts}; ${dbSize.bytesPerChunk} B/chunk`);
    const lat = (x: LatencyStats) => `${x.p50} / ${x.p95} / ${x.max}`;
    row(`Search, ${q.questions.n} JSQuAD questions: p50 / p95 / max ms`, lat(q.questions), `p50 ≤ ${GOALS.queryP50Ms}`, q.questions.p50 <= GOALS.queryP50Ms);
    row('  CPU time of the same: p50 / p95 / max ms', lat(q.questions.cpu));
    row(`  FTS5 MATCH … ORDER BY bm25 LIMIT ${FTS_CANDIDATES} alone: p50 / p95 / max ms`, lat(q.questions.fts));
    row('  df lookups of the query terms (term_df) alone: p50 / p95 / max ms', lat(q.questions.df));
    row('  the rest (search − FTS5 − df: candidate rows, re-scoring, snippets): p50 / p95 / max ms', lat(q.otherMs.questions));
    row(`Search, ${SHORT_QUERIES.length} short queries × ${SHORT_REPEATS}: p50 / p95 / max ms`, lat(q.short), `p50 ≤ ${GOALS.queryP50Ms}`, q.short.p50 <= GOALS.queryP50Ms);
    row('  CPU time of the same: p50 / p95 / max ms', lat(q.short.cpu));
    row(`  FTS5 MATCH … ORDER BY bm25 LIMIT ${FTS_CANDIDATES} alone: p50 / p95 / max ms`, lat(q.short.fts));
    row('  df lookups of the query terms (term_df) alone: p50 / p95 / max ms', lat(q.short.df));
    row('  the rest (search − FTS5 − df): p50 / p95 / max ms', lat(q.otherMs.short));
    lines.push('', 'Question latency by postings merged in the first stage (Σ document frequency of the terms it keeps):', '', '| postings | queries | median terms | p50 ms | max ms |', '|---|---|---|---|---|');
    for (const b of q.questionsByPostings) lines.push(`| ${b.postings} | ${b.queries} | ${b.medianTerms} | ${b.p50Ms} | ${round(b.maxMs, 2)} |`);
    lines.push('', `Short queries (median of ${SHORT_REPEATS} runs):`, '', '| query | terms | postings | search ms | FTS5 ms | df ms |', '|---|---|---|---|---|---|');
    for (const b of q.short.byQuery) lines.push(`| ${b.query} | ${b.terms} | ${b.postings.toLocaleString('en')} | ${b.medianMs} | ${b.ftsMedianMs} | ${b.dfMedianMs} |`);
  }
  return lines.join('\n');
}

async function main() {
  const t0 = performance.now();
  const loadStart = load();
  const pdf = only === 'scale' ? undefined : await benchPdf();
  const scale = only === 'pdf' ? undefined : await benchScale();
  const totalSec = (performance.now() - t0) / 1000;
  const loadavg = { start: loadStart, end: load() };
  const md = markdown(pdf, scale, totalSec, loadavg);
  if (!flags['no-write']) writeResults('bench', { machine: { ...machineInfo(), loadavg }, git: gitState(), config, totalSec: round(totalSec), pdf, scale }, md);
  process.stdout.write(md + '\n');
}

await main();
