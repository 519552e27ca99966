/**
 * What the installer redistributes, for the licence report (`npm run licenses`) and the notices file that
 * ships inside it: every production dependency (npm ls --omit=dev), the packages the renderer bundles
 * (out/renderer/bundled-packages.json, written by its Vite build) and the models of models/manifest.json.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { loadManifest } from '../../src-main/engine/models/manifest.js';
import { modelsDir, repoRoot } from './paths.js';

export interface ShippedPackage {
  name: string;
  version: string;
  license: string;
  /** the installed package folder (its licence file is read from there); null if not found */
  dir: string | null;
  inRenderer: boolean;
}

export function shippedPackages(): ShippedPackage[] {
  const out = new Map<string, ShippedPackage>();
  const dirs = execFileSync('npm', ['ls', '--omit=dev', '--all', '--parseable'], { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
    .trim()
    .split('\n')
    .filter((d) => d !== repoRoot);
  for (const dir of dirs) {
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name: string; version: string; license?: unknown };
    out.set(`${pkg.name}@${pkg.version}`, { name: pkg.name, version: pkg.version, license: typeof pkg.license === 'string' ? pkg.license : JSON.stringify(pkg.license ?? 'UNKNOWN'), dir, inRenderer: false });
  }
  const require = createRequire(path.join(repoRoot, 'package.json'));
  const bundled = JSON.parse(fs.readFileSync(path.join(repoRoot, 'out', 'renderer', 'bundled-packages.json'), 'utf8')) as { name: string; version: string; license: string }[];
  for (const b of bundled) {
    let dir: string | null = null;
    try {
      dir = path.dirname(require.resolve(`${b.name}/package.json`));
    } catch {
      // a package without an exported package.json: listed without its licence text
    }
    out.set(`${b.name}@${b.version}`, { ...b, dir, inRenderer: true });
  }
  return [...out.values()].sort((a, b) => `${a.name}@${a.version}`.localeCompare(`${b.name}@${b.version}`));
}

// LICENSE_FONT: the OFL text of @expo-google-fonts/noto-sans-jp (its LICENSE is the package's MIT)
const LICENCE_FILE = /^(licen[cs]e|copying|notice)(\.|-|_|$)/i;

function licenceFiles(p: ShippedPackage): string[] {
  return p.dir ? fs.readdirSync(p.dir).filter((f) => LICENCE_FILE.test(f)).sort() : [];
}

/** resources/licenses/<name>.txt files a licence expression needs (the LGPL builds on the GPL's text). */
export function standardTexts(licence: string): string[] {
  const out: string[] = [];
  if (/\bMIT\b/i.test(licence)) out.push('MIT');
  if (/\bApache/i.test(licence)) out.push('Apache-2.0');
  if (/\bLGPL-3/i.test(licence)) out.push('LGPL-3.0', 'GPL-3.0');
  return out;
}

/**
 * THIRD-PARTY-NOTICES.txt: each shipped package with its licence and the text of its licence and notice
 * files (MIT, BSD and Apache-2.0 ask for them to travel with copies), then each model with its licence and
 * origin, then the standard texts (resources/licenses) that packages without a licence file and the models
 * rely on. Electron's own notices come with Electron (LICENSE, LICENSES.chromium.html).
 */
export function noticesText(packages: readonly ShippedPackage[]): string {
  const parts = ['文書検索 (docsearch): third-party software and models shipped in this installer.', ''];
  for (const p of packages) {
    parts.push('='.repeat(78), `${p.name} ${p.version} — ${p.license}${p.inRenderer ? ' (bundled into the user interface)' : ''}`, '');
    const files = licenceFiles(p);
    if (!files.length) parts.push(`(the package carries no licence file; its licence is ${p.license})`, '');
    for (const f of files) parts.push(fs.readFileSync(path.join(p.dir!, f), 'utf8').trim(), '');
  }
  const manifest = loadManifest(modelsDir);
  parts.push('='.repeat(78), 'Models (resources/models, listed in models/manifest.json)', '');
  for (const m of manifest.models) parts.push(`${m.id} — ${m.licence}`, `  ${m.origin}`, ...m.files.map((f) => `  ${f.path} (sha256 ${f.sha256})`), ...m.variants.map((v) => `  ${v.file.path} (sha256 ${v.file.sha256}; ${v.id} weights made from ${v.source.path} by ${v.tool})`), '');
  // the standard texts that packages without a licence file of their own, and the models, rely on
  const needed = new Set([...packages.filter((p) => !licenceFiles(p).length).map((p) => p.license), ...manifest.models.map((m) => m.licence)].flatMap(standardTexts));
  for (const t of [...needed].sort()) parts.push('='.repeat(78), `Licence text: ${t}`, '', fs.readFileSync(path.join(repoRoot, 'resources', 'licenses', `${t}.txt`), 'utf8').trim(), '');
  return parts.join('\n');
}

/** Writes out/notices/THIRD-PARTY-NOTICES.txt, which electron-builder ships as an extra resource; returns what it lists. */
export function writeNotices(): ShippedPackage[] {
  const file = path.join(repoRoot, 'out', 'notices', 'THIRD-PARTY-NOTICES.txt');
  const packages = shippedPackages();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, noticesText(packages));
  return packages;
}
