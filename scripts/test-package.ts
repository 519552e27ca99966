/**
 * `npm run test:package`: the offline packaging test. electron-builder packs the app (`--dir`, Linux x64)
 * around a stub Electron distribution (the real one cannot be downloaded here) with the native modules as
 * built, then the output is checked:
 * - every model file of models/manifest.json present in resources/models with its sha256;
 * - the native parts unpacked from the asar (better-sqlite3, onnxruntime, sharp/libvips, canvas, sqlite-vec);
 * - main, preload, engine host and renderer inside app.asar; no tests, sources, benchmarks or dev tooling;
 * - better-sqlite3's ABI against Electron's (scripts/lib/native-abi.ts). Here it is Node's (no Electron
 *   headers offline), which is reported; `--require-electron-abi` makes it fail, as an installer build must.
 * Prints a size report per part (with --write-results, as `npm run test:package` does, also to
 * bench-results/package.{json,md}); exits 1 when a check fails.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { listPackage } from '@electron/asar';
import { assertAddonAbi } from './lib/native-abi.js';
import { machineInfo, repoRoot, writeResults } from './lib/results.js';

const requireElectronAbi = process.argv.includes('--require-electron-abi');
/** `npm run test:package` records the size report; `npm test` only checks (no changed files after a test run). */
const writeReport = process.argv.includes('--write-results');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'docsearch-package-'));
const failures: string[] = [];
const check = (ok: boolean, what: string) => {
  if (!ok) failures.push(what);
};
const sizeOf = (p: string): number => {
  const st = fs.statSync(p);
  return st.isDirectory() ? fs.readdirSync(p).reduce((s, f) => s + sizeOf(path.join(p, f)), 0) : st.size;
};
const mb = (b: number) => Math.round((b / 1048576) * 10) / 10;

