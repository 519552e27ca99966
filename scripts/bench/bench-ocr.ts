/**
 * `npm run bench:ocr` (also run by `npm run bench`): OCR speed and memory through the real engine.
 * - model load: the default strategy's sessions created, on a fresh engine;
 * - per page, end to end (render → detect → recognise → index), median over the image-only pages of
 *   ../shared/eval/pdf/jsquad-scanned-8p.pdf and maint-guide-scanned-10p.pdf, with the CPU time the process
 *   used over the same wall time (2 = both cores busy);
 * - Debian's tesseract CLI (when installed) on the same scans' page images in the same run, single-threaded
 *   (OMP_THREAD_LIMIT=1: its OpenMP threads made it ~4× slower on 2 cores), `jpn` or `jpn_vert`;
 * - peak RSS while ingesting a long scan: --pages N (default 40) pages made by repeating those pages with
 *   qpdf (skipped with a note when qpdf is not installed), RSS sampled every 100 ms, with the first and
 *   second half compared so growth per page is visible.
 * - the choices behind the default: recognition batch size (lines per session.run) and the detector's
 *   input size, timed on four of the scan pages (CER of the detector sizes: npm run eval:ocr);
 * Writes bench-results/ocr-speed.{json,md} (load, per page, choices) and ocr-rss.{json,md} (long scan);
 * `--only speed` or `--only rss` runs one part (the long scan takes ~30 min at 300 pages).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { IngestEvent } from '#shared/api';
import { ModelRegistry } from '../../src-main/engine/models/registry.js';
import { loadImage } from '../../src-main/engine/images/decode.js';
import { OcrModels } from '../../src-main/engine/ocr/models.js';
import { ocrImage } from '../../src-main/engine/ocr/pipeline.js';
import { OCR_STRATEGIES, type OcrStrategy } from '../../src-main/engine/ocr/strategies.js';
import { Engine } from '../../src-main/engine/engine.js';
import { machineInfo, percentile, writeResults } from '../lib/results.js';
import { evalDir, modelsDir } from '../lib/paths.js';

const { values: flags } = parseArgs({ options: { pages: { type: 'string', default: '40' }, only: { type: 'string' } } });
const longPages = Number(flags.pages);
const scans = ['jsquad-scanned-8p.pdf', 'maint-guide-scanned-10p.pdf'].map((f) => path.join(evalDir, 'pdf', f));
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'docsearch-bench-ocr-'));
const mb = (b: number) => Math.round(b / 1048576);

async function modelLoad() {
  const engine = new Engine({ dbPath: path.join(tmp, 'load.db') });
  const t0 = performance.now();
  const { models, strategy, reason } = await engine.pageOcr();
  if (!models || !strategy) throw new Error(`OCR unavailable: ${reason}`);
  await models.warm(strategy);
  const ms = performance.now() - t0;
  engine.close();
  return { ms, strategy: strategy.id };
}

async function perPage() {
  const engine = new Engine({ dbPath: path.join(tmp, 'pages.db') });
  const { models, strategy } = await engine.pageOcr();
  await models?.warm(strategy!); // models loaded before timing
  const started = new Map<string, number>();
  const times: number[] = [];
  const onEvent = (e: IngestEvent) => {
    if (e.type === 'page-stage' && e.stage === 'render') started.set(`${e.path}#${e.page}`, performance.now());
    if (e.type === 'page') {
      const t = started.get(`${e.path}#${e.page}`);
      if (t !== undefined) times.push(performance.now() - t);
    }
  };
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await engine.ingest({ paths: scans }, { emit: onEvent });
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  engine.close();
  return { pages: times.length, p50: percentile(times, 50), p95: percentile(times, 95), max: percentile(times, 100), cores: Math.round(((cpu.user + cpu.system) / 1000 / wall) * 100) / 100 };
}

/** Median page time of variants of the default strategy on four scan pages (two horizontal Japanese, two maintguide). */
async function choices() {
  const pages = await Promise.all(
    ['jsquad-pages/scan/h01.jpg', 'jsquad-pages/scan/h02.jpg', 'maintguide/scan/p13.jpg', 'maintguide/scan/p14.jpg'].map(async (f) => (await loadImage(path.join(evalDir, 'ocr', f))).image),
  );
  const registry = new ModelRegistry({ modelsDir, dataDir: tmp });
  const models = new OcrModels(registry);
  const v6 = OCR_STRATEGIES['ppocr-v6'];
  const time = async (run: (page: (typeof pages)[number]) => Promise<number>) => {
    await run(pages[0]!);
    const ms: number[] = [];
    for (const p of pages) ms.push(await run(p));
    return percentile(ms, 50);
  };
  const batch: { batchSize: number; p50: number }[] = [];
  for (const batchSize of [1, 2, 4, 8]) {
    const s: OcrStrategy = { ...v6, read: { ...v6.read, batchSize } };
    batch.push({ batchSize, p50: await time(async (p) => (await ocrImage(p, { models, strategy: s })).ms.total) });
  }
  const detector: { limitSide: number; p50: number }[] = [];
  for (const limitSide of [736, 960, 1280, 1600]) {
    const d = await models.detector({ ...v6, detect: { limitSide } });
    detector.push({ limitSide, p50: await time(async (p) => (await d.detect(p)).ms.total) });
  }
  await registry.close();
  return { batch, detector };
}

