/**
 * `docsearch models`: the model files checked against models/manifest.json through the real CLI, on a
 * broken copy of the models folder (one file deleted, one corrupted with its size kept) and on the real one.
 * DOCSEARCH_EP is left unset so `--load` really tries CUDA and falls back to CPU.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelStatus } from '#shared/api';
import { cliPath, finished, removeTempDirs, repoRoot, tempDir, type CliRun } from './helpers.js';

const realModels = path.join(repoRoot, 'models');

function models(args: string[], modelsDir?: string): Promise<CliRun> {
  const env = { ...process.env };
  for (const k of ['DOCSEARCH_EP', 'DOCSEARCH_DEBUG', 'DOCSEARCH_MODELS_DIR', 'DOCSEARCH_DATA_DIR']) delete env[k];
  if (modelsDir) env.DOCSEARCH_MODELS_DIR = modelsDir;
  const db = path.join(tempDir(), 'docsearch.db');
  const child = spawn(process.execPath, [cliPath, '--db', db, 'models', ...args], { cwd: repoRoot, env, stdio: 'pipe' });
  child.stdin.end();
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  return finished(child);
}

const parse = (run: CliRun): ModelStatus[] => {
  try {
    return JSON.parse(run.stdout) as ModelStatus[];
  } catch {
    throw new Error(`models --json printed no JSON (exit ${run.code}); stdout:\n${run.stdout}\nstderr:\n${run.stderr}`);
  }
};

afterAll(removeTempDirs);

describe('docsearch models, on a damaged copy of the models folder', () => {
  let dir = '';
  let deleted = '';
  let corrupted = '';
  beforeAll(() => {
    dir = tempDir('docsearch-models-');
    fs.cpSync(realModels, dir, { recursive: true, dereference: true });
    deleted = path.join(dir, 'ocr', 'ppocr-v6-small', 'dict.txt');
    fs.rmSync(deleted);
    corrupted = path.join(dir, 'ocr', 'ppocr-v6-small', 'det.onnx');
    const fd = fs.openSync(corrupted, 'r+');
    fs.writeSync(fd, Buffer.from([0xde, 0xad, 0xbe, 0xef]), 0, 4, 1000);
    fs.closeSync(fd);
  });

  it('reports the missing and the altered file with their paths and the fix, and exits 1', async () => {
    const run = await models(['--json'], dir);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    const byId = new Map(parse(run).map((m) => [m.id, m]));

    const det = byId.get('ppocr-v6-small-det')!;
    expect(det.status).toBe('altered');
    expect(det.files).toEqual([{ path: corrupted, status: 'altered', expectedBytes: fs.statSync(corrupted).size, bytes: fs.statSync(corrupted).size }]);
    expect(det.problems).toHaveLength(1);
    expect(det.problems[0]).toMatch(new RegExp(`^model ppocr-v6-small-det: ${corrupted} is altered \\(sha256 .*\\); run \`npm run models:ocr\` to restore it$`));

    const rec = byId.get('ppocr-v6-small-rec')!;
    expect(rec.status).toBe('missing');
    expect(rec.files.map((f) => [path.basename(f.path), f.status])).toEqual([
      ['rec.onnx', 'present'],
      ['dict.txt', 'missing'],
    ]);
    expect(rec.problems).toEqual([`model ppocr-v6-small-rec: ${deleted} is missing; run \`npm run models:ocr\` to restore it`]);

    for (const m of byId.values()) {
      if (m.id !== 'ppocr-v6-small-det' && m.id !== 'ppocr-v6-small-rec') expect([m.id, m.status, m.problems]).toEqual([m.id, 'present', []]);
      expect(m.loaded).toBe(false);
    }
  });

  it('prints the same for people, and --load loads only the intact models', async () => {
    const run = await models(['--load'], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain(`   missing  ${deleted}`);
    expect(run.stdout).toContain(`   altered  ${corrupted}`);
    expect(run.stdout).toContain(`   ! model ppocr-v6-small-rec: ${deleted} is missing; run \`npm run models:ocr\` to restore it`);
    expect(run.stdout).toMatch(/ppocr-v5-mobile-rec[^\n]*\n(?:[^\n]*\n)*? {3}provider cpu \(CUDA[^\n]*\), loaded in \d+ ms/);
    expect(run.stdout).toContain('2 of 8 models missing or altered');
  });
});

describe('docsearch models, on the real models folder', () => {
  it('finds every model present; --load creates the ONNX sessions on CPU after trying CUDA', async () => {
    const t0 = performance.now();
    const run = await models(['--json', '--load']);
    const ms = performance.now() - t0;
    // No ORT log lines (the failed CUDA library load) and no warnings on stderr.
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const list = parse(run);
    expect(list.length).toBeGreaterThan(0);
    for (const m of list) {
      expect([m.id, m.status, m.problems]).toEqual([m.id, 'present', []]);
      for (const f of m.files) expect(f.path.startsWith(realModels + path.sep)).toBe(true);
      if (m.engine === 'onnx') {
        expect(m).toMatchObject({ loaded: true, provider: 'cpu' });
        expect(m.fallbackReason).toMatch(/CUDA/);
        expect(m.loadMs).toBeGreaterThan(0);
      } else {
        expect(m).toMatchObject({ loaded: false, provider: null, loadMs: null });
      }
    }
    expect(ms).toBeLessThan(20_000);
  });

  it('without --load only verifies', async () => {
    const run = await models([]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('ppocr-v6-small-det');
    expect(run.stdout).toContain('not loaded (--load creates the session and shows the provider)');
    expect(run.stdout).toMatch(/all \d+ models present and verified\n$/);
  });

  it('says where it looked when there is no manifest, in one line, exit 2', async () => {
    const empty = tempDir();
    const run = await models([], empty);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`docsearch: model manifest not found: ${path.join(empty, 'manifest.json')} (set DOCSEARCH_MODELS_DIR to the folder holding manifest.json)\n`);
  });
});
