/**
 * `npm run licenses`: the licence of every production dependency (what the installer ships) and of the
 * packages bundled into the renderer (out/renderer/bundled-packages.json, written by its Vite build), as a
 * Markdown table in bench-results/licenses.md; exits 1 if any licence would bind users unexpectedly.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot, writeResults } from './lib/results.js';

const BINDING = /\b(A?GPL|LGPL|SSPL|CC-BY-NC|BUSL|Commons-Clause)/i;
/** Reviewed exceptions, with the reason (repeated in the README). */
const REVIEWED: Record<string, string> = {
  '@img/sharp-libvips-': 'LGPL-3.0 libvips is a separate shared library that sharp loads at run time; it is shipped unmodified and replaceable, which the LGPL allows without binding the app',
};
const reviewed = (pkg: string) => Object.keys(REVIEWED).some((prefix) => pkg.startsWith(prefix));

const dirs = execFileSync('npm', ['ls', '--omit=dev', '--all', '--parseable'], { cwd: repoRoot, encoding: 'utf8' })
  .trim()
  .split('\n')
  .filter((d) => d !== repoRoot);
const rows = new Map<string, string>();
for (const dir of dirs) {
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name: string; version: string; license?: unknown };
  rows.set(`${pkg.name}@${pkg.version}`, typeof pkg.license === 'string' ? pkg.license : JSON.stringify(pkg.license ?? 'UNKNOWN'));
}
const bundled = JSON.parse(fs.readFileSync(path.join(repoRoot, 'out', 'renderer', 'bundled-packages.json'), 'utf8')) as { name: string; version: string; license: string }[];
const inRenderer = new Set<string>();
for (const b of bundled) {
  rows.set(`${b.name}@${b.version}`, b.license);
  inRenderer.add(`${b.name}@${b.version}`);
}
const sorted = [...rows].sort(([a], [b]) => a.localeCompare(b));
const bad = sorted.filter(([p, l]) => (BINDING.test(l) && !reviewed(p)) || l === '"UNKNOWN"');
const note = (p: string) => Object.entries(REVIEWED).find(([prefix]) => p.startsWith(prefix))?.[1] ?? (inRenderer.has(p) ? 'bundled into the renderer' : '');
const md = ['| package | licence | note |', '|---|---|---|', ...sorted.map(([p, l]) => `| ${p} | ${l} | ${note(p)} |`)].join('\n');
writeResults('licenses', Object.fromEntries(sorted), md);
console.log(md);
if (bad.length) {
  console.error(`licences that need review: ${bad.map(([p, l]) => `${p} (${l})`).join(', ')}`);
  process.exit(1);
}
