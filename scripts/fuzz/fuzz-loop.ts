/**
 * The seeded mutation loop behind `npm run fuzz` and tests/fuzz-smoke.test.ts. Each input is a mutated seed
 * (mutate.ts, seeds.ts) ingested by a real Engine in a child process (driver.ts) reused for many inputs.
 * A finding is: the child dying (a native crash, a fatal error), no answer within the time bound (a hang),
 * the child's memory over the limit, an "internal error" reason or a programming error on a page, an
 * ingest that throws instead of giving a per-file result, or a store left inconsistent. The child is
 * restarted on a fresh store after a finding (and every RESTART_EVERY inputs, so the store checks stay
 * cheap). Each distinct finding keeps its first input and the reason under `findingsDir`.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../lib/paths.js';
import { watchRss } from '../lib/proc.js';
import type { DriverReply } from './driver.js';
import { mutate, Rng, type Seed } from './mutate.js';
import { loadSeeds } from './seeds.js';

export const driverJs = path.join(repoRoot, 'out', 'scripts', 'fuzz', 'driver.js');
const RESTART_EVERY = 200;
const MiB = 2 ** 20;

export interface FuzzOptions {
  seconds: number;
  seed: number;
  /** OCR models available to the engine (pages without text are rendered and read); off: they stay "needs OCR" */
  ocr: boolean;
  /** per input */
  timeoutMs: number;
  /** the engine's OCR budget per page (limits.ocrPageTimeoutMs), well below timeoutMs */
  ocrPageMs: number;
  /** the child's resident memory, bytes */
  rssLimit: number;
  findingsDir: string;
  log?: (line: string) => void;
}

export type FindingKind = 'crash' | 'hang' | 'oom' | 'internal-error' | 'threw' | 'inconsistent-store';

export interface Finding {
  kind: FindingKind;
  /** the reason with numbers and paths blanked: what makes two findings the same */
  signature: string;
  reason: string;
  /** the seed and mutations of the first input that showed it */
  recipe: string;
  /** the first input, saved */
  input: string;
  count: number;
}

export interface FuzzSummary {
  seed: number;
  ocr: boolean;
  seconds: number;
  executions: number;
  execPerSec: number;
  seeds: number;
  childStarts: number;
  peakChildRssMiB: number;
  outcomes: Record<string, number>;
  /** the most common reasons inputs failed (normalised), with counts: what the engine says about bad input */
  failureReasons: { reason: string; count: number }[];
  /** the inputs that took longest without being a finding: where a time budget is nearly reached */
  slowest: { ms: number; outcome: string; recipe: string }[];
  findings: Finding[];
  findingsByKind: Partial<Record<FindingKind, number>>;
}

type Verdict = { kind: 'answer'; reply: Exclude<DriverReply, { type: 'ready' }> } | { kind: 'died'; detail: string } | { kind: 'hang' } | { kind: 'oom'; rss: number };

