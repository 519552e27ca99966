/**
 * Packs the app offline as electron-builder does for Linux x64 (`--dir`), around a stub Electron
 * distribution: the real one cannot be downloaded here. The stub carries Electron's fuse wire (the sentinel
 * @electron/fuses looks for, version 1, then one byte per fuse at Electron's defaults), so the
 * `electronFuses` of electron-builder.yml are really flipped in the packed binary and can be read back.
 * Used by `test:package` and `bench:cold-start`; the native modules are packed as built (no rebuild).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { extractAll } from '@electron/asar';
import { repoRoot } from './paths.js';
import type { StartupReport, StoreStatus } from '#shared/api';
import { writeNotices, type ShippedPackage } from './shipped.js';

/** @electron/fuses' sentinel: the fuse wire follows it in every Electron binary since 12. */
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/**
 * Electron's defaults for the 8 V1 fuses, in wire order ('1' on, '0' off): RunAsNode on, cookie
 * encryption off, NODE_OPTIONS on, --inspect on, asar integrity off, only-load-from-asar off, browser V8
 * snapshot off, file:// extra privileges on.
 */
export const ELECTRON_DEFAULT_FUSES = '10110001';

export interface PackedApp {
  /** linux-unpacked: what the AppImage and deb carry */
  appDir: string;
  /** the packed Electron binary (linux.executableName) */
  executable: string;
  resources: string;
  asar: string;
  unpacked: string;
  electronVersion: string;
  /** what THIRD-PARTY-NOTICES.txt lists */
  shipped: ShippedPackage[];
}

export function electronVersion(): string {
  return (JSON.parse(fs.readFileSync(path.join(repoRoot, 'node_modules', 'electron', 'package.json'), 'utf8')) as { version: string }).version;
}

/** Writes the notices, then runs electron-builder `--dir --linux --x64` into `work`/dist with a stub Electron made in `work`. */
export function packLinuxDir(work: string): PackedApp {
  const shipped = writeNotices();
  const version = electronVersion();
  const stub = path.join(work, 'electron-dist');
  fs.mkdirSync(stub, { recursive: true });
  const wire = Buffer.concat([Buffer.from(FUSE_SENTINEL, 'latin1'), Buffer.from([1, ELECTRON_DEFAULT_FUSES.length]), Buffer.from(ELECTRON_DEFAULT_FUSES, 'latin1')]);
  fs.writeFileSync(path.join(stub, 'electron'), Buffer.concat([Buffer.from('#!/bin/sh\necho "stub Electron for the packaging test"\nexit 0\n'), wire, Buffer.from('\n')]), { mode: 0o755 });
  fs.writeFileSync(path.join(stub, 'version'), version);
  const out = path.join(work, 'dist');
  execFileSync(
    path.join(repoRoot, 'node_modules', '.bin', 'electron-builder'),
    ['--dir', '--linux', '--x64', `-c.electronDist=${stub}`, '-c.npmRebuild=false', `-c.directories.output=${out}`],
    { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const appDir = path.join(out, 'linux-unpacked');
  const resources = path.join(appDir, 'resources');
  return {
    appDir,
    executable: path.join(appDir, 'docsearch'),
    resources,
    asar: path.join(resources, 'app.asar'),
    unpacked: path.join(resources, 'app.asar.unpacked'),
    electronVersion: version,
    shipped,
  };
}

/**
 * The packed app as plain files (app.asar extracted, its unpacked natives merged back), so Node can run the
 * packaged engine here, where Electron cannot run. Returns the app folder (holding out/ and node_modules/).
 */
export function extractApp(packed: PackedApp, dest: string): string {
  extractAll(packed.asar, dest);
  return dest;
}

export interface PackagedEngineRun {
  report: StartupReport;
  /** ready since the process started (module loading included) */
  readyMs: number;
  /** the process from spawn to exit */
  wallMs: number;
  /** the search's top hit when a file was ingested */
  topHit: string | null;
  /** the sqlite-vec library the packaged engine chose */
  vectorLibrary: StoreStatus['vectorLibrary'];
}

/** Runs scripts/package/packaged-engine.ts on an extracted app (see there); throws with its stderr if it fails. */
export function runPackagedEngine(appDir: string, modelsDir: string, dataDir: string, ...ingestAndQuery: string[]): PackagedEngineRun {
  const env: NodeJS.ProcessEnv = { ...process.env, DOCSEARCH_EP: 'cpu' };
  delete env.DOCSEARCH_MODELS_DIR;
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [path.join(repoRoot, 'out', 'scripts', 'package', 'packaged-engine.js'), appDir, modelsDir, dataDir, ...ingestAndQuery], { encoding: 'utf8', env });
  const wallMs = performance.now() - t0;
  if (r.status !== 0) throw new Error(`the packaged engine failed (exit ${r.status}): ${r.stderr}`);
  return { ...(JSON.parse(r.stdout) as Omit<PackagedEngineRun, 'wallMs'>), wallMs };
}
