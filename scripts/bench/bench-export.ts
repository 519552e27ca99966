/**
 * `npm run bench:export`: the searchable-PDF export (src-main/engine/export) on the 8 scanned pages of
 * ../shared/eval/pdf/jsquad-scanned-8p.pdf (4 horizontal, 4 vertical), read by the engine's OCR first.
 * - speed: pages per second of the whole export (read the file, copy the pages, lay the text, save),
 *   median of 5 runs, per way of writing vertical lines;
 * - what viewers copy: `pdftotext` (poppler: Evince, Okular) of each exported page, and the text pdf.js
 *   (Firefox's viewer, and this app's own PDF reader) gives when the export is ingested, against the
 *   page's stored OCR text (CER, NFKC, whitespace removed), horizontal and vertical pages apart, for both
 *   ways of writing vertical lines (one run turned a quarter, or upright character by character): the
 *   export writes the better one.
 * `--store <db>` reuses a store that already holds the scan (skips the OCR, minutes on 2 cores).
 * Writes bench-results/export.{json,md}.
 */
import { execFileSync, spawnSync } from 'node:child_process';
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
  // pdf.js's text: the export ingested into a store of its own (its pages have a text layer now: no OCR)
  const reader = new Engine({ dbPath: path.join(tmp, `${mode}.db`) });
  await reader.ingest({ paths: [file] });
  const readId = reader.listDocuments()[0]!.id;
  reader.close();
  const readDb = openDb(path.join(tmp, `${mode}.db`));
  const read = exportPages(readDb, readId);
  readDb.close();
  const sum = { poppler: { h: { errors: 0, refLen: 0 }, v: { errors: 0, refLen: 0 } }, pdfjs: { h: { errors: 0, refLen: 0 }, v: { errors: 0, refLen: 0 } } };
  const add = (into: typeof sum.poppler, pageNo: number, text: string, ref: string) => {
    const e = cer(text, ref);
    const s = vertical.has(pageNo) ? into.v : into.h;
    s.errors += e.errors;
    s.refLen += e.refLen;
  };
  for (const p of pages) {
    const copied = execFileSync('pdftotext', ['-f', String(p.pageNo), '-l', String(p.pageNo), '-enc', 'UTF-8', file, '-'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    add(sum.poppler, p.pageNo, copied, p.text);
    add(sum.pdfjs, p.pageNo, read.find((r) => r.pageNo === p.pageNo)?.text ?? '', p.text);
  }
  const rate = (s: { errors: number; refLen: number }) => Math.round((s.errors / s.refLen) * 10000) / 100;
  const medianMs = percentile(ms, 50);
  results.push({
    vertical: mode,
    pages: pages.length,
    medianMs,
    pagesPerSecond: Math.round((pages.length / (medianMs / 1000)) * 10) / 10,
    bytes: bytes.length,
    cerPoppler: { horizontal: rate(sum.poppler.h), vertical: rate(sum.poppler.v) },
    cerPdfjs: { horizontal: rate(sum.pdfjs.h), vertical: rate(sum.pdfjs.v) },
    chars: { horizontal: sum.poppler.h.refLen, vertical: sum.poppler.v.refLen },
  });
}
db.close();
fs.rmSync(tmp, { recursive: true, force: true });

// pdftotext -v prints its version on stderr
const poppler = spawnSync('pdftotext', ['-v'], { encoding: 'utf8' }).stderr.split('\n')[0] || 'pdftotext';
const json = { machine: machineInfo(), file: path.basename(scan), verticalPages: [...vertical], ocrSeconds, runs: RUNS, poppler, results };
const md = [
  `# Searchable-PDF export (${path.basename(scan)}, ${pages.length} pages: ${pages.length - vertical.size} horizontal, ${vertical.size} vertical)`,
  '',
  `${json.machine.cpu}, ${json.machine.cores} cores, Node ${json.machine.node}, ${json.machine.date}; median of ${RUNS} exports; CER against the stored OCR text of \`pdftotext\` (${poppler}) and of pdf.js (the export ingested). OCR of the scan first: ${ocrSeconds === null ? 'reused store' : `${ocrSeconds.toFixed(0)} s`}.`,
  '',
  '| vertical lines written | pages/s | ms per export | size | CER pdftotext horizontal / vertical | CER pdf.js horizontal / vertical |',
  '|---|---|---|---|---|---|',
  ...results.map(
    (r) =>
      `| ${r.vertical === 'rotated' ? 'one run turned a quarter (default)' : 'upright, character by character'} | ${r.pagesPerSecond} | ${r.medianMs} | ${(r.bytes / 1e6).toFixed(2)} MB | ${r.cerPoppler.horizontal} % / ${r.cerPoppler.vertical} % | ${r.cerPdfjs.horizontal} % / ${r.cerPdfjs.vertical} % |`,
  ),
].join('\n');
writeResults('export', json, md);
console.log(md);
