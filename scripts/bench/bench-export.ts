/**
 * `npm run bench:export`: the searchable-PDF export (src-main/engine/export) on the 8 scanned pages of
 * ../shared/eval/pdf/jsquad-scanned-8p.pdf (4 horizontal, 4 vertical), read by the engine's OCR first.
 * - speed: pages per second of the whole export (read the file, copy the pages, lay the text, save),
 *   median of 5 runs, per way of writing vertical lines;
 * - what poppler copies: `pdftotext` of each exported page against the page's stored OCR text (CER,
 *   NFKC, whitespace removed), horizontal and vertical pages apart, for both ways of writing vertical
 *   lines (one run turned a quarter, or upright character by character): the export writes the better one.
 * `--store <db>` reuses a store that already holds the scan (skips the OCR, minutes on 2 cores).
 * Writes bench-results/export.{json,md}.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Engine } from '../../src-main/engine/engine.js';
import { exportSearchablePdf } from '../../src-main/engine/export/export-document.js';
import type { VerticalMode } from '../../src-main/engine/export/text-layer.js';
import { openDb } from '../../src-main/engine/store/db.js';
import { exportPages } from '../../src-main/engine/store/export-pages.js';
import { Repository } from '../../src-main/engine/store/repository.js';
import { cer } from '../lib/cer.js';
import { evalDir } from '../lib/paths.js';
import { machineInfo, percentile, writeResults } from '../lib/results.js';

const { values: flags } = parseArgs({ options: { store: { type: 'string' } } });
const scan = path.join(evalDir, 'pdf', 'jsquad-scanned-8p.pdf');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'docsearch-bench-export-'));
const RUNS = 5;

let store = flags.store;
let ocrSeconds: number | null = null;
if (!store) {
  store = path.join(tmp, 's.db');
  const engine = new Engine({ dbPath: store });
  const t0 = performance.now();
  await engine.ingest({ paths: [scan] });
  ocrSeconds = (performance.now() - t0) / 1000;
  engine.close();
}
const db = openDb(store);
const doc = new Repository(db).findBySha((await import('node:crypto')).createHash('sha256').update(fs.readFileSync(scan)).digest('hex'));
if (!doc || doc.pagesOcr === 0) throw new Error(`${store} holds no OCR of ${scan}`);
const pages = exportPages(db, doc.id);
// a page is vertical when most of its lines are taller than wide on the page
const vertical = new Set(
  pages
    .filter((p) => p.lines.filter((l) => l.box && l.box.h * (p.height ?? 1) > l.box.w * (p.width ?? 1)).length > p.lines.length / 2)
    .map((p) => p.pageNo),
);

const modes: VerticalMode[] = ['rotated', 'chars'];
const results = [];
for (const mode of modes) {
  const ms: number[] = [];
  let bytes: Uint8Array = new Uint8Array();
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    bytes = (await exportSearchablePdf(db, doc, { vertical: mode })).bytes;
    ms.push(performance.now() - t0);
  }
  const file = path.join(tmp, `${mode}.pdf`);
  fs.writeFileSync(file, bytes);
  const sum = { h: { errors: 0, refLen: 0 }, v: { errors: 0, refLen: 0 } };
  for (const p of pages) {
    const copied = execFileSync('pdftotext', ['-f', String(p.pageNo), '-l', String(p.pageNo), '-enc', 'UTF-8', file, '-'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const e = cer(copied, p.text);
    const s = vertical.has(p.pageNo) ? sum.v : sum.h;
    s.errors += e.errors;
    s.refLen += e.refLen;
  }
  const medianMs = percentile(ms, 50);
  results.push({
    vertical: mode,
    pages: pages.length,
    medianMs,
    pagesPerSecond: Math.round((pages.length / (medianMs / 1000)) * 10) / 10,
    bytes: bytes.length,
    cerHorizontal: Math.round((sum.h.errors / sum.h.refLen) * 10000) / 100,
    cerVertical: Math.round((sum.v.errors / sum.v.refLen) * 10000) / 100,
    verticalChars: sum.v.refLen,
  });
}
db.close();
fs.rmSync(tmp, { recursive: true, force: true });

const poppler = execFileSync('pdftotext', ['-v'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).split('\n')[0] || 'pdftotext';
const json = { machine: machineInfo(), file: path.basename(scan), verticalPages: [...vertical], ocrSeconds, runs: RUNS, poppler, results };
const md = [
  `# Searchable-PDF export (${path.basename(scan)}, ${pages.length} pages: ${pages.length - vertical.size} horizontal, ${vertical.size} vertical)`,
  '',
  `${json.machine.cpu}, ${json.machine.cores} cores, Node ${json.machine.node}, ${json.machine.date}; median of ${RUNS} exports; CER of \`pdftotext\` (${poppler}) against the stored OCR text.`,
  '',
  '| vertical lines written | pages/s | ms per export | size | CER horizontal pages | CER vertical pages |',
  '|---|---|---|---|---|---|',
  ...results.map((r) => `| ${r.vertical === 'rotated' ? 'one run turned a quarter (default)' : 'upright, character by character'} | ${r.pagesPerSecond} | ${r.medianMs} | ${(r.bytes / 1e6).toFixed(2)} MB | ${r.cerHorizontal} % | ${r.cerVertical} % |`),
].join('\n');
writeResults('export', json, md);
console.log(md);
