/** Image files (PNG, JPEG, TIFF incl. multi-page): every page needs OCR and renders from the file bytes. */
import { imagePageCount, loadImage, OcrImageError } from '../images/decode.js';
import { InputError, type SourceDocument, type SourcePage } from './types.js';

/** `maxInputPixels`: images (pages) of more pixels are refused with their size instead of being decoded. */
export async function openImageFile(bytes: Buffer, fileName: string, { maxInputPixels }: { maxInputPixels?: number } = {}): Promise<SourceDocument> {
  let pageCount: number;
  try {
    pageCount = await imagePageCount(bytes, maxInputPixels);
  } catch (e) {
    if (e instanceof OcrImageError && e.code === 'too-large') throw new InputError(e.message);
    // The content already matched an image signature, so a decoder failure means a damaged file.
    throw new InputError(`corrupt or truncated image: ${e instanceof OcrImageError ? e.message : (e as Error).message}`);
  }
  return {
    kind: 'image',
    title: fileName.replace(/\.(png|jpe?g|tiff?)$/i, ''),
    pageCount,
    async *pages(from: number): AsyncIterable<SourcePage> {
      for (let n = from; n <= pageCount; n++) {
        yield {
          pageNo: n,
          source: 'none',
          status: 'needs_ocr',
          text: '',
          lines: [],
          render: async () => (await loadImage(bytes, { page: n - 1, maxInputPixels })).image,
        };
      }
    },
    close: async () => {},
  };
}
