/**
 * Text detection + layout on page images, timed, with a debug PNG per page (boxes, reading order).
 *
 *   npm run build && node out/scripts/eval/ocr-detect-debug.js [images…] [--limit 960,1280,1600] [--runs 3] [--out DIR]
 *
 * Without images: the OCR eval pages (../shared/eval/ocr/{maintguide,jsquad-pages}/{clean,scan}).
 * PNGs go to --out (default: <tmp>/ocr-detect-debug), never into the repository. For each page and limit:
 * detected regions, lines after layout grouping, direction, skew, and the fastest of --runs detections
 * (preprocess / inference / postprocess). Environment: DOCSEARCH_EP=cpu to skip the CUDA attempt.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { resolveModelsDir } from '../../src-main/engine/models/manifest.js';
import { TextDetector, type DetectResult } from '../../src-main/engine/ocr/detector.js';
import { loadImage } from '../../src-main/engine/images/decode.js';
import { analyseLayout } from '../../src-main/engine/ocr/layout.js';
import { drawDetection } from '../lib/ocr-draw.js';
import { evalDir } from '../lib/paths.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    limit: { type: 'string', default: '960,1280,1600' },
    runs: { type: 'string', default: '3' },
    out: { type: 'string', default: path.join(os.tmpdir(), 'ocr-detect-debug') },
    'no-png': { type: 'boolean', default: false },
  },
});

function defaultImages(): string[] {
  const out: string[] = [];
  for (const set of ['maintguide', 'jsquad-pages']) {
    for (const kind of ['scan', 'clean']) {
      const dir = path.join(evalDir, 'ocr', set, kind);
      if (!fs.existsSync(dir)) continue;
      for (const f of fs.readdirSync(dir).sort()) out.push(path.join(dir, f));
    }
  }
  return out;
}

/** Non-empty lines of the ground truth, when there is one (maintguide gt is one line a visual line). */
function gtLines(image: string): number | undefined {
  const gt = path.join(path.dirname(path.dirname(image)), 'gt', path.basename(image).replace(/\.[^.]+$/, '.txt'));
  if (!fs.existsSync(gt)) return undefined;
  return fs.readFileSync(gt, 'utf8').split('\n').filter((l) => l.trim()).length;
}

async function main() {
  const images = positionals.length ? positionals : defaultImages();
  const limits = values.limit!.split(',').map(Number);
  const runs = Math.max(1, Number(values.runs));
  if (!values['no-png']) fs.mkdirSync(values.out!, { recursive: true });
  const detector = await TextDetector.create(path.join(resolveModelsDir(), 'ocr', 'ch_PP-OCRv4_det_infer.onnx'));
  console.log(`provider ${detector.provider}, ${os.cpus().length} cores`);
  console.log('| page | limit | input | regions | lines | gt lines | direction | skew° | detect ms (pre/infer/post) |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  const totals = new Map<number, number[]>();
  for (const file of images) {
    const { image } = await loadImage(file);
    for (const limit of limits) {
      let best: DetectResult | undefined;
      for (let r = 0; r < runs; r++) {
        const d = await detector.detect(image, { limitSide: limit });
        if (!best || d.ms.total < best.ms.total) best = d;
      }
      const det = best!;
      const layout = analyseLayout(det.regions);
      (totals.get(limit) ?? totals.set(limit, []).get(limit)!).push(det.ms.total);
      const name = `${path.basename(path.dirname(path.dirname(file)))}/${path.basename(path.dirname(file))}/${path.basename(file)}`;
      const ms = det.ms;
      console.log(
        `| ${name} | ${limit} | ${det.inputWidth}×${det.inputHeight} | ${det.regions.length} | ${layout.lines.length} | ${gtLines(file) ?? ''} | ` +
          `${layout.vertical ? 'vertical' : 'horizontal'} (${layout.verticalShare.toFixed(2)}) | ${((layout.skew * 180) / Math.PI).toFixed(2)} | ` +
          `${ms.total.toFixed(0)} (${ms.preprocess.toFixed(0)}/${ms.inference.toFixed(0)}/${ms.postprocess.toFixed(0)}) |`,
      );
      if (!values['no-png']) fs.writeFileSync(path.join(values.out!, `${name.replaceAll('/', '_')}-${limit}.png`), drawDetection(image, det.regions, layout));
    }
  }
  for (const [limit, t] of totals) {
    const s = [...t].sort((a, b) => a - b);
    console.log(`limit ${limit}: median detection ${s[s.length >> 1]!.toFixed(0)} ms over ${s.length} pages`);
  }
  if (!values['no-png']) console.log(`debug PNGs in ${values.out}`);
  await detector.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
