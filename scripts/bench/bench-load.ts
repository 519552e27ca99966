/**
 * `npm run bench:load -- [--clients 8] [--requests 50] [--paragraphs 300] [--max-seconds 600]`: the real
 * `docsearch serve` (started as a child process on a fresh store that the CLI has filled with JSQuAD
 * paragraphs) under N browser-protocol clients over loopback: a WebSocket each (token in the URL, the
 * server's own Origin), each sending `search` and `ask` (ask answers extractively when no LLM runs) in
 * turn, one request at a time, while another client ingests PDFs (born-digital and scanned, so OCR
 * competes) and more paragraphs. Reports latency per method, errors (must be 0), the ingest's time and
 * the peak resident memory of serve and every process below it (the engine may run in a child of serve),
 * sampled every 200 ms from /proc. Writes bench-results/load.{json,md}.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import type { RpcResponse } from '#shared/rpc';
import { readJsonl, type Paragraph, type Question } from '../lib/jsquad.js';
import { evalDir, repoRoot } from '../lib/paths.js';
import { watchRss } from '../lib/proc.js';
import { machineInfo, percentile, writeResults } from '../lib/results.js';

const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '8' },
    requests: { type: 'string', default: '50' },
    paragraphs: { type: 'string', default: '300' },
    'max-seconds': { type: 'string', default: '600' },
  },
});
const CLIENTS = Number(values.clients);
const REQUESTS = Number(values.requests);
const PARAGRAPHS = Number(values.paragraphs);
const MAX_MS = Number(values['max-seconds']) * 1000;
const cli = path.join(repoRoot, 'out', 'src-main', 'cli.js');
const fixtures = path.join(repoRoot, 'tests', 'fixtures');
const MiB = 2 ** 20;

interface Call {
  method: string;
  ms: number;
  /** when it finished, ms after the load began */
  end: number;
  error?: string;
}

/** One browser-protocol connection: calls resolve with their result, or reject with the error body's message. */
async function connect(openUrl: string) {
  const url = new URL(openUrl);
  const ws = new WebSocket(`ws://${url.host}/rpc?token=${url.searchParams.get('token')}`, { headers: { origin: url.origin } });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
  let next = 1;
  const pending = new Map<number, (r: RpcResponse) => void>();
  ws.on('message', (d) => {
    const r = JSON.parse(String(d)) as RpcResponse;
    if (r.type !== 'event') pending.get(r.id)?.(r);
  });
  const lost = new Promise<never>((_, reject) => ws.once('close', () => reject(new Error('connection closed'))));
  lost.catch(() => {});
  return {
    async call(method: string, params: unknown): Promise<unknown> {
      const id = next++;
      const response = new Promise<RpcResponse>((resolve) => pending.set(id, resolve));
      ws.send(JSON.stringify({ type: 'call', id, method, params }));
      const r = await Promise.race([response, lost]);
      pending.delete(id);
      if (r.type === 'error') throw new Error(r.error.message);
      return r.type === 'result' ? r.result : undefined;
    },
    close: () => ws.close(),
  };
}

async function timed(calls: Call[], t0: number, method: string, f: () => Promise<unknown>): Promise<unknown> {
  const t = performance.now();
  const done = (error?: string) => calls.push({ method, ms: performance.now() - t, end: performance.now() - t0, ...(error ? { error } : {}) });
  try {
    const r = await f();
    done();
    return r;
  } catch (e) {
    done((e as Error).message);
    return undefined;
  }
}

/** Runs the CLI to completion; throws with its stderr when it fails. */
function runCli(db: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [cli, '--db', db, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    p.stderr.on('data', (d) => (stderr += String(d)));
    p.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`docsearch ${args.join(' ')} exited ${code}: ${stderr}`))));
  });
}

