/**
 * OCR accuracy and speed on the evaluation pages (../shared/eval/ocr): CER = Levenshtein / reference
 * length, both NFKC-normalised with all whitespace removed, per page and per set, for each OCR strategy
 * (ocr/strategies.ts) and a few variants of the default that show what its choices are worth, plus
 * Debian's `tesseract` CLI (when installed; single-threaded) on the same pages in the same run.
 * Post-correction rules are also measured one at a time on the raw output of each configuration.
 *
 *   npm run eval:ocr [-- --configs ppocr-v6,legacy --sets mg-clean,jv-scan --pages 3] [--models DIR --name NAME]
 *
 * Writes bench-results/ocr.{json,md}, or NAME.{json,md}. `--models` reads another models folder (with its
 * own manifest: e.g. a recogniser quantised to try it, README "OCR recogniser int8").
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { ModelRegistry } from '../../src-main/engine/models/registry.js';
import { loadImage } from '../../src-main/engine/images/decode.js';
import { rotateImage } from '../../src-main/engine/ocr/warp.js';
import { OcrModels } from '../../src-main/engine/ocr/models.js';
import { ocrImage } from '../../src-main/engine/ocr/pipeline.js';
import { ALL_RULES, postCorrect, type RuleName } from '../../src-main/engine/ocr/postcorrect.js';
import { OCR_STRATEGIES, type OcrStrategy } from '../../src-main/engine/ocr/strategies.js';
import { cer } from '../lib/cer.js';
import { machineInfo, writeResults } from '../lib/results.js';
import { evalDir, modelsDir } from '../lib/paths.js';

interface EvalSet {
  id: string;
  label: string;
  dir: string;
  gtDir: string;
  pages: string[];
  vertical: boolean;
}

const ocrDir = path.join(evalDir, 'ocr');

function pagesIn(dir: string, filter: (name: string) => boolean): string[] {
  return fs
    .readdirSync(dir)
    .filter((f) => /\.(png|jpg)$/.test(f) && filter(f))
    .sort();
}

function sets(): EvalSet[] {
  const mg = path.join(ocrDir, 'maintguide');
  const js = path.join(ocrDir, 'jsquad-pages');
  const mk = (id: string, label: string, root: string, kind: string, f: (n: string) => boolean, vertical: boolean): EvalSet => ({
    id,
    label,
    dir: path.join(root, kind),
    gtDir: path.join(root, 'gt'),
    pages: pagesIn(path.join(root, kind), f),
    vertical,
  });
  return [
    mk('mg-clean', 'maintguide clean', mg, 'clean', () => true, false),
    mk('mg-scan', 'maintguide scan', mg, 'scan', () => true, false),
    mk('jh-clean', 'JSQuAD horizontal clean', js, 'clean', (n) => n.startsWith('h'), false),
    mk('jh-scan', 'JSQuAD horizontal scan', js, 'scan', (n) => n.startsWith('h'), false),
    mk('jv-clean', 'JSQuAD vertical clean', js, 'clean', (n) => n.startsWith('v'), true),
    mk('jv-scan', 'JSQuAD vertical scan', js, 'scan', (n) => n.startsWith('v'), true),
  ];
}

interface ConfigSpec {
  name: string;
  strategy?: OcrStrategy;
  /** Debian tesseract CLI */
  cli?: boolean;
}

const v6 = OCR_STRATEGIES['ppocr-v6'];
const CONFIGS: ConfigSpec[] = [
  { name: 'ppocr-v6 (default)', strategy: v6 },
  // what the default's choices are worth
  { name: 'ppocr-v6, detector at 960 px', strategy: { ...v6, detect: { limitSide: 960 } } },
  { name: 'ppocr-v6 unsqueezed', strategy: { ...v6, read: { ...v6.read, squeeze: 1, latinSqueeze: 1 } } },
  { name: 'ppocr-v6 unrepaired columns', strategy: { ...v6, read: { ...v6.read, repair: false } } },
  { name: 'ppocr-v6 + v4 detector', strategy: { ...v6, detector: 'ppocr-v4-det' } },
  { name: 'ppocr-v6 + tesseract merge', strategy: { ...v6, lines: 'ppocr+tesseract', pad: 0.15 } },
  { name: 'ppocr-v5', strategy: OCR_STRATEGIES['ppocr-v5'] },
  { name: 'legacy', strategy: OCR_STRATEGIES.legacy },
  { name: 'tesseract.js page', strategy: OCR_STRATEGIES['tesseract-page'] },
  { name: 'Debian tesseract page', cli: true },
];

