/**
 * Shared helpers for the integration tests: temporary folders, running the built CLI
 * (out/src-main/cli.js, built by `npm test` before vitest runs) and reading its store directly.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { evalDir, repoRoot } from '../scripts/lib/paths.js';
import { withStore } from '../scripts/lib/store-check.js';

export { openStore, storeProblems, withStore } from '../scripts/lib/store-check.js';

/** The checkout and the read-only evaluation data beside it (../shared/eval, or DOCSEARCH_EVAL_DIR). */
export { evalDir, repoRoot };
export const fixturesDir = path.join(repoRoot, 'tests', 'fixtures');
export const cliPath = path.join(repoRoot, 'out', 'src-main', 'cli.js');
export const maintGuidePdf = path.join(evalDir, 'pdf', 'maint-guide.ja.pdf');

if (!fs.existsSync(cliPath)) throw new Error(`${cliPath} is missing: run \`npm run build\` first (npm test does)`);

const made: string[] = [];

/** A fresh temporary folder; removeTempDirs() (in afterAll) deletes every one made. */
export function tempDir(prefix = 'docsearch-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

export function writeFile(file: string, data: string | Uint8Array): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, data);
  return file;
}

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Starts `node out/src-main/cli.js --db <db> …args` with piped (non-TTY) output. */
export function spawnCli(db: string, args: readonly string[]): ChildProcessWithoutNullStreams {
  const env = { ...process.env };
  delete env.DOCSEARCH_DEBUG;
  const child = spawn(process.execPath, [cliPath, '--db', db, ...args], { cwd: repoRoot, env, stdio: 'pipe' });
  child.stdin.end();
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  return child;
}

/**
 * Collects a spawned CLI's output until it exits. Call it right after spawnCli so no output is missed.
 * A CLI still running after timeoutMs is killed (so a hang fails the test instead of outliving it).
 */
export function finished(child: ChildProcessWithoutNullStreams, timeoutMs = 45_000): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (s: string) => (stdout += s));
  child.stderr.on('data', (s: string) => (stderr += s));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the CLI did not finish within ${timeoutMs} ms; stderr so far:\n${stderr}`));
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

export function runCli(db: string, args: readonly string[], timeoutMs?: number): Promise<CliRun> {
  return finished(spawnCli(db, args), timeoutMs);
}

/** Resolves with the stderr seen so far once `test` accepts it; rejects if the process ends first. */
export function waitForStderr(child: ChildProcessWithoutNullStreams, test: (stderr: string) => boolean, timeoutMs = 30_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const done = (f: () => void) => {
      clearTimeout(timer);
      child.stderr.off('data', onData);
      child.off('close', onClose);
      f();
    };
    const onData = (s: string) => {
      seen += s;
      if (test(seen)) done(() => resolve(seen));
    };
    const onClose = () => done(() => reject(new Error(`the CLI exited before the expected output; stderr:\n${seen}`)));
    const timer = setTimeout(() => done(() => reject(new Error(`timed out waiting for CLI output; stderr so far:\n${seen}`))), timeoutMs);
    child.stderr.on('data', onData);
    child.on('close', onClose);
  });
}

export interface JsonSummary {
  files: { path: string; outcome: string; docId?: number; pages?: number; chunks?: number; pagesUnreadable?: number; reason?: string }[];
  counts: Record<'indexed' | 'unchanged' | 'skipped' | 'failed' | 'cancelled', number>;
}

/** `ingest --json`: the summary printed on stdout. */
export async function ingestJson(db: string, paths: readonly string[]): Promise<CliRun & { summary: JsonSummary }> {
  const run = await runCli(db, ['ingest', '--json', ...paths]);
  let summary: JsonSummary;
  try {
    summary = JSON.parse(run.stdout) as JsonSummary;
  } catch {
    throw new Error(`ingest printed no JSON summary (exit ${run.code}); stdout:\n${run.stdout}\nstderr:\n${run.stderr}`);
  }
  return { ...run, summary };
}

export function outcomeOf(summary: JsonSummary, file: string): JsonSummary['files'][number] {
  const f = summary.files.find((x) => x.path === path.resolve(file));
  if (!f) throw new Error(`${file} is not in the summary: ${summary.files.map((x) => x.path).join(', ')}`);
  return f;
}

export interface DocRow {
  id: number;
  sha256: string;
  path: string;
  title: string;
  kind: string;
  status: string;
  page_count: number;
  error: string | null;
}

export function documents(db: string): DocRow[] {
  return withStore(db, (d) => d.prepare(`SELECT id, sha256, path, title, kind, status, page_count, error FROM documents ORDER BY id`).all() as DocRow[]);
}

/**
 * What a store holds, independent of row ids and timestamps: per document sha256, its kind, title,
 * page count and status, every page (number, status, text) and the ordered texts of its chunks.
 */
export function storeContent(db: string) {
  return withStore(db, (d) => {
    const docs = d.prepare(`SELECT id, sha256, kind, title, page_count, status FROM documents ORDER BY sha256`).all() as DocRow[];
    const pages = d.prepare(`SELECT page_no, status, text FROM pages WHERE doc_id = ? ORDER BY page_no`);
    const chunks = d.prepare(`SELECT page_no, start, "end", text FROM chunks WHERE doc_id = ? ORDER BY page_no, start, id`);
    return Object.fromEntries(
      docs.map((doc) => [
        doc.sha256,
        {
          kind: doc.kind,
          title: doc.title,
          pageCount: doc.page_count,
          status: doc.status,
          pages: pages.all(doc.id) as { page_no: number; status: string; text: string }[],
          chunks: chunks.all(doc.id) as { page_no: number; start: number; end: number; text: string }[],
        },
      ]),
    );
  });
}

/** Search through the CLI; returns the hits' document paths in rank order. */
export async function searchPaths(db: string, query: string, k = 50): Promise<string[]> {
  const run = await runCli(db, ['search', '--json', '--k', String(k), query]);
  if (run.code !== 0) throw new Error(`search failed (exit ${run.code}): ${run.stderr}`);
  return (JSON.parse(run.stdout) as { hits: { path: string }[] }).hits.map((h) => h.path);
}

/** Several searches in one CLI process (`search --batch`): for each query, the hits' document paths. */
export async function searchEach(db: string, queries: readonly string[], k = 50): Promise<Record<string, string[]>> {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'docsearch-queries-')), 'queries.txt');
  fs.writeFileSync(file, queries.join('\n') + '\n');
  try {
    const run = await runCli(db, ['search', '--k', String(k), '--batch', file]);
    if (run.code !== 0) throw new Error(`search --batch failed (exit ${run.code}): ${run.stderr}`);
    const lines = run.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { query: string; hits: { path: string }[] });
    if (lines.length !== queries.length) throw new Error(`search --batch answered ${lines.length} of ${queries.length} queries:\n${run.stdout}`);
    return Object.fromEntries(lines.map((l) => [l.query, l.hits.map((h) => h.path)]));
  } finally {
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
}

/** A stderr transcript must be plain one-line-per-file reports: no stack traces, no library warnings. */
export function unexpectedStderrLines(stderr: string): string[] {
  return stderr
    .split('\n')
    .filter((l) => l.trim() !== '')
    .filter((l) => !/^(ingesting|indexed|unchanged|skipped|FAILED|cancelled) /.test(l) && l !== 'cancelling after the current page…');
}