/** `docsearch serve` on any free port; resolves with the URL it prints (token included). */
function startServe(db: string) {
  const proc = spawn(process.execPath, [cli, '--db', db, 'serve', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (d) => (stderr += String(d)));
  const url = new Promise<string>((resolve, reject) => {
    let out = '';
    proc.stdout.on('data', (d) => {
      out += String(d);
      const m = /open (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    proc.once('exit', (code) => reject(new Error(`serve exited (${code}) before printing its URL: ${stderr}`)));
  });
  return { proc, url, stderr: () => stderr };
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'docsearch-load-'));
const db = path.join(work, 'store', 'docsearch.db');
let serve: ReturnType<typeof startServe> | undefined;
try {
  const paragraphs = readJsonl<Paragraph>(path.join(evalDir, 'jsquad', 'valid-paragraphs.jsonl'));
  const questions = readJsonl<Question>(path.join(evalDir, 'jsquad', 'valid-questions.jsonl'));
  const write = (dir: string, ps: Paragraph[]) => {
    fs.mkdirSync(dir, { recursive: true });
    for (const p of ps) fs.writeFileSync(path.join(dir, `${p.id}.txt`), `${p.title}\n${p.text}\n`);
    return dir;
  };
  const preloaded = paragraphs.slice(0, PARAGRAPHS);
  fs.mkdirSync(path.dirname(db), { recursive: true });
  await runCli(db, ['ingest', write(path.join(work, 'pre'), preloaded)]);
  // ingested during the load: PDFs with a text layer and scanned ones (OCR), and more paragraphs
  const later = path.join(work, 'later');
  write(later, paragraphs.slice(PARAGRAPHS, PARAGRAPHS + 100));
  for (const f of ['plain.pdf', 'scanned-h00.pdf', 'scanned-v00.pdf']) fs.copyFileSync(path.join(fixtures, f), path.join(later, f));
  fs.copyFileSync(path.join(evalDir, 'pdf', 'maint-guide.ja.pdf'), path.join(later, 'maint-guide.ja.pdf'));
  const ids = new Set(preloaded.map((p) => p.id));
  const asked = questions.filter((q) => ids.has(q.gold_paragraph_id));

  serve = startServe(db);
  const openUrl = await serve.url;
  const memory = watchRss(serve.proc.pid!, 200);
  const calls: Call[] = [];
  const deadline = performance.now() + MAX_MS;
  const t0 = performance.now();

  const ingester = await connect(openUrl);
  let ingestMs = NaN;
  let ingestCounts: unknown;
  const ingest = timed(calls, t0, 'ingest', () => ingester.call('ingest', { paths: [later] })).then((r) => {
    ingestMs = performance.now() - t0;
    ingestCounts = (r as { counts?: unknown } | undefined)?.counts;
  });
  const clients = await Promise.all(Array.from({ length: CLIENTS }, () => connect(openUrl)));
  await Promise.all(
    clients.map(async (c, ci) => {
      for (let i = 0; i < REQUESTS && performance.now() < deadline; i++) {
        const q = asked[(ci * REQUESTS + i) % asked.length]!;
        if (i % 2) await timed(calls, t0, 'ask', () => c.call('ask', { question: q.question, k: 5 }));
        else await timed(calls, t0, 'search', () => c.call('search', { query: q.question, k: 10 }));
      }
    }),
  );
  const loadMs = performance.now() - t0;
  await ingest;
  memory.stop();
  for (const c of [ingester, ...clients]) c.close();

  const methods = ['search', 'ask'] as const;
  const rows = methods.map((m) => {
    const ms = calls.filter((c) => c.method === m && !c.error).map((c) => c.ms);
    return { method: m, requests: calls.filter((c) => c.method === m).length, errors: calls.filter((c) => c.method === m && c.error).length, p50: percentile(ms, 50), p95: percentile(ms, 95), max: Math.round(Math.max(...ms)) };
  });
  const errors = calls.filter((c) => c.error);
  const duringIngest = calls.filter((c) => c.method !== 'ingest' && c.end <= ingestMs).length;
  const peakRssMiB = Math.round(memory.peak / MiB);
  const s = (ms: number) => (ms / 1000).toFixed(2);
  const md = [
    `\`docsearch serve\` on loopback, ${CLIENTS} WebSocket clients × ${REQUESTS} requests each (search and ask in turn, one at a time per client; ask extractive, no LLM), store preloaded with ${PARAGRAPHS} JSQuAD paragraphs; meanwhile one more client ingests ${fs.readdirSync(later).length} files (100 paragraphs, plain.pdf, maint-guide.ja.pdf with 69 pages, 2 scanned pages read by OCR). ${os.cpus().length} cores shared with other work, so latencies are pessimistic.`,
    '',
    '| method | requests | errors | p50 | p95 | max |',
    '|---|---:|---:|---:|---:|---:|',
    ...rows.map((r) => `| ${r.method} | ${r.requests} | ${r.errors} | ${r.p50} ms | ${r.p95} ms | ${r.max} ms |`),
    '',
    `Load phase ${s(loadMs)} s, ${duringIngest} of ${CLIENTS * REQUESTS} requests answered while the ingest ran; the ingest took ${s(ingestMs)} s (${JSON.stringify(ingestCounts)}); errors ${errors.length}${errors.length ? ` (${[...new Set(errors.map((e) => `${e.method}: ${e.error}`))].slice(0, 5).join('; ')})` : ''}; peak RSS of serve and its processes ${peakRssMiB} MiB.`,
  ].join('\n');
  writeResults('load', { machine: machineInfo(), clients: CLIENTS, requestsPerClient: REQUESTS, paragraphs: PARAGRAPHS, rows, loadMs, duringIngest, ingestMs, ingestCounts, errors: errors.slice(0, 20), peakRssMiB }, md);
  console.log(md);
  process.exitCode = errors.length ? 1 : 0;
} finally {
  if (serve && serve.proc.exitCode === null) {
    const exited = new Promise((resolve) => serve!.proc.once('exit', resolve));
    serve.proc.kill('SIGTERM');
    await exited;
  }
  fs.rmSync(work, { recursive: true, force: true });
}