function cliAvailable(): boolean {
  try {
    execFileSync('tesseract', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function cliVersion(): string {
  try {
    return execFileSync('tesseract', ['--version'], { encoding: 'utf8' }).split('\n')[0]!.trim();
  } catch {
    return 'not installed';
  }
}

function runCli(file: string, vertical: boolean): string {
  const args = [file, '-', '-l', vertical ? 'jpn_vert' : 'jpn', '--psm', vertical ? '5' : '3'];
  // OpenMP on 2 cores made it ~4× slower (9 s vs 2 s a page): one thread
  return execFileSync('tesseract', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], env: { ...process.env, OMP_THREAD_LIMIT: '1' } });
}

/** A scanned page turned by `rotation` (clockwise) and read by the default strategy: is it put upright? */
interface RotatedRow {
  set: string;
  page: string;
  rotation: number;
  errors: number;
  refLen: number;
  /** the clockwise rotation and direction the pipeline chose, and whether they undo the turn */
  chosen: string;
  right: boolean;
}

interface PageRow {
  set: string;
  page: string;
  config: string;
  cer: number;
  errors: number;
  refLen: number;
  ms: number;
  detectMs?: number;
  recogniseMs?: number;
  lines?: number;
  /** CER with postcorrect off and each rule alone (only for pipeline configs) */
  rules?: Record<string, number>;
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const wantConfigs = arg('configs')?.split(',');
  const wantSets = arg('sets')?.split(',');
  const maxPages = Number(arg('pages') ?? Infinity);
  const hasCli = cliAvailable();
  const configs = CONFIGS.filter((c) => (!wantConfigs || wantConfigs.includes(c.name)) && (!c.cli || hasCli));
  const evalSets = sets().filter((s) => !wantSets || wantSets.includes(s.id));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'docsearch-eval-ocr-'));
  const registry = new ModelRegistry({ modelsDir: arg('models') ? path.resolve(arg('models')!) : modelsDir, dataDir });
  const models = new OcrModels(registry);
  const rows: PageRow[] = [];
  const rotated: RotatedRow[] = [];
  const dumpDir = process.env.OCR_DUMP;
  try {
    // warm-up: load every model once so the first page is not charged for it
    const warm = await loadImage(path.join(evalSets[0]!.dir, evalSets[0]!.pages[0]!));
    for (const c of configs) if (c.strategy) await ocrImage(warm.image, { models, strategy: c.strategy, postCorrect: false });

    for (const set of evalSets) {
      for (const page of set.pages.slice(0, maxPages)) {
        const file = path.join(set.dir, page);
        const id = page.replace(/\.\w+$/, '');
        const ref = fs.readFileSync(path.join(set.gtDir, `${id}.txt`), 'utf8');
        const t0 = performance.now();
        const loaded = await loadImage(file);
        const loadMs = performance.now() - t0;
        for (const c of configs) {
          if (c.cli) {
            const t = performance.now();
            const text = runCli(file, set.vertical);
            const ms = performance.now() - t;
            const e = cer(text, ref);
            rows.push({ set: set.id, page: id, config: c.name, cer: e.errors / e.refLen, ...e, ms });
            if (dumpDir) fs.writeFileSync(path.join(dumpDir, `${set.id}-${id}-${c.name}.txt`), text);
            continue;
          }
          const r = await ocrImage(loaded.image, { models, strategy: c.strategy!, postCorrect: false });
          const raw = r.lines.map((l) => l.text);
          const corrected = r.lines.map((l) => postCorrect(l.text, { vertical: l.vertical, rules: c.strategy!.postCorrect })).join('\n');
          const e = cer(corrected, ref);
          const rules: Record<string, number> = { none: cer(raw.join('\n'), ref).errors };
          for (const rule of ALL_RULES) rules[rule] = cer(r.lines.map((l) => postCorrect(l.text, { vertical: l.vertical, rules: [rule as RuleName] })).join('\n'), ref).errors;
          rows.push({
            set: set.id,
            page: id,
            config: c.name,
            cer: e.errors / e.refLen,
            ...e,
            ms: r.ms.total + loadMs,
            detectMs: r.ms.detect,
            recogniseMs: r.ms.recognise,
            lines: r.lines.length,
            rules,
          });
          if (dumpDir) fs.writeFileSync(path.join(dumpDir, `${set.id}-${id}-${c.name}.txt`), corrected);
          process.stderr.write(`${set.id} ${id} ${c.name}: CER ${((100 * e.errors) / e.refLen).toFixed(2)} % ${Math.round(r.ms.total)} ms\n`);
        }
        if (set.id.endsWith('-scan') && configs.includes(CONFIGS[0]!)) {
          for (const rotation of [90, 180, 270] as const) {
            const r = await ocrImage(rotateImage(loaded.image, rotation), { models, strategy: v6 });
            const e = cer(r.lines.map((l) => l.text).join('\n'), ref);
            const vertical = r.lines.length > 0 && r.lines.filter((l) => l.vertical).length * 2 > r.lines.length;
            const right = r.orientation === (360 - rotation) % 360 && vertical === set.vertical;
            rotated.push({ set: set.id, page: id, rotation, ...e, chosen: `${r.orientation}° ${vertical ? 'vertical' : 'horizontal'}`, right });
          }
        }
      }
    }
  } finally {
    await models.close();
    await registry.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  report(rows, rotated, configs, evalSets, hasCli);
}

function pct(x: number): string {
  return Number.isFinite(x) ? `${(100 * x).toFixed(2)} %` : '–';
}

