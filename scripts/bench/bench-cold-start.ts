/**
 * `npm run bench:cold-start`: how long the packaged engine takes to start, from process start to models
 * verified (sha256) and OCR sessions and workers ready. The app is packed as test:package packs it
 * (scripts/lib/pack.ts), extracted, and started under Node by scripts/package/packaged-engine.ts as the desktop
 * app's engine process starts it; Electron itself cannot run here, so its own start (window, utility
 * process spawn) is not included. Three cases, 5 runs each:
 * - first launch, disk cache dropped: a fresh data folder (every model file hashed) after
 *   `echo 3 > /proc/sys/vm/drop_caches` (needs root; skipped otherwise, and said so);
 * - first launch: a fresh data folder, files in the disk cache;
 * - later launch: the same data folder again (hashes remembered by size and mtime).
 * Writes bench-results/cold-start.{json,md}.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { extractApp, packLinuxDir, runPackagedEngine } from '../lib/pack.js';
import { machineInfo, percentile, writeResults } from '../lib/results.js';

const RUNS = 5;
const GOAL_MS = 3000;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'docsearch-cold-'));

function dropDiskCache(): boolean {
  try {
    spawnSync('sync');
    fs.writeFileSync('/proc/sys/vm/drop_caches', '3');
    return true;
  } catch {
    return false;
  }
}

interface Run {
  readyMs: number;
  wallMs: number;
  verifyMs: number;
  ocrMs: number;
}

try {
  const packed = packLinuxDir(work);
  const appDir = extractApp(packed, path.join(work, 'app'));
  const models = path.join(packed.resources, 'models');
  const start = (dataDir: string): Run => {
    const { report, readyMs, wallMs } = runPackagedEngine(appDir, models, dataDir);
    if (report.problems.length || !report.ocr.ready) throw new Error(`the packaged engine did not start clean: ${JSON.stringify(report)}`);
    return { readyMs, wallMs, verifyMs: report.ms.verify, ocrMs: report.ms.ocr };
  };
  const fresh = () => fs.mkdtempSync(path.join(work, 'data-'));

  const cases: { name: string; runs: Run[] }[] = [];
  const canDrop = dropDiskCache();
  if (canDrop) cases.push({ name: 'first launch, disk cache dropped', runs: Array.from({ length: RUNS }, () => (dropDiskCache(), start(fresh()))) });
  cases.push({ name: 'first launch (models hashed)', runs: Array.from({ length: RUNS }, () => start(fresh())) });
  const kept = fresh();
  start(kept);
  cases.push({ name: 'later launch (hash cache)', runs: Array.from({ length: RUNS }, () => start(kept)) });

  const s = (ms: number) => (ms / 1000).toFixed(2);
  const rows = cases.map(({ name, runs }) => {
    const p50 = (k: keyof Run) => percentile(runs.map((r) => r[k]), 50);
    const max = Math.max(...runs.map((r) => r.readyMs));
    return { name, readyP50: p50('readyMs'), readyMax: max, verifyP50: p50('verifyMs'), ocrP50: p50('ocrMs'), wallP50: p50('wallMs') };
  });
  const worst = Math.max(...rows.map((r) => r.readyMax));
  const md = [
    `The packaged engine (electron-builder \`--dir\`, extracted, run under Node ${process.version} as the app's engine process runs it), ${RUNS} runs per case on ${os.cpus().length} cores. Ready = models verified and OCR sessions and workers ready, counted from process start (module loading included). Electron's own start is not included: it cannot run here.${canDrop ? '' : ' The disk cache could not be dropped (not root), so no truly cold case.'}`,
    '',
    '| case | ready p50 | ready max | of which: verify p50 | OCR ready p50 | process wall p50 (incl. exit) |',
    '|---|---:|---:|---:|---:|---:|',
    ...rows.map((r) => `| ${r.name} | ${s(r.readyP50)} s | ${s(r.readyMax)} s | ${s(r.verifyP50)} s | ${s(r.ocrP50)} s | ${s(r.wallP50)} s |`),
    '',
    `Goal ≤ ${s(GOAL_MS)} s: ${worst <= GOAL_MS ? 'met' : '**missed**'} (worst run ${s(worst)} s).`,
  ].join('\n');
  writeResults('cold-start', { machine: machineInfo(), runs: RUNS, canDropDiskCache: canDrop, cases, rows, goalMs: GOAL_MS }, md);
  console.log(md);
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
