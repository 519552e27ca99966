/**
 * The fuzz run's seeds: real files of every kind the engine reads, small so that thousands of inputs run.
 * - PDFs: the test fixtures (text, a broken page tree, encrypted, scanned pages, a corrupt image) and,
 *   when qpdf is there, 3 pages of the born-digital maint-guide; and one-page scans of crops (below), one
 *   a JPEG (DCTDecode), one raw RGB (FlateDecode).
 * - Images: crops of the evaluation's scanned and clean pages, as PNG (plain and interlaced), JPEG
 *   (baseline and progressive) and TIFF (plain, LZW, big-endian), written by sharp.
 * - Text: JSQuAD paragraphs as UTF-8 text and as Markdown, and the Shift_JIS fixture.
 * Made the same way every run, so a seed number reproduces a run.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { readJsonl, type Paragraph } from '../lib/jsquad.js';
import { evalDir, repoRoot } from '../lib/paths.js';
import type { Seed } from './mutate.js';

const fixtures = path.join(repoRoot, 'tests', 'fixtures');

function pdfPages(file: string, pages: string, work: string): Buffer | undefined {
  const out = path.join(work, `pages-${path.basename(file)}`);
  const r = spawnSync('qpdf', ['--empty', '--pages', file, pages, '--', out]);
  // exit 3: written, with warnings
  return r.status === 0 || r.status === 3 ? fs.readFileSync(out) : undefined;
}

/**
 * A one-page PDF whose page is one image (a scan as scanners write it), small enough for OCR to be quick:
 * the image stream as given (DCTDecode: JPEG bytes; FlateDecode: deflated RGB), with a correct xref.
 */
function imagePdf(width: number, height: number, filter: 'DCTDecode' | 'FlateDecode', data: Buffer): Buffer {
  const [w, h] = [width * 0.75, height * 0.75]; // 96 dpi in points
  const content = `q ${w} 0 0 ${h} 0 0 cm /Im0 Do Q`;
  const objects = [
    Buffer.from('<< /Type /Catalog /Pages 2 0 R >>'),
    Buffer.from('<< /Type /Pages /Kids [3 0 R] /Count 1 >>'),
    Buffer.from(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${w} ${h}] /Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >>`),
    Buffer.concat([Buffer.from(`<< /Type /XObject /Subtype /Image /Width ${width} /Height ${height} /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /${filter} /Length ${data.length} >>\nstream\n`), data, Buffer.from('\nendstream')]),
    Buffer.from(`<< /Length ${content.length} >>\nstream\n${content}\nendstream`),
  ];
  const parts: Buffer[] = [Buffer.from('%PDF-1.4\n')];
  const offsets: number[] = [];
  let at = parts[0]!.length;
  for (const [i, body] of objects.entries()) {
    offsets.push(at);
    const obj = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`), body, Buffer.from('\nendobj\n')]);
    parts.push(obj);
    at += obj.length;
  }
  const xref = ['xref', `0 ${objects.length + 1}`, '0000000000 65535 f ', ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n `)].join('\n');
  parts.push(Buffer.from(`${xref}\ntrailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${at}\n%%EOF\n`));
  return Buffer.concat(parts);
}

async function imageSeeds(): Promise<Seed[]> {
  const sources = [path.join(evalDir, 'ocr', 'maintguide', 'scan', 'p07.jpg'), path.join(evalDir, 'ocr', 'jsquad-pages', 'clean', 'h00.png')];
  const seeds: Seed[] = [];
  for (const [i, src] of sources.entries()) {
    const meta = await sharp(src).metadata();
    // a band of text from the upper part of the page, at reading size: OCR has something to do, quickly
    const crop = () => sharp(src).extract({ left: 0, top: Math.round(meta.height! * 0.15), width: meta.width!, height: Math.round(meta.height! * 0.08) }).resize({ width: 600 });
    seeds.push(
      { name: `crop${i}.png`, ext: '.png', bytes: await crop().png().toBuffer() },
      { name: `crop${i}-interlaced.png`, ext: '.png', bytes: await crop().png({ progressive: true, palette: i === 1 }).toBuffer() },
      { name: `crop${i}.jpg`, ext: '.jpg', bytes: await crop().jpeg({ quality: 80 }).toBuffer() },
      { name: `crop${i}-progressive.jpg`, ext: '.jpg', bytes: await crop().jpeg({ progressive: true }).toBuffer() },
      { name: `crop${i}.tif`, ext: '.tif', bytes: await crop().tiff({ compression: i ? 'lzw' : 'none' }).toBuffer() },
    );
    const raw = await crop().removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
    const { width, height } = raw.info;
    const pdf = i ? imagePdf(width, height, 'FlateDecode', deflateSync(raw.data)) : imagePdf(width, height, 'DCTDecode', await crop().jpeg({ quality: 80 }).toBuffer());
    seeds.push({ name: `crop${i}-scan.pdf`, ext: '.pdf', bytes: pdf });
  }
  return seeds;
}

function textSeeds(): Seed[] {
  const paragraphs = readJsonl<Paragraph>(path.join(evalDir, 'jsquad', 'valid-paragraphs.jsonl')).slice(0, 3);
  const md = (p: Paragraph) => `# ${p.title}\n\n${p.text}\n\n- 一つ目\n- 二つ目\n\n| 項目 | 値 |\n|---|---|\n| ${p.id} | 1 |\n\n\`\`\`\ncode ${p.title}\n\`\`\`\n`;
  return [
    ...paragraphs.map((p, i) => ({ name: `jsquad${i}.txt`, ext: '.txt', bytes: Buffer.from(`${p.title}\n${p.text}\n`) })),
    { name: 'jsquad0.md', ext: '.md', bytes: Buffer.from(md(paragraphs[0]!)) },
    { name: 'sjis.txt', ext: '.txt', bytes: fs.readFileSync(path.join(fixtures, 'sjis.txt')) },
  ];
}

export async function loadSeeds(work: string): Promise<Seed[]> {
  const pdfs: Seed[] = fs
    .readdirSync(fixtures)
    .filter((f) => f.endsWith('.pdf'))
    .sort()
    .map((f) => ({ name: f, ext: '.pdf', bytes: fs.readFileSync(path.join(fixtures, f)) }));
  const guide = pdfPages(path.join(evalDir, 'pdf', 'maint-guide.ja.pdf'), '1-3', work);
  if (guide) pdfs.push({ name: 'maint-guide-p1-3.pdf', ext: '.pdf', bytes: guide });
  return [...pdfs, ...(await imageSeeds()), ...textSeeds()];
}
