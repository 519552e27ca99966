/**
 * The pages of a PDF or image file as images, one at a time: every page (for `docsearch ocr`) or one
 * (`only`, for the page viewer). A PDF's bytes are handed over to pdf.js, not copied (the Buffer is
 * emptied): a page view of a large PDF held the file twice. Decoding and drawing are bounded by the
 * user's limits, as in ingestion.
 */
import { LIMITS_DEFAULTS, type LimitsSettings } from '#shared/api';
import { imagePageCount, loadImage } from '../images/decode.js';
import type { RgbImage } from '../images/types.js';
import { detectKind } from './files.js';
import { loadPdfDocument, renderPage } from './pdf.js';
import { InputError } from './types.js';

export interface PageImage {
  pageNo: number;
  pages: number;
  image: RgbImage;
}

export type PixelLimits = Pick<LimitsSettings, 'maxImagePixels' | 'maxPdfImagePixels' | 'maxRenderPixels'>;

export async function* pageImages(bytes: Buffer, filePath: string, { only, limits = LIMITS_DEFAULTS }: { only?: number; limits?: PixelLimits } = {}): AsyncIterable<PageImage> {
  const kind = detectKind(bytes, filePath);
  const range = (pages: number) => {
    if (only !== undefined && (only < 1 || only > pages)) throw new InputError(`page ${only} does not exist (the file has ${pages})`);
    return only !== undefined ? [only] : Array.from({ length: pages }, (_, i) => i + 1);
  };
  if (kind === 'image') {
    const pages = await imagePageCount(bytes, limits.maxImagePixels);
    for (const n of range(pages)) yield { pageNo: n, pages, image: (await loadImage(bytes, { page: n - 1, maxInputPixels: limits.maxImagePixels })).image };
    return;
  }
  if (kind !== 'pdf') throw new InputError(`pages are images only in PDF and image files; this is a ${kind} file`);
  const doc = await loadPdfDocument(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), limits.maxPdfImagePixels);
  try {
    for (const n of range(doc.numPages)) yield { pageNo: n, pages: doc.numPages, image: await renderPage(doc, n, { maxRenderPixels: limits.maxRenderPixels }) };
  } finally {
    await doc.destroy();
  }
}
