/**
 * `npm run test:package`: the offline packaging test. electron-builder packs the app (`--dir`, Linux x64)
 * around a stub Electron distribution (scripts/lib/pack.ts; the real one cannot be downloaded here) with
 * the native modules as built, then the output is checked:
 * - every model file of models/manifest.json present in resources/models with its sha256;
 * - the native parts unpacked from the asar (better-sqlite3, onnxruntime, sharp/libvips, canvas, sqlite-vec);
 * - main, preload, engine host and renderer inside app.asar; no tests, sources, benchmarks, dev tooling or
 *   update machinery;
 * - THIRD-PARTY-NOTICES.txt in the resources, listing every shipped package and model with its licence;
 * - the fuses of electron-builder.yml flipped in the packed binary (read back with @electron/fuses);
 * - the packaged engine, run from the extracted package under Node (scripts/package/packaged-engine.ts): starts with
 *   every model verified and OCR ready, and OCRs and finds a scanned page (so the filters that trim pdf.js
 *   and tesseract.js-core left what runs); with a model file deleted and another altered it names both, where
 *   they are and "reinstall", and still ingests and searches;
 * - better-sqlite3's ABI against Electron's (scripts/lib/native-abi.ts). Here it is Node's (no Electron
 *   headers offline), which is reported; `--require-electron-abi` makes it fail, as an installer build must.
 * Prints a size report per part (with --write-results, as `npm run test:package` does, also to
 * bench-results/package.{json,md} with the xz-compressed size of the payload); exits 1 when a check fails.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { listPackage } from '@electron/asar';
import sharp from 'sharp';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { extractApp, packLinuxDir, runPackagedEngine } from '../lib/pack.js';
import { assertAddonAbi } from '../lib/native-abi.js';
import { machineInfo, writeResults } from '../lib/results.js';
import { repoRoot } from '../lib/paths.js';
import { cpuHasAvx } from '../../src-main/engine/store/vector-extension.js';

type ModelFileRef = { path: string; sha256: string; bytes: number };

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
  const packed = packLinuxDir(tmp);
  const { resources, asar, unpacked, electronVersion } = packed;
  const electronPkg = path.join(repoRoot, 'node_modules', 'electron');
  const entries = new Set(listPackage(asar, { isPack: false }).map((e) => e.replaceAll('\\', '/')));

  // models, byte for byte
  const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'models', 'manifest.json'), 'utf8')) as { models: { id: string; licence: string; files: ModelFileRef[]; variants?: { file: ModelFileRef }[] }[] };
  const modelSizes: Record<string, number> = {};
  for (const m of manifest.models) {
    // prepared variants (models:prepare) ship beside the fp32 files
    for (const f of [...m.files, ...(m.variants ?? []).map((v) => v.file)]) {
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
    'sqlite-vec (AVX build)': 'out/native/sqlite-vec-avx/vec0.so',
    canvas: 'node_modules/@napi-rs/canvas-linux-x64-gnu/skia.linux-x64-gnu.node',
  };
  for (const [name, rel] of Object.entries(natives)) check(fs.existsSync(path.join(unpacked, rel)), `${name} is not unpacked from the asar (${rel})`);
  // sharp's addon finds libvips through a relative rpath: it must be unpacked beside it (its name carries the version)
  const vipsDir = path.join(unpacked, 'node_modules/@img/sharp-libvips-linux-x64/lib');
  check(fs.existsSync(vipsDir) && fs.readdirSync(vipsDir).some((f) => f.startsWith('libvips-cpp.so')), 'libvips (loaded by sharp) is not unpacked from the asar');

  // what must and must not be in app.asar
  for (const need of ['/package.json', '/out/src-main/electron/main.js', '/out/src-main/electron/preload.cjs', '/out/src-main/electron/engine-host.js', '/out/src-main/cli.js', '/out/renderer/index.html']) check(entries.has(need), `${need} missing from app.asar`);
  const forbidden = ['/out/scripts/', '/tests/', '/e2e/', '/src-main/', '/src-renderer/', '/scripts/', '/node_modules/vite/', '/node_modules/vitest/', '/node_modules/typescript/', '/node_modules/@playwright/', '/node_modules/electron/', '/node_modules/eslint/', '/node_modules/onnx-proto/', '/node_modules/electron-builder/'];
  for (const prefix of forbidden) {
    const found = [...entries].find((e) => e === prefix.slice(0, -1) || e.startsWith(prefix));
    check(!found, `app.asar ships ${prefix} (${found})`);
  }
  // the searchable-PDF export's font, one weight only (electron-builder.yml)
  const fonts = [...entries].filter((e) => e.startsWith('/node_modules/@expo-google-fonts/noto-sans-jp/') && e.endsWith('.ttf'));
  check(fonts.length === 1 && fonts[0] === '/node_modules/@expo-google-fonts/noto-sans-jp/400Regular/NotoSansJP_400Regular.ttf', `app.asar must ship Noto Sans JP Regular and no other weight (has ${fonts.join(', ') || 'none'})`);

  // the icon electron-builder derives every platform's icons from (.ico, .icns and the Linux sizes)
  const icon = await sharp(path.join(repoRoot, 'build', 'icon.png')).metadata();
  check(icon.format === 'png' && icon.width >= 512 && icon.width === icon.height, `build/icon.png must be a square PNG of at least 512 px (is ${icon.format} ${icon.width} × ${icon.height})`);

  // the licences travel with the copies: every shipped package and model is in the notices
  const noticesFile = path.join(resources, 'THIRD-PARTY-NOTICES.txt');
  const notices = fs.existsSync(noticesFile) ? fs.readFileSync(noticesFile, 'utf8') : '';
  check(notices !== '', 'resources/THIRD-PARTY-NOTICES.txt is not in the package');
  for (const p of packed.shipped) check(notices.includes(`${p.name} ${p.version} — ${p.license}`), `THIRD-PARTY-NOTICES.txt does not list ${p.name} ${p.version}`);
  for (const m of manifest.models) check(notices.includes(`${m.id} — ${m.licence}`), `THIRD-PARTY-NOTICES.txt does not list the model ${m.id}`);
  for (const text of ['Permission is hereby granted, free of charge', 'GNU LESSER GENERAL PUBLIC LICENSE', 'Apache License', 'SIL OPEN FONT LICENSE']) check(notices.includes(text), `THIRD-PARTY-NOTICES.txt lacks the licence text "${text}"`);

  // no update machinery: the app never reaches out (publish: null, no electron-updater)
  check(!fs.existsSync(path.join(resources, 'app-update.yml')), 'resources/app-update.yml shipped (auto-update configured)');
  check(![...entries].some((e) => e.startsWith('/node_modules/electron-updater/')), 'app.asar ships electron-updater');

  // the fuses of electron-builder.yml, read back from the packed binary
  const wantFuses: Record<keyof typeof FuseV1Options, boolean> = {
    RunAsNode: false,
    EnableCookieEncryption: true,
    EnableNodeOptionsEnvironmentVariable: false,
    EnableNodeCliInspectArguments: false,
    EnableEmbeddedAsarIntegrityValidation: true,
    OnlyLoadAppFromAsar: true,
    LoadBrowserProcessSpecificV8Snapshot: false,
    GrantFileProtocolExtraPrivileges: false,
  };
  const wire = (await getCurrentFuseWire(packed.executable)) as unknown as Record<number, number>;
  const fuses = Object.fromEntries(Object.keys(wantFuses).map((name) => [name, wire[FuseV1Options[name as keyof typeof FuseV1Options]] === 49]));
  for (const [name, on] of Object.entries(wantFuses)) check(fuses[name] === on, `fuse ${name} is ${fuses[name] ? 'on' : 'off'} in the packed binary, electron-builder.yml wants it ${on ? 'on' : 'off'}`);

  // the packaged engine: intact models, then a deleted and an altered file
  const appDir = extractApp(packed, path.join(tmp, 'app'));
  const runEngine = (modelsDir: string, ...extra: string[]) => runPackagedEngine(appDir, modelsDir, fs.mkdtempSync(path.join(tmp, 'data-')), ...extra);
  // a scanned one-page PDF: pdf.js, the OCR models and tesseract's core all run from the package
  const scan = path.join(repoRoot, 'tests', 'fixtures', 'scanned-h00.pdf');
  const intact = runEngine(path.join(resources, 'models'), scan, '炭化水素の構造');
  check(intact.report.problems.length === 0 && intact.report.ocr.ready, `the packaged engine did not start clean: ${JSON.stringify(intact.report)}`);
  check(intact.topHit === scan, `the packaged engine did not OCR and find a scanned page (top hit: ${intact.topHit})`);
  check(cpuHasAvx() !== true || intact.vectorLibrary.build === 'avx', `the packaged engine searches with sqlite-vec's portable build on a CPU with AVX (${intact.vectorLibrary.reason})`);
  // damaged: the default strategy's detector deleted and the next one's recogniser altered, so OCR falls back
  // to the legacy strategy, whose tesseract core (trimmed in electron-builder.yml) then reads the scan
  const damaged = path.join(tmp, 'models-damaged');
  fs.cpSync(path.join(resources, 'models'), damaged, { recursive: true });
  const gone = path.join(damaged, 'ocr', 'ppocr-v6-small', 'det.onnx');
  const changed = path.join(damaged, 'ocr', 'ppocr-v5-mobile', 'rec.onnx');
  fs.rmSync(gone);
  fs.appendFileSync(changed, 'x');
  const broken = runEngine(damaged, scan, '炭化水素の構造');
  const fix = 'reinstall the app from its installer';
  for (const [file, state] of [[gone, 'is missing'], [changed, 'is altered']] as const) {
    check(broken.report.problems.some((p) => p.includes(`${file} ${state}`) && p.includes(fix)), `start-up with ${path.basename(file)} damaged does not say "${file} ${state}" and "${fix}": ${JSON.stringify(broken.report.problems)}`);
  }
  check(broken.report.ocr.strategy === 'legacy' && (broken.report.ocr.fallback ?? '').includes(gone), `OCR did not fall back to the legacy strategy, saying why: ${JSON.stringify(broken.report.ocr)}`);
  check(broken.topHit === scan, `with damaged models the packaged engine did not OCR (legacy, tesseract) and find a scanned page (top hit: ${broken.topHit})`);

  // better-sqlite3 must be built for Electron's ABI to load there
  const electronAbi = Number(fs.readFileSync(path.join(electronPkg, 'abi_version'), 'utf8'));
  let abi = `built for Electron's ABI ${electronAbi}`;
  try {
    assertAddonAbi(path.join(unpacked, natives['better-sqlite3']), electronAbi, 'Electron');
  } catch (e) {
    // named inside the package, not by this run's temporary folder
    abi = `NOT loadable in Electron: ${(e as Error).message.replaceAll(packed.appDir + path.sep, '')}`;
    if (requireElectronAbi) failures.push(abi);
  }

  const nativeSizes = Object.fromEntries(
    fs.readdirSync(path.join(unpacked, 'node_modules')).flatMap((d) => (d.startsWith('@') ? fs.readdirSync(path.join(unpacked, 'node_modules', d)).map((x) => `${d}/${x}`) : [d])).map((d) => [d, sizeOf(path.join(unpacked, 'node_modules', d))]),
  );
  // what an installer compresses (deb and AppImage: xz/zstd, NSIS: LZMA): the packed folder, xz -6
  const xzBytes = writeReport ? Number(execFileSync('sh', ['-c', `tar -C '${packed.appDir}' -cf - . | xz -T0 -6 | wc -c`], { encoding: 'utf8' }).trim()) : null;
  const result = {
    machine: machineInfo(),
    electron: electronVersion,
    packedFolderBytes: sizeOf(packed.appDir),
    packedFolderXzBytes: xzBytes,
    fuses,
    packagedEngineReadyMs: intact.readyMs,
    appAsarBytes: fs.statSync(asar).size,
    unpackedBytes: sizeOf(unpacked),
    nativeBytes: nativeSizes,
    modelBytes: modelSizes,
    betterSqlite3: abi,
    failures,
  };
  const md = [
    `Packed with electron-builder \`--dir\` (Linux x64) around a stub Electron ${electronVersion}: the Electron runtime itself cannot be downloaded here and is not counted.`,
    '',
    `Packed folder: ${mb(result.packedFolderBytes)} MB${xzBytes ? `; compressed with xz -6 (about what the AppImage, deb or NSIS installer carries before Electron is added): ${mb(xzBytes)} MB` : ''}.`,
    '',
    '| part | MB |',
    '|---|---:|',
    `| app.asar (code: main, engine, renderer, JS dependencies) | ${mb(result.appAsarBytes)} |`,
    ...Object.entries(nativeSizes).sort((a, b) => b[1] - a[1]).map(([n, b]) => `| native: ${n} | ${mb(b)} |`),
    ...Object.entries(modelSizes).map(([id, b]) => `| model: ${id} | ${mb(b)} |`),
    '',
    `better-sqlite3: ${abi}.`,
    '',
    `Fuses in the packed binary: ${Object.entries(fuses).map(([n, on]) => `${n} ${on ? 'on' : 'off'}`).join(', ')}.`,
    '',
    `Packaged engine (extracted, under Node): ready in ${Math.round(intact.readyMs)} ms from process start (models verified, OCR ready), then OCRs and finds a scanned page; with a model deleted and one altered it names both with the fix, falls back to the legacy OCR strategy (tesseract) and still OCRs and finds the page.`,
    '',
    failures.length ? `**Checks failed:**\n${failures.map((f) => `- ${f}`).join('\n')}` : 'All checks passed: models byte for byte, natives unpacked, app code present, no tests, sources, benchmarks, dev tooling or updater, fuses as configured, the packaged engine starts and reports damaged models.',
  ].join('\n');
  if (writeReport) writeResults('package', result, md);
  console.log(md);
  if (failures.length) process.exitCode = 1;
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
