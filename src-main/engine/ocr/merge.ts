/**
 * The legacy strategy's merge of two readings of one horizontal line: PP-OCRv3 japan and tesseract `jpn`
 * (measured in bench-results/ocr.md). PP-OCRv3 reads Japanese well and Latin badly (full-width and
 * accented look-alikes, collapsed doubled letters); tesseract the other way round.
 */
import type { LineReading } from './types.js';

/** Thresholds of `mergeReadings`, fitted on the maintguide and JSQuAD horizontal pages (bench-results/ocr.md). */
export interface MergeParams {
  /** a PP-OCR span wins a disagreement when its least confident character is at least this probable */
  ppMin: number;
  /** … and for Latin-only spans (PP-OCR reads monospaced code well, tesseract jpn turns l into 7) */
  ppMinLatin: number;
}

export const MERGE_DEFAULTS: MergeParams = { ppMin: 0.98, ppMinLatin: 0.9 };

const ODD_LATIN = /[À-ɏＡ-Ｚａ-ｚ０-９]/u;
const LATIN_ONLY = /^[\x21-\x7e]+$/;

/**
 * Character-level merge of the two readings of one horizontal line: the texts are aligned (Levenshtein,
 * spaces ignored); where they agree the characters are kept, where they disagree PP-OCR's span is taken
 * when all its characters are confident and none is a look-alike Latin letter (its failure mode on
 * proportional Latin), otherwise tesseract's. Tesseract's characters are the default because its errors
 * are fewer on Latin text and it rarely drops characters.
 */
export function mergeReadings(pp: LineReading, ts: { text: string; confidence: number }, params: MergeParams = MERGE_DEFAULTS): { text: string; confidence: number } {
  // characters without the spaces; `sp` remembers a space before a character (kept in the output)
  const a: { c: string; p: number; sp: boolean }[] = [];
  let space = false;
  [...pp.text].forEach((c, i) => {
    if (!c.trim()) space = a.length > 0;
    else {
      a.push({ c, p: pp.charConfidences[i] ?? pp.confidence, sp: space });
      space = false;
    }
  });
  const bs: { c: string; sp: boolean }[] = [];
  space = false;
  for (const c of ts.text) {
    if (!c.trim()) space = bs.length > 0;
    else {
      bs.push({ c, sp: space });
      space = false;
    }
  }
  const b = bs.map((x) => x.c);
  if (!a.length) return { text: ts.text, confidence: ts.confidence };
  if (!b.length) return { text: pp.text, confidence: pp.confidence };
  const n = a.length;
  const m = b.length;
  const W = m + 1;
  const d = new Uint16Array((n + 1) * W);
  for (let i = 0; i <= n; i++) d[i * W] = i;
  for (let j = 0; j <= m; j++) d[j] = j;
  for (let i = 1; i <= n; i++) {
    for (let j = 1; j <= m; j++) {
      const sub = d[(i - 1) * W + j - 1]! + (a[i - 1]!.c === b[j - 1] ? 0 : 1);
      d[i * W + j] = Math.min(d[(i - 1) * W + j]! + 1, d[i * W + j - 1]! + 1, sub);
    }
  }
  // backtrace into aligned pairs
  const pairs: [number, number][] = []; // index into a or -1, index into b or -1
  let i = n;
  let j = m;
  while (i > 0 || j > 0) {
    if (i > 0 && j > 0 && d[i * W + j] === d[(i - 1) * W + j - 1]! + (a[i - 1]!.c === b[j - 1] ? 0 : 1)) pairs.push([--i, --j]);
    else if (i > 0 && d[i * W + j] === d[(i - 1) * W + j]! + 1) pairs.push([--i, -1]);
    else pairs.push([-1, --j]);
  }
  pairs.reverse();
  let out = '';
  let k = 0;
  while (k < pairs.length) {
    const [pi, pj] = pairs[k]!;
    if (pi >= 0 && pj >= 0 && a[pi]!.c === b[pj]) {
      out += (bs[pj]!.sp && out ? ' ' : '') + b[pj];
      k++;
      continue;
    }
    // a run of disagreement
    let sa = '';
    let sb = '';
    let minP = 1;
    let lead = false; // the run starts after a space
    while (k < pairs.length) {
      const [x, y] = pairs[k]!;
      if (x >= 0 && y >= 0 && a[x]!.c === b[y]) break;
      if (x >= 0) {
        sa += (a[x]!.sp && sa ? ' ' : '') + a[x]!.c;
        minP = Math.min(minP, a[x]!.p);
      }
      if (y >= 0) sb += (bs[y]!.sp && sb ? ' ' : '') + b[y];
      if (y >= 0 && bs[y]!.sp && !sb.startsWith(' ') && sb.length === b[y]!.length) lead = true;
      k++;
    }
    const latin = LATIN_ONLY.test(sa.replace(/ /g, '')) && (sb === '' || LATIN_ONLY.test(sb.replace(/ /g, '')));
    // ASCII only tesseract sees, right after ASCII: PP-OCR collapses doubled letters and drops / ( ) in
    // URLs and paths (htp:/ww for http://www); measured: maintguide CER 3.15 → 2.96 %, JSQuAD unchanged
    // (taking every tesseract-only span instead made JSQuAD horizontal worse, 0.40 → 0.63 %)
    const latinGap = sa === '' && LATIN_ONLY.test(sb.replace(/ /g, '')) && /[\x21-\x7e]$/.test(out);
    const usePp = !latinGap && !ODD_LATIN.test(sa) && minP >= (latin ? params.ppMinLatin : params.ppMin);
    const piece = usePp ? sa : sb;
    if (piece) out += (lead && out ? ' ' : '') + piece;
  }
  return { text: out, confidence: Math.max(pp.confidence, ts.confidence) };
}

/**
 * A line PP-OCR reads with every character at least `ppMin` and no look-alike Latin comes out of the merge
 * as PP-OCR's text whatever tesseract reads, so tesseract need not read it.
 */
export function ppocrIsSure(pp: LineReading, params: MergeParams = MERGE_DEFAULTS): boolean {
  return pp.text.trim() !== '' && !ODD_LATIN.test(pp.text) && pp.charConfidences.every((c) => c >= params.ppMin);
}