function report(rows: PageRow[], rotated: RotatedRow[], configs: ConfigSpec[], evalSets: EvalSet[], hasCli: boolean): void {
  const summary: Record<string, Record<string, { cer: number; errors: number; refLen: number; pages: number; msMean: number; rules?: Record<string, number> }>> = {};
  for (const c of configs) {
    summary[c.name] = {};
    for (const s of evalSets) {
      const rs = rows.filter((r) => r.config === c.name && r.set === s.id);
      if (!rs.length) continue;
      const errors = rs.reduce((a, r) => a + r.errors, 0);
      const refLen = rs.reduce((a, r) => a + r.refLen, 0);
      let rules: Record<string, number> | undefined;
      if (rs[0]!.rules) {
        rules = {};
        for (const k of Object.keys(rs[0]!.rules)) rules[k] = rs.reduce((a, r) => a + r.rules![k]!, 0) / refLen;
      }
      summary[c.name]![s.id] = { cer: errors / refLen, errors, refLen, pages: rs.length, msMean: rs.reduce((a, r) => a + r.ms, 0) / rs.length, rules };
    }
  }
  const md: string[] = [];
  md.push('# OCR accuracy and speed', '');
  md.push(`\`npm run eval:ocr\`. CER = Levenshtein / reference length after NFKC with all whitespace removed, summed over the pages of a set. Time: per page, image load to text, models already loaded. ${hasCli ? `Debian CLI: ${cliVersion()} (OMP_THREAD_LIMIT=1).` : 'Debian tesseract CLI not installed: its column is missing.'}`, '');
  const mi = machineInfo();
  md.push(`Machine: ${mi.cpu}, ${mi.cores} cores, ${mi.memGiB} GiB, Node ${mi.node}, ${mi.date}.`, '');
  md.push(`Default strategy: \`${JSON.stringify(v6)}\`.`, '');
  if (arg('models')) md.push(`Models: **${path.resolve(arg('models')!)}**, not the checkout's models/ (its manifest names the files read).`, '');
  md.push('## CER by set (post-correction on)', '');
  md.push(`| configuration | ${evalSets.map((s) => s.label).join(' | ')} | mean s/page |`);
  md.push(`|---|${evalSets.map(() => '---:').join('|')}|---:|`);
  for (const c of configs) {
    const cells = evalSets.map((s) => pct(summary[c.name]![s.id]?.cer ?? NaN));
    const rs = rows.filter((r) => r.config === c.name);
    const mean = rs.reduce((a, r) => a + r.ms, 0) / Math.max(1, rs.length) / 1000;
    md.push(`| ${c.name} | ${cells.join(' | ')} | ${mean.toFixed(2)} |`);
  }
  md.push('', '## Post-correction rules, one at a time (CER)', '');
  for (const c of configs.filter((x) => !x.cli)) {
    md.push(`### ${c.name}`, '', `| rule | ${evalSets.map((s) => s.label).join(' | ')} |`, `|---|${evalSets.map(() => '---:').join('|')}|`);
    for (const k of ['none', ...ALL_RULES]) md.push(`| ${k} | ${evalSets.map((s) => pct(summary[c.name]![s.id]?.rules?.[k] ?? NaN)).join(' | ')} |`);
    md.push('');
  }
  if (rotated.length) {
    md.push('## Scans turned by 90°, 180° and 270° (default strategy)', '');
    md.push('Each scan turned clockwise, then read: the rotation and text direction chosen (right when they undo the turn) and the CER against the same reference as upright.', '');
    md.push('| set | turned | put upright and direction right | CER |', '|---|---:|---:|---:|');
    for (const s of [...new Set(rotated.map((r) => r.set))]) {
      for (const rot of [90, 180, 270]) {
        const rs = rotated.filter((r) => r.set === s && r.rotation === rot);
        const up = rows.filter((r) => r.set === s && r.config === configs[0]!.name);
        const setCer = (xs: { errors: number; refLen: number }[]) => xs.reduce((a, r) => a + r.errors, 0) / Math.max(1, xs.reduce((a, r) => a + r.refLen, 0));
        md.push(`| ${s} | ${rot}° | ${rs.filter((r) => r.right).length}/${rs.length} | ${pct(setCer(rs))} (upright ${pct(setCer(up))}) |`);
      }
    }
    md.push('');
  }
  md.push('## Per page (CER, s)', '');
  const pageKeys = [...new Set(rows.map((r) => `${r.set}/${r.page}`))];
  md.push(`| page | ${configs.map((c) => c.name).join(' | ')} |`, `|---|${configs.map(() => '---:').join('|')}|`);
  for (const k of pageKeys) {
    const [s, p] = k.split('/');
    const cells = configs.map((c) => {
      const r = rows.find((x) => x.config === c.name && x.set === s && x.page === p);
      return r ? `${pct(r.cer)} · ${(r.ms / 1000).toFixed(2)}` : '–';
    });
    md.push(`| ${k} | ${cells.join(' | ')} |`);
  }
  writeResults(arg('name') ?? 'ocr', { machine: mi, defaultStrategy: v6, debianTesseract: hasCli ? cliVersion() : null, summary, pages: rows, rotated }, md.join('\n'));
  process.stdout.write(md.slice(0, 12 + configs.length).join('\n') + '\n');
}

await main();
