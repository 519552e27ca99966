/**
 * Turns a PDF page's positioned text items into reading-order text with line boxes:
 * items → visual lines (baseline grouping) → paragraphs (vertical gaps, bullets, short final lines)
 * → page text with each line's offsets and box. Running headers and footers are dropped by the caller
 * via {@link marginKey}. Pure: tested without a PDF.
 */
import type { Box } from '#shared/api';
import type { PageLine } from '../text/chunk.js';
import { isJapaneseChar, lineJoint, normalizeText } from '../text/normalize.js';

export interface TextRun {
  str: string;
  /** left edge and baseline in PDF user space (origin bottom-left) */
  x: number;
  y: number;
  width: number;
  /** font size */
  size: number;
  hasEOL: boolean;
}

export interface VisualLine {
  text: string;
  /** PDF units, origin top-left */
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export function groupLines(runs: readonly TextRun[], pageHeight: number): VisualLine[] {
  const lines: VisualLine[] = [];
  let cur: { text: string; left: number; right: number; y: number; size: number } | null = null;
  const flush = () => {
    if (cur && cur.text.trim() !== '') {
      lines.push({
        text: normalizeText(cur.text).trim(),
        left: cur.left,
        right: cur.right,
        top: pageHeight - (cur.y + cur.size * 0.88),
        bottom: pageHeight - (cur.y - cur.size * 0.12),
      });
    }
    cur = null;
  };
  for (const r of runs) {
    if (cur && Math.abs(r.y - cur.y) > Math.max(cur.size, r.size) * 0.5) flush();
    if (r.str !== '') {
      if (!cur) {
        cur = { text: '', left: r.x, right: r.x, y: r.y, size: r.size };
      } else {
        // A visible gap with no space item between two Latin words still separates them.
        const gap = r.x - cur.right;
        const last = cur.text.at(-1);
        if (gap > r.size * 0.2 && last !== ' ' && r.str[0] !== ' ' && !isJapaneseChar(last) && !isJapaneseChar(r.str[0])) cur.text += ' ';
      }
      cur.text += squeezeJapaneseSpacing(r.str);
      if (r.str.trim() !== '') cur.right = Math.max(cur.right, r.x + r.width);
      cur.left = Math.min(cur.left, r.x);
      cur.size = Math.max(cur.size, r.size);
    }
    if (r.hasEOL) flush();
  }
  flush();
  return lines;
}

/**
 * pdf.js writes a space into an item wherever glyphs stand a little apart, so letter-spaced (justified)
 * Japanese comes out as "バ ー ジ ョ ン". Japanese has no spaces between words, and a space would split the
 * index's bigrams, so whitespace between two Japanese characters inside one item is dropped. (Wide gaps,
 * as between table cells, arrive as separate items and are kept.)
 */
function squeezeJapaneseSpacing(s: string): string {
  const t = s.normalize('NFKC');
  return t.replace(/(\S)\s+(?=(\S))/gu, (m, a: string, b: string) => (isJapaneseChar(a) && isJapaneseChar(b) ? a : m));
}

/** Key for recognising a running header/footer across pages: digits folded, blanks removed. */
export function marginKey(text: string): string {
  return text.replace(/\s+/g, '').replace(/\d+/g, '#');
}

const BULLET = /^[•・●○■□◆◇▪▶►\-–*]\s|^\(?\d+[.)]\s|^[0-9]+(\.[0-9]+)+\s/u;

/** Lays visual lines out as page text: lines of a paragraph joined, paragraphs separated by \n. */
export function layoutPage(lines: readonly VisualLine[], pageWidth: number, pageHeight: number): { text: string; lines: PageLine[] } {
  const out: PageLine[] = [];
  let text = '';
  const heights = lines.map((l) => l.bottom - l.top).sort((a, b) => a - b);
  const typical = heights[Math.floor(heights.length / 2)] ?? 10;
  const widest = Math.max(0, ...lines.map((l) => l.right - l.left));
  let prev: VisualLine | undefined;
  for (const line of lines) {
    let sep = '\n';
    let dropHyphen = false;
    if (prev) {
      const gap = line.top - prev.bottom;
      const prevShort = prev.right - prev.left < widest * 0.8 && /[。．.!?！？:：]$/.test(prev.text);
      const newParagraph = gap > typical * 0.9 || gap < -typical || BULLET.test(line.text) || prevShort;
      if (!newParagraph) ({ separator: sep, dropHyphen } = lineJoint(prev.text, line.text));
    }
    if (dropHyphen) {
      text = text.slice(0, -1);
      const last = out.at(-1);
      if (last) last.end -= 1;
    }
    if (prev) text += sep;
    const start = text.length;
    text += line.text;
    const box: Box = {
      x: clamp01(line.left / pageWidth),
      y: clamp01(line.top / pageHeight),
      w: clamp01((line.right - line.left) / pageWidth),
      h: clamp01((line.bottom - line.top) / pageHeight),
    };
    out.push({ start, end: text.length, box });
    prev = line;
  }
  return { text, lines: out };
}

function clamp01(v: number): number {
  return Math.round(Math.min(1, Math.max(0, v)) * 10000) / 10000;
}
