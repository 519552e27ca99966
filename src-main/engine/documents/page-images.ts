/** Every page of a PDF or image file as an image, one at a time (for `docsearch ocr`, which OCRs all pages). */
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { imagePageCount, loadImage } from '../ocr/image.js';
import type { RgbImage } from '../ocr/types.js';
import { detectKind } from './files.js';
import { renderPage } from './pdf.js';
import { InputError } from './types.js';

export interface PageImage {
  pageNo: number;
  pages: number;
  image: RgbImage;
}

export async function* pageImages(bytes: Buffer, filePath: string): AsyncIterable<PageImage> {
  const kind = detectKind(bytes, filePath);
  if (kind === 'image') {
    const pages = await imagePageCount(bytes);
    for (let n = 1; n <= pages; n++) yield { pageNo: n, pages, image: (await loadImage(bytes, { page: n - 1 })).image };
    return;
  }
  if (kind !== 'pdf') throw new InputError(`OCR reads PDF and image files; this is a ${kind} file`);
  const doc = await getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, verbosity: 0 }).promise.catch((e: Error) => {
    throw new InputError(`unreadable PDF: ${e.message}`);
  });
  try {
    for (let n = 1; n <= doc.numPages; n++) yield { pageNo: n, pages: doc.numPages, image: await renderPage(doc, n) };
  } finally {
    await doc.destroy();
  }
}
