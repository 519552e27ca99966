#!/usr/bin/env node
/**
 * BUILD TIME ONLY (the last step of `npm run build`): sqlite-vec compiled with its AVX distance kernels, to
 * out/native/sqlite-vec-avx/vec0.{so,dylib}. The prebuilt library of the npm package has none (no ymm
 * instruction in it): its float top-10 over 100,000 × 256 vectors takes 43 ms here, this build's 17–21 ms.
 * The app loads this build only on a CPU that has AVX (src-main/engine/store/vector-extension.ts) and
 * the npm package's library otherwise, so both ship.
 *
 * The source is the same release as the npm package (checked): the crates.io crate of sqlite-vec, which
 * carries the amalgamation sqlite-vec.c, pinned by sha256 and kept in .cache/sqlite-vec. Set
 * SQLITE_VEC_CRATE=<file> to take the .crate from a mirror or a USB stick instead. A C compiler (`cc`, or
 * $CC) is needed, as node-gyp needs one for better-sqlite3. x64 Linux and macOS only (Windows: the portable
 * library; README, Known limits). Offline without the cached crate, or with no compiler, it says so and the
 * build goes on: the app then uses the portable library everywhere.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The checkout: the nearest folder above this script holding package.json (as scripts/lib/paths.ts finds it). */
const root = (function up(dir) {
  return fs.existsSync(path.join(dir, 'package.json')) || path.dirname(dir) === dir ? dir : up(path.dirname(dir));
})(path.dirname(fileURLToPath(import.meta.url)));

const CRATE = { version: '0.1.9', sha256: 'd0ba424237a9a5db2f6071f193319e2b6a32f7f3961debb2fbbfe67067abce3f' };
const LIB = process.platform === 'darwin' ? 'vec0.dylib' : 'vec0.so';
const out = path.join(root, 'out', 'native', 'sqlite-vec-avx', LIB);
const cache = path.join(root, '.cache', 'sqlite-vec', CRATE.version);
// -O3 lets the compiler vectorise the other distance functions with AVX too; the library is loaded only where AVX is
const FLAGS = ['-O3', '-mavx', '-fPIC', '-DSQLITE_VEC_ENABLE_AVX', ...(process.platform === 'darwin' ? ['-dynamiclib'] : ['-shared'])];

const sha256 = (file) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const say = (line) => console.log(`build-sqlite-vec: ${line}`);

async function crateFile() {
  const file = process.env.SQLITE_VEC_CRATE ? path.resolve(process.env.SQLITE_VEC_CRATE) : path.join(cache, `sqlite-vec-${CRATE.version}.crate`);
  if (!fs.existsSync(file) && !process.env.SQLITE_VEC_CRATE) {
    const url = `https://static.crates.io/crates/sqlite-vec/sqlite-vec-${CRATE.version}.crate`;
    const res = await fetch(url, { signal: AbortSignal.timeout(30_000) });
    if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
    fs.mkdirSync(cache, { recursive: true });
    fs.writeFileSync(`${file}.${process.pid}`, Buffer.from(await res.arrayBuffer()));
    fs.renameSync(`${file}.${process.pid}`, file);
  }
  const got = sha256(file);
  if (got !== CRATE.sha256) throw new Error(`${file} has sha256 ${got}, expected ${CRATE.sha256} (sqlite-vec ${CRATE.version})`);
  return file;
}

async function main() {
  if (process.arch !== 'x64' || !['linux', 'darwin'].includes(process.platform)) return say(`not built on ${process.platform}-${process.arch}; the app uses the npm package's library`);
  const npmVersion = JSON.parse(fs.readFileSync(path.join(root, 'node_modules', 'sqlite-vec', 'package.json'), 'utf8')).version;
  if (npmVersion !== CRATE.version) throw new Error(`the npm package sqlite-vec is ${npmVersion}, this script builds ${CRATE.version}: pin the same release in both`);
  const built = path.join(cache, 'avx', LIB);
  const stamp = `${built}.sha256`;
  if (!(fs.existsSync(built) && fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === `${CRATE.sha256} ${FLAGS.join(' ')}`)) {
    // a folder and a file name of this run's own, renamed into place: two builds at once do not meet
    const crate = await crateFile();
    const src = fs.mkdtempSync(path.join(cache, 'src-'));
    try {
      execFileSync('tar', ['-xzf', crate, '-C', src, '--strip-components=1']);
      fs.mkdirSync(path.dirname(built), { recursive: true });
      const t0 = Date.now();
      execFileSync(process.env.CC || 'cc', [...FLAGS, `-I${src}`, path.join(src, 'sqlite-vec.c'), '-o', `${built}.${process.pid}`, '-lm'], { stdio: ['ignore', 'inherit', 'inherit'] });
      fs.renameSync(`${built}.${process.pid}`, built);
      fs.writeFileSync(stamp, `${CRATE.sha256} ${FLAGS.join(' ')}`);
      say(`compiled sqlite-vec ${CRATE.version} with AVX in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    } finally {
      fs.rmSync(src, { recursive: true, force: true });
    }
  }
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.copyFileSync(built, `${out}.${process.pid}`);
  fs.renameSync(`${out}.${process.pid}`, out);
}

try {
  await main();
} catch (e) {
  fs.rmSync(out, { force: true });
  say(`NOT BUILT (${e.message}); the app uses the npm package's library (float search about 2× slower)`);
}
