/**
 * The sqlite-vec library a process loads: the choice, and the AVX build answering exactly as the portable
 * one. Each build runs in a process of its own (SQLite loads extensions with RTLD_GLOBAL: a second build in
 * one process would run the first one's code).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../../scripts/lib/paths.js';
import { tempDir } from './test-helpers.js';
import { chooseVectorExtension, cpuHasAvx, outsideAsar } from './vector-extension.js';

const dir = tempDir('docsearch-vec-build-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('chooseVectorExtension', () => {
  const base = { avxPath: '/app/out/native/sqlite-vec-avx/vec0.so', portablePath: '/app/node_modules/sqlite-vec-linux-x64/vec0.so' };
  it('takes the AVX build only when it exists and the CPU is known to have AVX', () => {
    expect(chooseVectorExtension({ ...base, cpuHasAvx: true })).toEqual({ build: 'avx', path: base.avxPath });
    expect(chooseVectorExtension({ ...base, cpuHasAvx: false })).toMatchObject({ build: 'portable', path: base.portablePath, reason: 'this CPU has no AVX' });
    expect(chooseVectorExtension({ ...base, cpuHasAvx: null })).toMatchObject({ build: 'portable', reason: expect.stringContaining('could not be read') });
    expect(chooseVectorExtension({ ...base, avxPath: null, cpuHasAvx: true })).toMatchObject({ build: 'portable', reason: expect.stringContaining('no AVX build') });
    expect(chooseVectorExtension({ ...base, cpuHasAvx: true, forced: 'portable' })).toMatchObject({ build: 'portable', reason: 'DOCSEARCH_SQLITE_VEC=portable' });
  });
});

/** A child process that opens the store with the build it chooses and answers 20 float top-10 queries. */
const QUERY = `
const { openDb } = await import(${JSON.stringify(path.join(repoRoot, 'out/src-main/engine/store/db.js'))});
const { nearestChunks } = await import(${JSON.stringify(path.join(repoRoot, 'out/src-main/engine/store/vectors.js'))});
const { vectorExtension } = await import(${JSON.stringify(path.join(repoRoot, 'out/src-main/engine/store/vector-extension.js'))});
const [file, dims] = [process.argv[1], Number(process.argv[2])];
const db = openDb(file);
let s = 7;
const rand = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296 - 0.5);
const results = Array.from({ length: 20 }, () => nearestChunks(db, Float32Array.from({ length: dims }, rand), 10));
console.log(JSON.stringify({ build: vectorExtension().build, version: db.prepare('SELECT vec_version() AS v').get().v, results }));
db.close();
`;

describe('the AVX build', () => {
  it('is loaded on a CPU with AVX once built, and finds what the portable build finds, at the same distances', () => {
    const file = path.join(dir, 'vectors.db');
    const dims = 256;
    const put = `
const { openDb } = await import(${JSON.stringify(path.join(repoRoot, 'out/src-main/engine/store/db.js'))});
const { ensureVectorTable, putVectors } = await import(${JSON.stringify(path.join(repoRoot, 'out/src-main/engine/store/vectors.js'))});
const db = openDb(process.argv[1]);
const space = { model: 'm', dims: ${dims} };
ensureVectorTable(db, space);
let s = 1;
const rand = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296 - 0.5);
putVectors(db, space, Array.from({ length: 3000 }, (_, i) => ({ chunkId: i + 1, vector: Float32Array.from({ length: ${dims} }, rand) })));
db.close();
`;
    const node = (script: string, args: string[], env: NodeJS.ProcessEnv = {}) => execFileSync(process.execPath, ['--input-type=module', '-e', script, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
    node(put, [file], { DOCSEARCH_SQLITE_VEC: 'portable' });
    const portable = JSON.parse(node(QUERY, [file, String(dims)], { DOCSEARCH_SQLITE_VEC: 'portable' }));
    const chosen = JSON.parse(node(QUERY, [file, String(dims)], { DOCSEARCH_SQLITE_VEC: '' }));
    expect(portable.build).toBe('portable');
    // on x64 Linux with AVX, `npm run build` must have made the AVX build (scripts/native/build-sqlite-vec.mjs)
    const expectAvx = process.platform === 'linux' && process.arch === 'x64' && cpuHasAvx() === true;
    expect(chosen.build).toBe(expectAvx ? 'avx' : 'portable');
    expect(chosen.version).toBe(portable.version);
    for (const [i, hits] of (chosen.results as { chunkId: number; distance: number }[][]).entries()) {
      const want = portable.results[i] as { chunkId: number; distance: number }[];
      expect(hits.map((h) => h.chunkId)).toEqual(want.map((h) => h.chunkId));
      hits.forEach((h, j) => expect(h.distance).toBeCloseTo(want[j]!.distance, 4));
    }
  }, 60_000);
});

describe('outsideAsar', () => {
  it('points a library inside app.asar to its unpacked copy, on POSIX and Windows paths', () => {
    expect(outsideAsar('/opt/docsearch/resources/app.asar/node_modules/sqlite-vec-linux-x64/vec0.so')).toBe('/opt/docsearch/resources/app.asar.unpacked/node_modules/sqlite-vec-linux-x64/vec0.so');
    expect(outsideAsar('C:\\Program Files\\docsearch\\resources\\app.asar\\node_modules\\sqlite-vec-windows-x64\\vec0.dll')).toBe('C:\\Program Files\\docsearch\\resources\\app.asar.unpacked\\node_modules\\sqlite-vec-windows-x64\\vec0.dll');
  });
  it('leaves other paths alone (a checkout, an already unpacked path, a folder merely named like it)', () => {
    for (const p of ['/work/main/node_modules/sqlite-vec-linux-x64/vec0.so', '/x/app.asar.unpacked/vec0.so', '/x/my-app.asar/vec0.so']) expect(outsideAsar(p)).toBe(p);
  });
});