/** Debian tesseract on the page images of the same scans (../shared/eval/ocr/…/scan), one thread. */
function debianTesseract() {
  try {
    execFileSync('tesseract', ['--version'], { stdio: 'ignore' });
  } catch {
    return undefined;
  }
  const pages = [
    ...fs.readdirSync(path.join(evalDir, 'ocr', 'jsquad-pages', 'scan')).map((f) => ({ file: path.join(evalDir, 'ocr', 'jsquad-pages', 'scan', f), vertical: f.startsWith('v') })),
    ...fs.readdirSync(path.join(evalDir, 'ocr', 'maintguide', 'scan')).map((f) => ({ file: path.join(evalDir, 'ocr', 'maintguide', 'scan', f), vertical: false })),
  ];
  const times = pages.map(({ file, vertical }) => {
    const t0 = performance.now();
    execFileSync('tesseract', [file, '-', '-l', vertical ? 'jpn_vert' : 'jpn', '--psm', vertical ? '5' : '3'], { stdio: ['ignore', 'ignore', 'ignore'], env: { ...process.env, OMP_THREAD_LIMIT: '1' } });
    return performance.now() - t0;
  });
  const version = execFileSync('tesseract', ['--version'], { encoding: 'utf8' }).split('\n')[0]!.trim();
  return { version, pages: times.length, p50: percentile(times, 50), p95: percentile(times, 95) };
}

async function peakRss() {
  try {
    execFileSync('qpdf', ['--version'], { stdio: 'ignore' });
  } catch {
    return { skipped: 'qpdf is not installed' };
  }
  const file = path.join(tmp, `scan-${longPages}p.pdf`);
  const reps = Math.ceil(longPages / 18);
  const args = ['--empty', '--pages'];
  for (let i = 0; i < reps; i++) args.push(scans[0]!, scans[1]!);
  execFileSync('qpdf', [...args, '--', path.join(tmp, 'all.pdf')]);
  execFileSync('qpdf', ['--empty', '--pages', path.join(tmp, 'all.pdf'), `1-${longPages}`, '--', file]);
  const engine = new Engine({ dbPath: path.join(tmp, 'long.db') });
  const samples: { page: number; rss: number }[] = [];
  let page = 0;
  const timer = setInterval(() => samples.push({ page, rss: process.memoryUsage().rss }), 100);
  const t0 = performance.now();
  await engine.ingest({ paths: [file] }, {
    emit: (e) => {
      if (e.type === 'page') page = e.page;
    },
  });
  const ms = performance.now() - t0;
  clearInterval(timer);
  engine.close();
  const peak = Math.max(...samples.map((s) => s.rss));
  const half = (a: number, b: number) => Math.max(0, ...samples.filter((s) => s.page >= a && s.page < b).map((s) => s.rss));
  return { pages: longPages, fileMb: mb(fs.statSync(file).size), seconds: Math.round(ms / 100) / 10, peakRssMb: mb(peak), firstHalfPeakMb: mb(half(0, longPages / 2)), secondHalfPeakMb: mb(half(longPages / 2, longPages + 1)) };
}

