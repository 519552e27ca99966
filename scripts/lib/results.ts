/** Shared by the benchmark and evaluation scripts: how results are written (paths: ./paths.ts). */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from './paths.js';

export function percentile(values: readonly number[], p: number): number {
  if (!values.length) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const v = s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
  return Math.round(v * 100) / 100;
}

export function machineInfo() {
  return { cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, memGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, date: new Date().toISOString() };
}

/** Writes bench-results/<name>.json and <name>.md. */
export function writeResults(name: string, json: unknown, markdown: string): void {
  const dir = path.join(repoRoot, 'bench-results');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `${name}.json`), JSON.stringify(json, null, 2) + '\n');
  fs.writeFileSync(path.join(dir, `${name}.md`), markdown + '\n');
}
