import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ModelError } from './manifest.js';
import { createSession } from './onnx-session.js';
import { ModelRegistry } from './registry.js';

// Count session creations while keeping the real factory (CUDA attempt, then CPU).
vi.mock('./onnx-session.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('./onnx-session.js')>();
  return { ...real, createSession: vi.fn(real.createSession) };
});
const created = vi.mocked(createSession);

const repoModels = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'models');
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'docsearch-registry-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

/** No DOCSEARCH_EP: the CUDA attempt is made and must fall back to CPU quickly on a machine without a GPU. */
const env = (): NodeJS.ProcessEnv => {
  const e = { ...process.env };
  delete e.DOCSEARCH_EP;
  delete e.DOCSEARCH_MODELS_DIR;
  return e;
};
const registry = (modelsDir = repoModels) => new ModelRegistry({ modelsDir, dataDir: fs.mkdtempSync(path.join(root, 'data-')), env: env() });

// (braces: a function returned from beforeEach would be run as a cleanup hook, and mockClear returns the mock)
beforeEach(() => {
  created.mockClear();
});

describe('ModelRegistry', () => {
  it('creates a session once and reuses it, recording the CPU fallback and the load time', async () => {
    const r = registry();
    try {
      const [a, b] = await Promise.all([r.onnxSession('ppocr-v4-det'), r.onnxSession('ppocr-v4-det')]);
      const c = await r.onnxSession('ppocr-v4-det');
      expect(a).toBe(b);
      expect(a).toBe(c);
      expect(created).toHaveBeenCalledTimes(1);
      expect(created.mock.calls[0]![0]).toBe(path.join(repoModels, 'ocr', 'ch_PP-OCRv4_det_infer.onnx'));
      expect(a.inputNames).toEqual(['x']);

      const status = await r.status();
      const det = status.find((m) => m.id === 'ppocr-v4-det')!;
      expect(det).toMatchObject({ role: 'ocr-det', engine: 'onnx', status: 'present', problems: [], loaded: true, provider: 'cpu' });
      expect(det.fallbackReason).toMatch(/CUDA/);
      expect(det.loadMs).toBeGreaterThan(0);
      expect(det.loadMs).toBeLessThan(10_000); // the failed CUDA attempt costs milliseconds, not seconds
      const rec = status.find((m) => m.id === 'ppocr-v3-japan-rec')!;
      expect(rec).toMatchObject({ loaded: false, provider: null, fallbackReason: null, loadMs: null });
      expect(JSON.parse(JSON.stringify(status))).toEqual(status);
    } finally {
      await r.close();
    }
  });

  it('loads every intact ONNX model on request, and none of the Tesseract ones', async () => {
    const r = registry();
    try {
      const status = await r.status({ load: true });
      expect(status.every((m) => m.status === 'present')).toBe(true);
      for (const m of status) expect(m.loaded).toBe(m.engine === 'onnx');
      expect(created).toHaveBeenCalledTimes(status.filter((m) => m.engine === 'onnx').length);
    } finally {
      await r.close();
    }
  });

  it('releases the sessions on close and refuses new ones afterwards', async () => {
    const r = registry();
    const s = await r.onnxSession('ppocr-v4-det');
    const release = vi.spyOn(s, 'release');
    await r.close();
    expect(release).toHaveBeenCalledTimes(1);
    await expect(r.onnxSession('ppocr-v4-det')).rejects.toThrow('closed');
  });

  it('gives file paths from the manifest', () => {
    const r = registry();
    expect(r.filePath('ppocr-v3-japan-rec', 1)).toBe(path.join(repoModels, 'ocr', 'japan_dict.txt'));
    expect(r.filePath('ppocr-v3-japan-rec')).toBe(path.join(repoModels, 'ocr', 'japan_PP-OCRv3_rec_infer.onnx'));
    expect(() => r.filePath('ppocr-v3-japan-rec', 5)).toThrow(ModelError);
    expect(() => r.filePath('nope')).toThrow('unknown model "nope"');
  });

  it('refuses a model whose files are missing or altered, naming the path and the fix, without loading it', async () => {
    const dir = path.join(root, 'broken');
    fs.mkdirSync(path.join(dir, 'ocr'), { recursive: true });
    fs.copyFileSync(path.join(repoModels, 'manifest.json'), path.join(dir, 'manifest.json'));
    fs.mkdirSync(path.join(dir, 'ocr', 'ppocr-v6-small'));
    fs.writeFileSync(path.join(dir, 'ocr', 'ppocr-v6-small', 'rec.onnx'), 'not a model');
    const r = registry(dir);
    try {
      const det = path.join(dir, 'ocr', 'ch_PP-OCRv4_det_infer.onnx');
      const err = await r.onnxSession('ppocr-v4-det').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ModelError);
      expect((err as Error).message).toBe(`model ppocr-v4-det: ${det} is missing; run \`npm run models:ocr\` to restore it`);
      await expect(r.onnxSession('ppocr-v6-small-rec')).rejects.toThrow(
        new RegExp(`${path.join(dir, 'ocr', 'ppocr-v6-small', 'rec.onnx')} is altered \\(11 bytes, expected \\d+\\); run \`npm run models:ocr\``),
      );
      expect(created).not.toHaveBeenCalled();

      // Restored: the next call loads it (a failure is not cached).
      fs.copyFileSync(path.join(repoModels, 'ocr', 'ch_PP-OCRv4_det_infer.onnx'), det);
      await expect(r.onnxSession('ppocr-v4-det')).resolves.toBeDefined();
      expect(created).toHaveBeenCalledTimes(1);
    } finally {
      await r.close();
    }
  });

  it('refuses a session for a model that is not ONNX', async () => {
    const r = registry();
    await expect(r.onnxSession('tesseract-jpn')).rejects.toThrow('model tesseract-jpn is not an ONNX model (engine tesseract)');
    await expect(r.onnxSession('nope')).rejects.toThrow(ModelError);
    await r.close();
  });

  it('fails at construction with a clear message when there is no manifest', () => {
    const dir = fs.mkdtempSync(path.join(root, 'none-'));
    expect(() => registry(dir)).toThrow(`model manifest not found: ${path.join(dir, 'manifest.json')}`);
  });
});