const header = ['| measurement | result | goal | |', '|---|---|---|---|'];
try {
  if (flags.only !== 'rss') {
    const load = await modelLoad();
    const pages = await perPage();
    const tess = debianTesseract();
    const chosen = await choices();
    const ratio = tess ? pages.p50 / tess.p50 : NaN;
    const md = [
      ...header,
      `| OCR model load (${load.strategy}) | ${(load.ms / 1000).toFixed(2)} s | ≤ 1 s | ${load.ms <= 1000 ? 'met' : '**missed**'} |`,
      `| OCR page end to end (render → index), ${pages.pages} scanned pages: p50 / p95 / max | ${(pages.p50 / 1000).toFixed(2)} / ${(pages.p95 / 1000).toFixed(2)} / ${(pages.max / 1000).toFixed(2)} s | p50 ≤ 1.0 s | ${pages.p50 <= 1000 ? 'met' : '**missed**'} |`,
      `| cores busy while ingesting (CPU time / wall time) | ${pages.cores} | | |`,
      tess
        ? `| ${tess.version}, one thread, the same ${tess.pages} pages: p50 / p95 | ${(tess.p50 / 1000).toFixed(2)} / ${(tess.p95 / 1000).toFixed(2)} s | | |`
        : '| Debian tesseract | not installed | | |',
      `| ours / tesseract (p50) | ${Number.isFinite(ratio) ? `${ratio.toFixed(2)} ×` : '–'} | ≤ 0.7 × | ${ratio <= 0.7 ? 'met' : '**missed**'} |`,
      '',
      'Recognition batch size (lines per session.run, sorted by width, padded to the widest), OCR time a page p50 on four scan pages:',
      '',
      `| batch | ${chosen.batch.map((b) => b.batchSize).join(' | ')} |`,
      `|---|${chosen.batch.map(() => '---:').join('|')}|`,
      `| s/page | ${chosen.batch.map((b) => (b.p50 / 1000).toFixed(2)).join(' | ')} |`,
      '',
      "Detector input (longest side, px), detection time a page p50 (the CER of 960 vs 1280: bench-results/ocr.md):",
      '',
      `| longest side | ${chosen.detector.map((d) => d.limitSide).join(' | ')} |`,
      `|---|${chosen.detector.map(() => '---:').join('|')}|`,
      `| detection s | ${chosen.detector.map((d) => (d.p50 / 1000).toFixed(2)).join(' | ')} |`,
    ].join('\n');
    writeResults('ocr-speed', { machine: machineInfo(), modelLoad: load, perPage: pages, debianTesseract: tess ?? null, choices: chosen }, md);
    console.log(md);
  }
  if (flags.only !== 'speed') {
    const rss = await peakRss();
    const md = [
      ...header,
      'skipped' in rss
        ? `| peak RSS, long scan | not measured: ${rss.skipped} | ≤ 1.2 GB (300 pages) | |`
        : `| peak RSS ingesting a ${rss.pages}-page scan (${rss.fileMb} MB, ${rss.seconds} s): whole run / first half / second half | ${rss.peakRssMb} / ${rss.firstHalfPeakMb} / ${rss.secondHalfPeakMb} MB | ≤ 1.2 GB (300 pages) | ${rss.peakRssMb <= 1229 ? 'met' : '**missed**'} |`,
    ].join('\n');
    writeResults('ocr-rss', { machine: machineInfo(), rss }, md);
    console.log(md);
  }
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
