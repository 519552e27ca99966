/** Shapes shared by the OCR stages: page image → detected quads → recognised lines in reading order. */

/** 8-bit RGB, row-major, 3 bytes a pixel. */
export interface RgbImage {
  width: number;
  height: number;
  data: Uint8Array;
}

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

/** Reads a batch of line crops (already upright for horizontal lines; vertical columns as cropped). */
export interface LineRecogniser {
  readonly id: string;
  recognise(crops: readonly RgbImage[], vertical: boolean): Promise<{ text: string; confidence: number }[]>;
  close(): Promise<void>;
}
