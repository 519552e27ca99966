/**
 * The OCR strategies: which models read a page, and how. Measured on every set of ../shared/eval
 * (`npm run eval:ocr` → bench-results/ocr.md); the first is the default, the others stay selectable
 * (`docsearch ocr --engine`, settings › OCR) and are the fallbacks, in this order, when the chosen one's
 * model files are missing or altered.
 */
import { OCR_STRATEGY_IDS, type OcrStrategyId } from '#shared/api';
import type { DetectOptions } from './detector.js';
import type { RuleName } from './postcorrect.js';
import type { ReadParams } from './recognise-ppocr.js';

export interface OcrStrategy {
  id: OcrStrategyId;
  /** one line for people */
  label: string;
  /** manifest id of the text detector */
  detector: string;
  detect?: Partial<DetectOptions>;
  /** manifest id of the PP-OCR recogniser (lines, orientation); none when tesseract reads the whole page */
  recogniser?: string;
  read?: Partial<ReadParams>;
  /**
   * horizontal lines: read by the recogniser; or also by tesseract `jpn`, the two readings merged (merge.ts);
   * or the whole page by tesseract (its own layout analysis, no line boxes)
   */
  lines: 'ppocr' | 'ppocr+tesseract' | 'tesseract-page';
  /** vertical columns: read by the recogniser (turned and repaired), or by tesseract `jpn_vert` */
  columns: 'ppocr' | 'tesseract';
  /**
   * crops grown across the line by this share of its thickness on each side, neighbouring lines blanked
   * (raster.ts isolateLine): PP-OCRv3 and tesseract lost the tops of kanji to the v4 detector's tight boxes;
   * PP-OCRv5/v6 read the detector's boxes as they are (padding made the vertical pages worse)
   */
  pad?: number;
  /** post-correction rules (postcorrect.ts) kept for this strategy: those measured to help its recogniser */
  postCorrect: RuleName[];
}

const TESSERACT = ['tesseract-jpn', 'tesseract-jpn-vert'];

export const OCR_STRATEGIES: Record<OcrStrategyId, OcrStrategy> = {
  'ppocr-v6': {
    id: 'ppocr-v6',
    label: 'PP-OCRv6 small (detector and recogniser)',
    detector: 'ppocr-v6-small-det',
    recogniser: 'ppocr-v6-small-rec',
    read: { squeeze: 0.5, latinSqueeze: 0.75 },
    lines: 'ppocr',
    columns: 'ppocr',
    postCorrect: ['katakanaLookalikes', 'verticalForms'],
  },
  'ppocr-v5': {
    id: 'ppocr-v5',
    label: 'PP-OCRv5 mobile (detector and recogniser)',
    detector: 'ppocr-v5-mobile-det',
    recogniser: 'ppocr-v5-mobile-rec',
    read: { squeeze: 0.5, latinSqueeze: 0.85 },
    lines: 'ppocr',
    columns: 'ppocr',
    postCorrect: ['choon', 'katakanaLookalikes', 'verticalForms'],
  },
  legacy: {
    id: 'legacy',
    label: 'PP-OCRv4 detector, PP-OCRv3 japan merged with tesseract jpn, tesseract jpn_vert for columns',
    detector: 'ppocr-v4-det',
    recogniser: 'ppocr-v3-japan-rec',
    read: { maxWidth: 2400 },
    lines: 'ppocr+tesseract',
    columns: 'tesseract',
    pad: 0.15,
    postCorrect: ['choon', 'verticalForms'],
  },
  'tesseract-page': {
    id: 'tesseract-page',
    label: 'tesseract.js on the whole page (its own layout; the detector only tells the direction)',
    detector: 'ppocr-v4-det',
    lines: 'tesseract-page',
    columns: 'tesseract',
    postCorrect: ['choon', 'verticalForms'],
  },
};

/** Every manifest id a strategy reads. */
export function strategyModels(s: OcrStrategy): string[] {
  const ids = [s.detector, ...(s.recogniser ? [s.recogniser] : [])];
  if (s.lines !== 'ppocr' || s.columns !== 'ppocr') ids.push(...TESSERACT);
  return ids;
}

/** The chosen strategy first, then the others in table order (best measured first). */
export function fallbackOrder(chosen: OcrStrategyId): OcrStrategy[] {
  return [chosen, ...OCR_STRATEGY_IDS.filter((id) => id !== chosen)].map((id) => OCR_STRATEGIES[id]);
}
