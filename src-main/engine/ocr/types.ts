/** Shapes shared by the OCR stages: page image → detected quads → recognised lines in reading order. */
import type { RgbImage } from '../images/types.js';

export interface Point {
  x: number;
  y: number;
}

/** A text region as a rotated rectangle: corners in reading direction (top-left, top-right, bottom-right, bottom-left), pixels. */
export type Quad = [Point, Point, Point, Point];

export interface DetectedRegion {
  quad: Quad;
  /** mean probability inside the region (DB box score) */
  score: number;
}

export interface OcrLine {
  text: string;
  /** 0..1 */
  confidence: number;
  quad: Quad;
  /** a vertical (縦書き) column, read top to bottom */
  vertical: boolean;
  /** id of the recogniser that produced the text (manifest model id) */
  recogniser: string;
}

export interface OcrPageResult {
  width: number;
  height: number;
  /** rotation applied to make text upright, degrees clockwise */
  orientation: 0 | 90 | 180 | 270;
  /** lines in reading order */
  lines: OcrLine[];
  ms: { detect: number; recognise: number; total: number };
}

/** A recognised line: text, mean and per-character probability, and where along the crop each character was read. */
export interface LineReading {
  text: string;
  /** 0..1 */
  confidence: number;
  charConfidences: number[];
  /** centre of each character along the crop (along the column for vertical crops), px */
  charX: number[];
}

export interface ReadOptions {
  /** one plain reading, no second pass (orientation scoring) */
  quick?: boolean;
  /** checked between lines: an aborted reading throws its reason (the page's time budget) */
  signal?: AbortSignal;
}

/** Reads a batch of line crops (horizontal lines upright; vertical columns as cropped, top to bottom). */
export interface LineRecogniser {
  readonly id: string;
  recognise(crops: readonly RgbImage[], vertical: boolean, opts?: ReadOptions): Promise<{ text: string; confidence: number }[]>;
}
