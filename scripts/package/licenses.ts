/**
 * `npm run licenses`: the licence of every production dependency (what the installer ships) and of the
 * packages bundled into the renderer (scripts/lib/shipped.ts), as a Markdown table in
 * bench-results/licenses.md; exits 1 if any licence would bind users unexpectedly.
 */
import { writeResults } from '../lib/results.js';
import { shippedPackages } from '../lib/shipped.js';

const BINDING = /\b(A?GPL|LGPL|SSPL|CC-BY-NC|BUSL|Commons-Clause)/i;
/** Reviewed exceptions, with the reason (repeated in the README). */
const REVIEWED: Record<string, string> = {
  '@img/sharp-libvips-': 'LGPL-3.0 libvips is a separate shared library that sharp loads at run time; it is shipped unmodified and replaceable, which the LGPL allows without binding the app',
};
const reviewed = (pkg: string) => Object.keys(REVIEWED).some((prefix) => pkg.startsWith(prefix));

const packages = shippedPackages();
const rows = new Map(packages.map((p) => [`${p.name}@${p.version}`, p.license]));
const inRenderer = new Set(packages.filter((p) => p.inRenderer).map((p) => `${p.name}@${p.version}`));
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
