/**
 * OCR lines (in reading order) → page text with each line's offsets and box, the same shape the PDF text
 * layer gives, so chunks keep the boxes of their lines. Lines of one paragraph are joined as text layout
 * would (no space between Japanese, one between Latin words); a paragraph ends after a line that closes a
 * sentence and stops clearly short of the typical line length, or after a much shorter line (a heading).
 */
import type { Box } from '#shared/api';
import type { PageLine } from '../text/chunk.js';
import { lineJoint, normalizeText } from '../text/normalize.js';
import { quadSize } from './geometry.js';
import type { OcrLine, Quad } from './types.js';

export function quadToBox(q: Quad, width: number, height: number): Box {
  const xs = q.map((p) => p.x);
  const ys = q.map((p) => p.y);
  const clamp = (v: number) => Math.round(Math.min(1, Math.max(0, v)) * 10000) / 10000;
  const x0 = Math.min(...xs);
  const y0 = Math.min(...ys);
  return { x: clamp(x0 / width), y: clamp(y0 / height), w: clamp((Math.max(...xs) - x0) / width), h: clamp((Math.max(...ys) - y0) / height) };
}

export function ocrPageText(lines: readonly OcrLine[], width: number, height: number): { text: string; lines: PageLine[] } {
  const kept = lines.map((l) => ({ ...l, text: normalizeText(l.text).trim() })).filter((l) => l.text !== '');
  const length = (q: Quad) => Math.max(quadSize(q).width, quadSize(q).height);
  const lengths = kept.map((l) => length(l.quad)).sort((a, b) => a - b);
  const typical = lengths[Math.floor(lengths.length * 0.75)] ?? 0;
  let text = '';
  const out: PageLine[] = [];
  kept.forEach((line, i) => {
    if (i > 0) {
      const prev = kept[i - 1]!;
      // A short line ends its paragraph when it closes a sentence, and a very short one (a heading) always.
      const short = length(prev.quad) / Math.max(1, typical);
      const endsParagraph = (/[。．.!?！？」』]$/.test(prev.text) && short < 0.8) || short < 0.6;
      if (endsParagraph || prev.vertical !== line.vertical) text += '\n';
      else {
        const { separator, dropHyphen } = lineJoint(text, line.text);
        if (dropHyphen) {
          text = text.slice(0, -1);
          out.at(-1)!.end -= 1;
        }
        text += separator;
      }
    }
    const start = text.length;
    text += line.text;
    out.push({ start, end: text.length, box: quadToBox(line.quad, width, height) });
  });
  return { text, lines: out };
}