const normalise = (s: string) =>
  s
    .replace(/(?:\/[^\s:'"()]+)+/g, '<path>')
    .replace(/\d+(?:\.\d+)?/g, 'N')
    .slice(0, 200);

/** The driver process with its store; answers one input at a time. */
class Driver {
  private readonly proc: ChildProcess;
  private readonly dir: string;
  private stderr = '';
  private readonly exited: Promise<string>;
  private readonly rss;

  constructor(work: string, ocr: boolean, ocrPageMs: number, modelsOff: string) {
    this.dir = fs.mkdtempSync(path.join(work, 'store-'));
    const env = { ...process.env, ...(ocr ? {} : { DOCSEARCH_MODELS_DIR: modelsOff }) };
    // the JS heap limit below the memory limit: a runaway allocation in JS ends as a fatal error, a finding
    this.proc = fork(driverJs, [path.join(this.dir, 'fuzz.db'), String(ocrPageMs)], { env, execArgv: ['--max-old-space-size=2048'], stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    this.proc.stderr!.setEncoding('utf8');
    this.proc.stderr!.on('data', (s: string) => (this.stderr = (this.stderr + s).slice(-8000)));
    this.exited = new Promise((resolve) => this.proc.once('exit', (code, signal) => resolve(`exit ${signal ?? code}: ${this.stderr.trim()}`)));
    this.rss = watchRss(this.proc.pid!, 100);
  }

  get peakRss(): number {
    return this.rss.peak;
  }

  private next(): Promise<DriverReply> {
    return new Promise((resolve) => this.proc.once('message', (m: DriverReply) => resolve(m)));
  }

  async ready(): Promise<void> {
    const first = await Promise.race([this.next(), this.exited]);
    if (typeof first === 'string') throw new Error(`the fuzz driver did not start: ${first}`);
  }

  async run(file: string, timeoutMs: number, rssLimit: number): Promise<Verdict> {
    let timer: NodeJS.Timeout | undefined;
    let memory: NodeJS.Timeout | undefined;
    const answer = this.next();
    this.proc.send({ path: file });
    const verdict = await Promise.race<Verdict>([
      answer.then((reply) => ({ kind: 'answer', reply }) as Verdict),
      this.exited.then((detail) => ({ kind: 'died', detail })),
      new Promise((resolve) => (timer = setTimeout(() => resolve({ kind: 'hang' }), timeoutMs))),
      new Promise((resolve) => (memory = setInterval(() => this.rss.peak > rssLimit && resolve({ kind: 'oom', rss: this.rss.peak }), 100))),
    ]);
    clearTimeout(timer);
    clearInterval(memory);
    // a JS heap exhausted is out of memory too, reported by V8 as a fatal error
    if (verdict.kind === 'died' && /heap out of memory|Reached heap limit/.test(verdict.detail)) return { kind: 'oom', rss: this.rss.peak };
    return verdict;
  }

  async stop(): Promise<void> {
    this.rss.stop();
    if (this.proc.exitCode === null && this.proc.signalCode === null) {
      this.proc.kill('SIGKILL');
      await this.exited;
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** What the verdict shows, or nothing when the input got a clean per-file result. */
function problemOf(v: Verdict, timeoutMs: number): { kind: FindingKind; reason: string } | undefined {
  if (v.kind === 'hang') return { kind: 'hang', reason: `no result within ${timeoutMs} ms` };
  if (v.kind === 'oom') return { kind: 'oom', reason: `resident memory reached ${Math.round(v.rss / MiB)} MiB` };
  if (v.kind === 'died') return { kind: 'crash', reason: v.detail };
  const r = v.reply;
  if (r.type === 'threw') return { kind: 'threw', reason: r.error };
  if (r.type !== 'result') return { kind: 'threw', reason: `unexpected reply ${JSON.stringify(r)}` };
  if (r.reason?.startsWith('internal error')) return { kind: 'internal-error', reason: r.reason };
  const page = r.problems.find((p) => /^page \d+: /.test(p));
  if (page) return { kind: 'internal-error', reason: page };
  if (r.problems.length) return { kind: 'inconsistent-store', reason: r.problems.join('; ') };
  return undefined;
}

/** The line of a crash report that names it: an unhandled rejection's reason, V8's fatal error, a signal, or the thrown error and its frame. */
function crashKey(reason: string): string {
  const rejected = /rejected with the reason "([^"]*)"/.exec(reason);
  if (rejected) return `unhandled rejection: ${rejected[1]}`;
  const lines = reason.split('\n');
  const head = lines.find((l) => /FATAL|Error|Segmentation|Abort|signal|SIG[A-Z]+/.test(l)) ?? lines[0]!;
  const frame = lines.find((l) => /^\s+at /.test(l))?.trim() ?? '';
  return `${head} ${frame}`;
}

export async function runFuzz(opts: FuzzOptions): Promise<FuzzSummary> {
  const log = opts.log ?? (() => {});
  if (!fs.existsSync(driverJs)) throw new Error(`${driverJs} is missing: run \`npm run build\` first`);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'docsearch-fuzz-'));
  const modelsOff = fs.mkdtempSync(path.join(work, 'no-models-'));
  fs.rmSync(opts.findingsDir, { recursive: true, force: true });
  const rng = new Rng(opts.seed);
  const found = new Map<string, Finding>();
  const outcomes: Record<string, number> = {};
  const reasons = new Map<string, number>();
  const slowest: FuzzSummary['slowest'] = [];
  let executions = 0;
  let childStarts = 0;
  let peakRss = 0;
  let driver: Driver | undefined;
  const stopDriver = async () => {
    if (!driver) return;
    peakRss = Math.max(peakRss, driver.peakRss);
    await driver.stop();
    driver = undefined;
  };
  try {
    const seeds = await loadSeeds(work);
    // every seed as it is first (a seed that fails is a finding of its own), then mutants
    const queue: { bytes: Buffer; ext: string; recipe: string }[] = seeds.map((s: Seed) => ({ bytes: s.bytes, ext: s.ext, recipe: `${s.name} (unchanged)` }));
    const t0 = performance.now();
    const deadline = t0 + opts.seconds * 1000;
    let lastLog = t0;
    while (performance.now() < deadline) {
      const input = queue.shift() ?? mutate(rng.pick(seeds), seeds, rng);
      const file = path.join(work, `in-${executions}${input.ext}`);
      fs.writeFileSync(file, input.bytes);
      if (!driver) {
        driver = new Driver(work, opts.ocr, opts.ocrPageMs, modelsOff);
        childStarts++;
        await driver.ready();
      }
      const started = performance.now();
      const verdict = await driver.run(file, opts.timeoutMs, opts.rssLimit);
      const ms = performance.now() - started;
      executions++;
      const problem = problemOf(verdict, opts.timeoutMs);
      if (verdict.kind === 'answer' && verdict.reply.type === 'result') {
        slowest.push({ ms: Math.round(ms), outcome: verdict.reply.outcome, recipe: input.recipe });
        slowest.sort((a, b) => b.ms - a.ms).splice(5);
        outcomes[verdict.reply.outcome] = (outcomes[verdict.reply.outcome] ?? 0) + 1;
        if (verdict.reply.outcome === 'failed' && verdict.reply.reason) {
          const key = normalise(verdict.reply.reason);
          reasons.set(key, (reasons.get(key) ?? 0) + 1);
        }
      } else outcomes[verdict.kind] = (outcomes[verdict.kind] ?? 0) + 1;
      if (problem) {
        const signature = `${problem.kind}: ${normalise(problem.kind === 'crash' || problem.kind === 'threw' ? crashKey(problem.reason) : problem.reason)}`;
        const known = found.get(signature);
        if (known) known.count++;
        else {
          const dir = path.join(opts.findingsDir, `${problem.kind}-${createHash('sha1').update(signature).digest('hex').slice(0, 10)}`);
          fs.mkdirSync(dir, { recursive: true });
          const saved = path.join(dir, `input${input.ext}`);
          fs.copyFileSync(file, saved);
          const finding: Finding = { kind: problem.kind, signature, reason: problem.reason, recipe: input.recipe, input: saved.startsWith(repoRoot) ? path.relative(repoRoot, saved) : saved, count: 1 };
          fs.writeFileSync(path.join(dir, 'finding.json'), JSON.stringify({ ...finding, seed: opts.seed, execution: executions }, null, 2) + '\n');
          found.set(signature, finding);
          log(`finding ${signature} (${input.recipe})`);
        }
        await stopDriver();
      } else if (executions % RESTART_EVERY === 0) await stopDriver();
      fs.rmSync(file, { force: true });
      if (performance.now() - lastLog > 10_000) {
        lastLog = performance.now();
        log(`${executions} inputs, ${((executions * 1000) / (lastLog - t0)).toFixed(1)}/s, ${found.size} distinct findings`);
      }
    }
    const seconds = (performance.now() - t0) / 1000;
    await stopDriver();
    const findings = [...found.values()];
    const findingsByKind: FuzzSummary['findingsByKind'] = {};
    for (const f of findings) findingsByKind[f.kind] = (findingsByKind[f.kind] ?? 0) + 1;
    const failureReasons = [...reasons].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([reason, count]) => ({ reason, count }));
    return { seed: opts.seed, ocr: opts.ocr, seconds, executions, execPerSec: executions / seconds, seeds: seeds.length, childStarts, peakChildRssMiB: Math.round(peakRss / MiB), outcomes, failureReasons, slowest, findings, findingsByKind };
  } finally {
    await stopDriver();
    fs.rmSync(work, { recursive: true, force: true });
  }
}
