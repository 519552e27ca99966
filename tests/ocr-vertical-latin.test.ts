/**
 * 縦書き with Latin and digits inside the columns, through the real OCR pipeline: runs set sideways
 * ("Debian", "2008") and 縦中横 (two digits upright in one cell, "20"). The page is drawn here with the
 * Noto Serif CJK font from Debian's fonts-noto-cjk (installed by .ci/run for the end-to-end tests); the
 * evaluation pages have sideways runs but no 縦中横.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createCanvas, GlobalFonts } from '@napi-rs/canvas';
import { afterAll, describe, expect, it } from 'vitest';
import { Engine } from '../src-main/engine/engine.js';
import { removeTempDirs, tempDir } from './helpers.js';

const FONT = '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc';
const COLUMNS = ['平成{20}年に「ゼネコン」は、[OCR]の試験を行った。', '第{12}回の会議では{3}つの案が出された。', '西暦[2008]年[3]月、[Debian]の手引きを読む。', 'コーヒーを{15}杯飲んだ、とメールに書いた。'];

/** Columns right to left; {…} 縦中横, […] sideways, ー「」 turned, 、。 in the top-right of their cell. */
function drawPage(): Buffer {
  GlobalFonts.registerFromPath(FONT, 'NotoSerifCJK');
  const S = 40;
  const c = createCanvas(60 + COLUMNS.length * S * 1.6, 60 + 26 * S);
  const g = c.getContext('2d');
  g.fillStyle = '#fff';
  g.fillRect(0, 0, c.width, c.height);
  g.fillStyle = '#000';
  COLUMNS.forEach((text, ci) => {
    const x = c.width - 30 - (ci + 1) * S * 1.6 + S * 0.3;
    let y = 30;
    for (const m of text.matchAll(/\{(\d+)\}|\[([^\]]+)\]|(.)/gu)) {
      g.save();
      if (m[1]) {
        g.font = `${S * 0.8}px NotoSerifCJK`;
        const w = g.measureText(m[1]).width;
        g.translate(x + S / 2, y);
        g.scale(Math.min(1, (S * 0.95) / w), 1);
        g.fillText(m[1], -w / 2, S * 0.8);
        y += S;
      } else if (m[2]) {
        g.font = `${S * 0.8}px NotoSerifCJK`;
        g.translate(x + S * 0.2, y);
        g.rotate(Math.PI / 2);
        g.fillText(m[2], 0, 0);
        y += g.measureText(m[2]).width + S * 0.1;
      } else {
        const ch = m[3]!;
        g.font = `${S * 0.85}px NotoSerifCJK`;
        if (/[ー「」]/.test(ch)) {
          g.translate(x + S / 2, y + S / 2);
          g.rotate(Math.PI / 2);
          g.fillText(ch, -S * 0.425, S * 0.3);
        } else if (/[、。]/.test(ch)) g.fillText(ch, x + S * 0.5, y + S * 0.45);
        else if (ch === 'っ') g.fillText(ch, x + S * 0.2, y + S * 0.7);
        else g.fillText(ch, x + S * 0.075, y + S * 0.85);
        y += S;
      }
      g.restore();
    }
  });
  return c.encodeSync('png');
}

afterAll(removeTempDirs);

describe.skipIf(!fs.existsSync(FONT))('縦書き with Latin and digits', () => {
  it('reads sideways runs and 縦中横 digits in their columns, in order', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'tategaki.png');
    fs.writeFileSync(file, drawPage());
    const engine = new Engine({ dbPath: path.join(dir, 's.db') });
    try {
      const [page] = await engine.ocr({ path: file });
      const columns = page!.lines.filter((l) => l.vertical).map((l) => l.text);
      expect(columns).toHaveLength(4);
      expect(columns[0]).toMatch(/^平成20年に「ゼネコン」は、.CRの試験を行/);
      expect(columns[1]).toBe('第12回の会議では3つの案が出された。');
      expect(columns[2]).toBe('西暦2008年3月、Debianの手引きを読む。');
      expect(columns[3]).toBe('コーヒーを15杯飲んだ、とメールに書いた。');
    } finally {
      engine.close();
    }
  });
});
if (!fs.existsSync(FONT)) console.warn(`縦書き Latin test skipped: ${FONT} missing (apt install fonts-noto-cjk)`);