try {
  const electronPkg = path.join(repoRoot, 'node_modules', 'electron');
  const electronVersion = (JSON.parse(fs.readFileSync(path.join(electronPkg, 'package.json'), 'utf8')) as { version: string }).version;
  const stub = path.join(tmp, 'electron-dist');
  fs.mkdirSync(stub);
  fs.writeFileSync(path.join(stub, 'electron'), '#!/bin/sh\necho "stub Electron for the packaging test"\n', { mode: 0o755 });
  fs.writeFileSync(path.join(stub, 'version'), electronVersion);
  const out = path.join(tmp, 'dist');
  execFileSync(
    path.join(repoRoot, 'node_modules', '.bin', 'electron-builder'),
    ['--dir', '--linux', '--x64', `-c.electronDist=${stub}`, '-c.npmRebuild=false', `-c.directories.output=${out}`],
    { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const resources = path.join(out, 'linux-unpacked', 'resources');
  const asar = path.join(resources, 'app.asar');
  const unpacked = path.join(resources, 'app.asar.unpacked');
  const entries = new Set(listPackage(asar, { isPack: false }).map((e) => e.replaceAll('\\', '/')));

  // models, byte for byte
  const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'models', 'manifest.json'), 'utf8')) as { models: { id: string; files: { path: string; sha256: string; bytes: number }[] }[] };
  const modelSizes: Record<string, number> = {};
  for (const m of manifest.models) {
    for (const f of m.files) {
      const p = path.join(resources, 'models', f.path);
      const ok = fs.existsSync(p) && createHash('sha256').update(fs.readFileSync(p)).digest('hex') === f.sha256;
      check(ok, `model file ${f.path} (${m.id}) missing or altered in the package`);
      modelSizes[m.id] = (modelSizes[m.id] ?? 0) + (fs.existsSync(p) ? fs.statSync(p).size : 0);
    }
  }
  check(fs.existsSync(path.join(resources, 'models', 'manifest.json')), 'models/manifest.json missing in the package');

  // natives outside the asar (they cannot be loaded from inside it)
  const natives = {
    'better-sqlite3': 'node_modules/better-sqlite3/build/Release/better_sqlite3.node',
    'onnxruntime-node': 'node_modules/onnxruntime-node/bin/napi-v6/linux/x64/onnxruntime_binding.node',
    'onnxruntime (library)': 'node_modules/onnxruntime-node/bin/napi-v6/linux/x64/libonnxruntime.so.1',
    sharp: 'node_modules/@img/sharp-linux-x64/lib/sharp-linux-x64.node',
    'sqlite-vec': 'node_modules/sqlite-vec-linux-x64/vec0.so',
    canvas: 'node_modules/@napi-rs/canvas-linux-x64-gnu/skia.linux-x64-gnu.node',
  };
  for (const [name, rel] of Object.entries(natives)) check(fs.existsSync(path.join(unpacked, rel)), `${name} is not unpacked from the asar (${rel})`);

  // what must and must not be in app.asar
  for (const need of ['/package.json', '/out/src-main/electron/main.js', '/out/src-main/electron/preload.cjs', '/out/src-main/electron/engine-host.js', '/out/src-main/cli.js', '/out/renderer/index.html']) check(entries.has(need), `${need} missing from app.asar`);
  const forbidden = ['/out/scripts/', '/tests/', '/e2e/', '/src-main/', '/src-renderer/', '/scripts/', '/node_modules/vite/', '/node_modules/vitest/', '/node_modules/typescript/', '/node_modules/@playwright/', '/node_modules/electron/', '/node_modules/eslint/', '/node_modules/onnx-proto/', '/node_modules/electron-builder/'];
  for (const prefix of forbidden) {
    const found = [...entries].find((e) => e === prefix.slice(0, -1) || e.startsWith(prefix));
    check(!found, `app.asar ships ${prefix} (${found})`);
  }

  // better-sqlite3 must be built for Electron's ABI to load there
  const electronAbi = Number(fs.readFileSync(path.join(electronPkg, 'abi_version'), 'utf8'));
  let abi = `built for Electron's ABI ${electronAbi}`;
  try {
    assertAddonAbi(path.join(unpacked, natives['better-sqlite3']), electronAbi, 'Electron');
  } catch (e) {
    // named inside the package, not by this run's temporary folder
    abi = `NOT loadable in Electron: ${(e as Error).message.replaceAll(path.join(out, 'linux-unpacked') + path.sep, '')}`;
    if (requireElectronAbi) failures.push(abi);
  }

  const nativeSizes = Object.fromEntries(
    fs.readdirSync(path.join(unpacked, 'node_modules')).flatMap((d) => (d.startsWith('@') ? fs.readdirSync(path.join(unpacked, 'node_modules', d)).map((x) => `${d}/${x}`) : [d])).map((d) => [d, sizeOf(path.join(unpacked, 'node_modules', d))]),
  );
  const result = {
    machine: machineInfo(),
    electron: electronVersion,
    appAsarBytes: fs.statSync(asar).size,
    unpackedBytes: sizeOf(unpacked),
    nativeBytes: nativeSizes,
    modelBytes: modelSizes,
    betterSqlite3: abi,
    failures,
  };
  const md = [
    `Packed with electron-builder \`--dir\` (Linux x64) around a stub Electron ${electronVersion} (the Electron runtime itself, ~100 MB more, is not counted).`,
    '',
    '| part | MB |',
    '|---|---:|',
    `| app.asar (code: main, engine, renderer, JS dependencies) | ${mb(result.appAsarBytes)} |`,
    ...Object.entries(nativeSizes).sort((a, b) => b[1] - a[1]).map(([n, b]) => `| native: ${n} | ${mb(b)} |`),
    ...Object.entries(modelSizes).map(([id, b]) => `| model: ${id} | ${mb(b)} |`),
    '',
    `better-sqlite3: ${abi}.`,
    '',
    failures.length ? `**Checks failed:**\n${failures.map((f) => `- ${f}`).join('\n')}` : 'All checks passed: models byte for byte, natives unpacked, app code present, no tests, sources, benchmarks or dev tooling.',
  ].join('\n');
  if (writeReport) writeResults('package', result, md);
  console.log(md);
  if (failures.length) process.exitCode = 1;
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
