/**
 * `npm run bench:watch`: how long a file written into a watched folder takes to be found by search, with
 * the default debounce (settings' watch.debounceMs). A real Engine on a fresh store watches a temporary
 * folder; each run writes one new text file with a word of its own, then searches for the word every
 * 10 ms until a hit names the file. The clock starts when the write returns. Runs are one at a time (the
 * watcher idle in between), so each measures the path a single saved file takes: the file-system event,
 * the debounce (its size and mtime unchanged that long), the ingest, and the search.
 * Writes bench-results/watch.{json,md}.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WATCH_DEFAULTS } from '#shared/api';
import { Engine } from '../../src-main/engine/engine.js';
import { machineInfo, percentile, writeResults } from '../lib/results.js';

const RUNS = 25;
const POLL_MS = 10;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'docsearch-bench-watch-'));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

try {
  const folder = path.join(work, 'watched');
  fs.mkdirSync(folder);
  const engine = new Engine({ dbPath: path.join(work, 'store', 'docsearch.db') });
  engine.updateSettings({ watch: { folders: [folder] } });
  const debounceMs = engine.getSettings().watch.debounceMs;
  if (debounceMs !== WATCH_DEFAULTS.debounceMs) throw new Error('the benchmark measures the default debounce');
  const ingestMs: number[] = [];
  const watcher = await engine.startWatching({ emit: (e) => e.type === 'ingest' && e.event.type === 'file-end' && e.event.result.ms && ingestMs.push(e.event.result.ms.total) });

  /** Writes a file and resolves with ms until a search finds it. */
  const writeAndFind = async (i: number): Promise<number> => {
    const word = `benchword${i}x${Date.now()}`;
    const file = path.join(folder, `note-${i}.txt`);
    const text = `監視フォルダの計測 ${i}\n\n議事録: 新しい書類 ${word} を受け付けた。\n`.repeat(5);
    fs.writeFileSync(file, text);
    const t0 = performance.now();
    for (;;) {
      const hits = (await engine.search({ query: word, k: 5 })).hits;
      if (hits.some((h) => h.path === file)) return performance.now() - t0;
      if (performance.now() - t0 > 60_000) throw new Error(`${file} was not found within 60 s`);
      await sleep(POLL_MS);
    }
  };

  await writeAndFind(-1); // warm-up: the first ingest loads the tokenizer and prepares statements
  await watcher.idle();
  ingestMs.length = 0;
  const runs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    runs.push(await writeAndFind(i));
    await watcher.idle();
    await sleep(200);
  }
  await engine.stopWatching();
  engine.close();

  const round = (ms: number) => Math.round(ms);
  const result = {
    machine: machineInfo(),
    debounceMs,
    runs: RUNS,
    writtenToSearchableMs: { p50: round(percentile(runs, 50)), p95: round(percentile(runs, 95)), min: round(Math.min(...runs)), max: round(Math.max(...runs)) },
    ingestMs: { p50: round(percentile(ingestMs, 50)), p95: round(percentile(ingestMs, 95)) },
    samplesMs: runs.map(round),
  };
  const r = result.writtenToSearchableMs;
  const md = [
    `# Watch folders: written → searchable`,
    '',
    `A text file (5 short paragraphs) written into a watched folder, timed from the write's return until a search finds it, with the default debounce of ${debounceMs} ms (the file's size and mtime must stay the same that long before it is read). ${RUNS} runs, one at a time, real Engine and file-system events (chokidar 4 over inotify), no embedder installed (lexical search; an embedder adds its time per chunk). ${result.machine.cores} cores, Node ${result.machine.node}, ${result.machine.date.slice(0, 10)}.`,
    '',
    '| | p50 | p95 | min | max |',
    '|---|---:|---:|---:|---:|',
    `| written → searchable | ${r.p50} ms | ${r.p95} ms | ${r.min} ms | ${r.max} ms |`,
    `| of which the ingest (read, chunk, store) | ${result.ingestMs.p50} ms | ${result.ingestMs.p95} ms | | |`,
    '',
    `The rest is the debounce (${debounceMs} ms, the deadline checked by one stat), the event's arrival and the search. A lower \`watch.debounceMs\` shortens it, at the risk of reading a file whose writer paused for longer (it is then read again when it changes: a new version).`,
  ].join('\n');
  writeResults('watch', result, md);
  process.stdout.write(`${md}\n`);
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
