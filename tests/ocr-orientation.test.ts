/**
 * Turned scans through the real engine and OCR models: each is put upright and read in the right
 * direction. PP-OCRv6 reads glyphs lying on their side as well as upright ones, so a 縦書き page turned by
 * 90° reads as well as horizontal lines as it does as columns; the typesetting (and with it the repair of
 * 、。「」ー, vertical-forms.ts) comes from where the punctuation sits (orientation.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OcrPageOutput } from '#shared/api';
import { Engine } from '../src-main/engine/engine.js';
import { evalDir, removeTempDirs, tempDir } from './helpers.js';

const norm = (s: string) => s.normalize('NFKC').replace(/\s+/g, '');
/** Levenshtein distance over code points. */
function distance(a: string, b: string): number {
  const x = [...a], y = [...b];
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[y.length]!;
}
const cer = (page: OcrPageOutput, id: string) => {
  const ref = norm(fs.readFileSync(path.join(evalDir, 'ocr', 'jsquad-pages', 'gt', `${id}.txt`), 'utf8'));
  return distance(norm(page.text), ref) / ref.length;
};

let dir: string;
let engine: Engine;
beforeAll(() => {
  dir = tempDir();
  engine = new Engine({ dbPath: path.join(dir, 's.db') });
});
afterAll(() => {
  engine?.close();
  removeTempDirs();
});

async function readTurned(id: string, degrees: number): Promise<OcrPageOutput> {
  const file = path.join(dir, `${id}-${degrees}.png`);
  await sharp(path.join(evalDir, 'ocr', 'jsquad-pages', 'scan', `${id}.jpg`)).rotate(degrees).png().toFile(file);
  const [page] = await engine.ocr({ path: file });
  return page!;
}

describe('turned scans', () => {
  it('reads a 縦書き page turned upside down as columns, with its punctuation', async () => {
    const page = await readTurned('v00', 180);
    expect(page.lines.filter((l) => l.vertical).length).toBeGreaterThan(page.lines.length / 2);
    expect(cer(page, 'v00')).toBeLessThan(0.03);
    expect(page.text).toContain('、');
  });

  it('reads a 縦書き page turned by 90° as columns', async () => {
    const page = await readTurned('v00', 90);
    expect(page.lines.filter((l) => l.vertical).length).toBeGreaterThan(page.lines.length / 2);
    expect(cer(page, 'v00')).toBeLessThan(0.03);
  });

  it('reads a horizontal page turned by 270° as lines', async () => {
    const page = await readTurned('h01', 270);
    expect(page.lines.filter((l) => !l.vertical).length).toBeGreaterThan(page.lines.length / 2);
    expect(cer(page, 'h01')).toBeLessThan(0.01);
  });
});
