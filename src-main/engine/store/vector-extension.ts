/**
 * Which sqlite-vec library a process loads: the AVX build made at build time (scripts/native/build-sqlite-vec.mjs,
 * float search ~2× faster) on a CPU that has AVX, else the npm package's portable one. Decided once per
 * process: SQLite loads extensions with RTLD_GLOBAL, so a second build loaded beside the first would run the
 * first one's code anyway. DOCSEARCH_SQLITE_VEC=portable forces the portable library.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as sqliteVec from 'sqlite-vec';

export type VectorBuild = 'avx' | 'portable';

export interface VectorExtension {
  build: VectorBuild;
  /** the library's path (inside app.asar.unpacked in the packaged app) */
  path: string;
  /** why the portable library, when it is */
  reason?: string;
}

/** The choice itself (pure, for tests): the AVX build when it exists, the CPU has AVX and it is not turned off. */
export function chooseVectorExtension(o: { avxPath: string | null; portablePath: string; cpuHasAvx: boolean | null; forced?: string }): VectorExtension {
  const portable = (reason: string): VectorExtension => ({ build: 'portable', path: o.portablePath, reason });
  if (o.forced === 'portable') return portable('DOCSEARCH_SQLITE_VEC=portable');
  if (!o.avxPath) return portable('no AVX build in this installation');
  if (o.cpuHasAvx !== true) return portable(o.cpuHasAvx === false ? 'this CPU has no AVX' : "this CPU's features could not be read");
  return { build: 'avx', path: o.avxPath };
}

/** AVX in the CPU's feature flags (Linux: /proc/cpuinfo; macOS on Intel: sysctl), null when unknown. */
export function cpuHasAvx(): boolean | null {
  try {
    if (process.platform === 'linux') return /^flags\s*:.*\bavx\b/m.test(fs.readFileSync('/proc/cpuinfo', 'utf8'));
    if (process.platform === 'darwin') return /\bAVX1\.0\b/.test(execFileSync('sysctl', ['-n', 'machdep.cpu.features'], { encoding: 'utf8' }));
  } catch {
    return null;
  }
  return null;
}

/**
 * In the packaged app the libraries resolve inside app.asar, which SQLite's own dlopen cannot read (Electron
 * redirects only Node's addon loading). electron-builder unpacks them beside it, to app.asar.unpacked, so
 * the path is pointed there; outside a package it is unchanged.
 */
export function outsideAsar(file: string): string {
  return file.replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');
}

/** out/native/sqlite-vec-avx: beside this module's build output, or under out/ when run from the sources (tests) */
function avxLibrary(): string | null {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const name = process.platform === 'darwin' ? 'vec0.dylib' : 'vec0.so';
  const found = [path.join(here, '..', '..', '..', 'native'), path.join(here, '..', '..', '..', 'out', 'native')]
    .map((dir) => outsideAsar(path.join(dir, 'sqlite-vec-avx', name)))
    .find((file) => fs.existsSync(file));
  return found ?? null;
}

let chosen: VectorExtension | undefined;

export function vectorExtension(): VectorExtension {
  chosen ??= chooseVectorExtension({
    avxPath: avxLibrary(),
    portablePath: outsideAsar(sqliteVec.getLoadablePath()),
    cpuHasAvx: cpuHasAvx(),
    forced: process.env.DOCSEARCH_SQLITE_VEC,
  });
  return chosen;
}
