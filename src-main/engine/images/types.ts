/** The working image every stage passes around: decoded files, rendered PDF pages, OCR crops. */

/** 8-bit RGB, row-major, 3 bytes a pixel. */
export interface RgbImage {
  width: number;
  height: number;
  data: Uint8Array;
}
