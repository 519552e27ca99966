/**
 * The invisible text of one page (render mode 3, as OCRmyPDF and scanners write it): each OCR line drawn
 * over its box, sized to the box's height and squeezed (Tz) to its width, so a viewer's selection covers
 * the printed line and its copy gives the stored text.
 *
 * Vertical lines (縦書き, a box taller than wide) are written as one run turned a quarter clockwise, so
 * the text advances down the column: poppler (pdftotext, Evince, Okular) copies such a column as one
 * line, in order (CER 0 % against the stored text on the evaluation's four vertical scans). Written upright
 * character by character, each character is a line of its own to poppler, which then reads across the
 * columns (CER 94 %): npm run bench:export measures both.
 */
import {
  beginText,
  concatTransformationMatrix,
  endText,
  popGraphicsState,
  pushGraphicsState,
  setCharacterSqueeze,
  setFontAndSize,
  setTextMatrix,
  setTextRenderingMode,
  showText,
  TextRenderingMode,
  type PDFFont,
  type PDFName,
  type PDFOperator,
  type PDFPage,
} from 'pdf-lib';
import type { PageLine } from '../text/chunk.js';

export type VerticalMode = 'rotated' | 'chars';

/** A page's text and its lines, as stored (boxes are fractions of the page as shown, origin top-left). */
export interface PageText {
  text: string;
  lines: readonly PageLine[];
}

/**
 * The page as shown: its size in points and the matrix from that frame (origin bottom-left) to the page's
 * own user space, which differ when the page has a crop box off the origin or a /Rotate.
 */
export interface PageFrame {
  width: number;
  height: number;
  matrix: [number, number, number, number, number, number];
}

/** Below the box's bottom edge by this share of the font size sits the baseline: Noto CJK's descender. */
const DESCENT = 0.12;

export function pageFrame(page: PDFPage): PageFrame {
  const { x, y, width: w, height: h } = page.getCropBox();
  const angle = (((page.getRotation().angle % 360) + 360) % 360) as 0 | 90 | 180 | 270;
  switch (angle) {
    case 90:
      return { width: h, height: w, matrix: [0, 1, -1, 0, x + w, y] };
    case 180:
      return { width: w, height: h, matrix: [-1, 0, 0, -1, x + w, y + h] };
    case 270:
      return { width: h, height: w, matrix: [0, -1, 1, 0, x, y + h] };
    default:
      return { width: w, height: h, matrix: [1, 0, 0, 1, x, y] };
  }
}

/** Appends the page's invisible text to its content, in the stored line order. */
export function drawTextLayer(page: PDFPage, font: PDFFont, frame: PageFrame, text: PageText, vertical: VerticalMode = 'rotated'): void {
  // normalised first: a copied page's resources may be inherited, and the font must land in its own
  page.node.normalize();
  const ops = textOperators(font, page.node.newFontDictionary(font.name, font.ref), frame, text, vertical);
  if (ops.length === 0) return;
  page.pushOperators(pushGraphicsState(), concatTransformationMatrix(...frame.matrix), beginText(), setTextRenderingMode(TextRenderingMode.Invisible), ...ops, endText(), popGraphicsState());
}

function textOperators(font: PDFFont, fontKey: PDFName, frame: PageFrame, { text, lines }: PageText, vertical: VerticalMode): PDFOperator[] {
  const ops: PDFOperator[] = [];
  const run = (s: string, size: number, along: number, m: [number, number, number, number, number, number]) => {
    const natural = font.widthOfTextAtSize(s, size);
    if (!(natural > 0) || !(size > 0)) return;
    ops.push(setFontAndSize(fontKey, size), setCharacterSqueeze((100 * along) / natural), setTextMatrix(...m), showText(font.encodeText(s)));
  };
  for (const line of lines) {
    const s = text.slice(line.start, line.end).trim();
    if (!line.box || s === '') continue;
    const left = line.box.x * frame.width;
    const top = (1 - line.box.y) * frame.height;
    const w = line.box.w * frame.width;
    const h = line.box.h * frame.height;
    const chars = [...s];
    if (h <= w || chars.length < 2) run(s, h, w, [1, 0, 0, 1, left, top - h + DESCENT * h]);
    else if (vertical === 'rotated') {
      // a column's characters are one em apart down it, and its box is padded wider than them: a run as
      // wide as the box would overlap the next columns, and poppler would merge them out of order
      const size = Math.min(w, h / chars.length);
      run(s, size, h, [0, -1, 1, 0, left + w / 2 - (0.5 - DESCENT) * size, top]);
    } else {
      const cell = h / chars.length;
      const size = Math.min(w, cell);
      chars.forEach((c, i) => {
        const cw = font.widthOfTextAtSize(c, size);
        run(c, size, cw, [1, 0, 0, 1, left + (w - cw) / 2, top - (i + 1) * cell + DESCENT * size]);
      });
    }
  }
  return ops;
}
