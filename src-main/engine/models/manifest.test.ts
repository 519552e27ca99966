import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadManifest, ModelError, parseManifest, resolveModelsDir } from './manifest.js';

const repoModels = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'models');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'docsearch-manifest-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const file = { path: 'ocr/a.onnx', sha256: 'a'.repeat(64), bytes: 10, sources: [{ npm: 'pkg@1.0.0', path: 'package/a.onnx' }] };
const model = { id: 'm-1', role: 'ocr-det', engine: 'onnx', files: [file], origin: 'somewhere', licence: 'MIT', params: { input: 'x' } };
const manifest = (models: unknown[]) => ({ version: 1, models });

function parseError(json: unknown): string {
  try {
    parseManifest(json, 'test.json');
  } catch (e) {
    expect(e).toBeInstanceOf(ModelError);
    return (e as Error).message;
  }
  throw new Error('expected the manifest to be refused');
}

describe('parseManifest', () => {
  it('accepts the repository manifest', () => {
    const m = loadManifest(repoModels);
    expect(m.models.length).toBeGreaterThan(0);
    expect(m.models.find((x) => x.id === 'ppocr-v4-det')).toMatchObject({ role: 'ocr-det', engine: 'onnx' });
    expect(m.models.every((x) => x.files.every((f) => f.sha256.length === 64))).toBe(true);
  });

  it('defaults params to an empty record and keeps free-form params', () => {
    const noParams: Record<string, unknown> = { ...model };
    delete noParams.params;
    expect(parseManifest(manifest([noParams])).models[0]!.params).toEqual({});
    expect(parseManifest(manifest([model])).models[0]!.params).toEqual({ input: 'x' });
  });

  it('names the file and the field that is wrong', () => {
    expect(parseError(manifest([{ ...model, role: 'ocr' }]))).toMatch(/^invalid model manifest test\.json: models\[0\]\.role: /);
    expect(parseError(manifest([{ ...model, engine: 'tensorflow' }]))).toContain('models[0].engine');
    expect(parseError(manifest([{ ...model, files: [{ ...file, sha256: 'abc' }] }]))).toContain('models[0].files[0].sha256: must be 64 lower-case hex digits');
    expect(parseError(manifest([{ ...model, files: [{ ...file, bytes: -1 }] }]))).toContain('models[0].files[0].bytes');
    expect(parseError(manifest([{ ...model, files: [] }]))).toContain('models[0].files');
    expect(parseError(manifest([{ ...model, licence: undefined }]))).toContain('models[0].licence');
    expect(parseError({ version: 2, models: [] })).toContain('version');
    expect(parseError([])).toContain('(top level)');
  });

  it('refuses paths that leave the models folder', () => {
    for (const p of ['/etc/passwd', '../x.onnx', 'ocr/../../x', 'C:/x.onnx', 'ocr\\x.onnx', 'ocr//x']) {
      expect(parseError(manifest([{ ...model, files: [{ ...file, path: p }] }]))).toContain('models[0].files[0].path');
    }
  });

  it('refuses duplicate ids', () => {
    expect(parseError(manifest([model, { ...model, role: 'ocr-rec' }]))).toContain('models[1].id: duplicate model id "m-1"');
  });
});

describe('loadManifest', () => {
  it('says where the manifest was looked for and how to point elsewhere', () => {
    const dir = path.join(tmp, 'empty');
    fs.mkdirSync(dir);
    expect(() => loadManifest(dir)).toThrow(`model manifest not found: ${path.join(dir, 'manifest.json')} (set DOCSEARCH_MODELS_DIR`);
  });

  it('refuses a manifest that is not JSON', () => {
    const dir = path.join(tmp, 'bad');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'manifest.json'), '{ "version": 1, ');
    expect(() => loadManifest(dir)).toThrow(/^invalid model manifest .*manifest\.json: not JSON/);
  });
});

describe('resolveModelsDir', () => {
  it('prefers DOCSEARCH_MODELS_DIR, then the packaged folder, then <repo>/models', () => {
    expect(resolveModelsDir({ env: { DOCSEARCH_MODELS_DIR: 'rel/models' }, packagedDir: '/app/resources/models' })).toBe(path.resolve('rel/models'));
    expect(resolveModelsDir({ env: {}, packagedDir: '/app/resources/models' })).toBe(path.resolve('/app/resources/models'));
    expect(resolveModelsDir({ env: { DOCSEARCH_MODELS_DIR: '' } })).toBe(repoModels);
  });
});
