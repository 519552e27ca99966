/**
 * `npm run fuzz -- [--seconds 600] [--seed 1] [--ocr on|off|both] [--timeout 60] [--ocr-page 15] [--rss-limit 3072]`: the seeded
 * mutation loop of fuzz-loop.ts, bounded in time. With OCR on, pages without a text layer are rendered and
 * read (where big images hurt); off, many more inputs run per second. Findings (input + finding.json) go to
 * bench-results/tmp/fuzz-findings/ (not committed); the summary to bench-results/fuzz.{json,md}.
 * Exits 1 when there is a finding.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot } from '../lib/paths.js';
import { machineInfo, writeResults } from '../lib/results.js';
import { runFuzz, type FuzzSummary } from './fuzz-loop.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '600' },
    seed: { type: 'string', default: '1' },
    ocr: { type: 'string', default: 'on' },
    timeout: { type: 'string', default: '60' },
    'ocr-page': { type: 'string', default: '15' },
    'rss-limit': { type: 'string', default: '3072' },
  },
});
if (!['on', 'off', 'both'].includes(values.ocr)) throw new Error('--ocr is on, off or both');

const findingsRoot = path.join(repoRoot, 'bench-results', 'tmp', 'fuzz-findings');
const runs: FuzzSummary[] = [];
for (const ocr of values.ocr === 'both' ? [false, true] : [values.ocr === 'on']) {
  const summary = await runFuzz({
    seconds: Number(values.seconds),
    seed: Number(values.seed),
    ocr,
    timeoutMs: Number(values.timeout) * 1000,
    ocrPageMs: Number(values['ocr-page']) * 1000,
    rssLimit: Number(values['rss-limit']) * 2 ** 20,
    findingsDir: path.join(findingsRoot, `seed-${values.seed}-ocr-${ocr ? 'on' : 'off'}`),
    log: (l) => console.error(`fuzz (OCR ${ocr ? 'on' : 'off'}): ${l}`),
  });
  runs.push(summary);
}

const kinds = ['crash', 'hang', 'oom', 'internal-error', 'threw', 'inconsistent-store'] as const;
const md = [
  `Seeded mutation loop (scripts/fuzz): real PDFs, PNG/JPEG/TIFF crops of scanned pages and UTF-8/Shift_JIS/Markdown text, mutated (bit flips, byte runs, truncation, splicing, PDF dictionary numbers and xref offsets, image header dimensions, text encodings and long lines), each ingested by a real Engine in a child process; time bound ${values.timeout} s per input (the engine's OCR budget set to ${values['ocr-page']} s per page), memory limit ${values['rss-limit']} MiB. ${machineInfo().cores} cores, shared with other work.`,
  '',
  `| OCR | seed | seconds | executions | exec/s | outcomes | child peak RSS | distinct findings | ${kinds.join(' | ')} |`,
  `|---|---:|---:|---:|---:|---|---:|---:|${kinds.map(() => '---:|').join('')}`,
  ...runs.map(
    (r) =>
      `| ${r.ocr ? 'on' : 'off'} | ${r.seed} | ${r.seconds.toFixed(0)} | ${r.executions} | ${r.execPerSec.toFixed(1)} | ${Object.entries(r.outcomes)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')} | ${r.peakChildRssMiB} MiB | ${r.findings.length} | ${kinds.map((k) => r.findingsByKind[k] ?? 0).join(' | ')} |`,
  ),
  '',
  ...runs.flatMap((r) => (r.findings.length ? [`Findings with OCR ${r.ocr ? 'on' : 'off'}:`, '', ...r.findings.map((f) => `- ${f.count}× ${f.signature.slice(0, 300)} — ${f.recipe} (${f.input})`), ''] : [])),
  ...runs.flatMap((r) => [`Slowest inputs that got a result (OCR ${r.ocr ? 'on' : 'off'}):`, '', ...r.slowest.map((x) => `- ${(x.ms / 1000).toFixed(1)} s, ${x.outcome}: ${x.recipe}`), '']),
  'Most common reasons an input failed (OCR ' + (runs.at(-1)!.ocr ? 'on' : 'off') + ', numbers and paths blanked):',
  '',
  ...runs.at(-1)!.failureReasons.map((f) => `- ${f.count}× ${f.reason}`),
].join('\n');
writeResults('fuzz', { machine: machineInfo(), runs }, md);
console.log(md);
process.exitCode = runs.some((r) => r.findings.length) ? 1 : 0;
