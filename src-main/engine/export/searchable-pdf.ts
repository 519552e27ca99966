/**
 * The searchable-PDF writer: a document's pages in, PDF bytes out; it knows nothing of the store.
 * - PDF: every page is copied from the original with pdf-lib (its objects as they are: scans keep their
 *   compressed images byte for byte, born-digital pages stay vector with their own text), and the pages
 *   read by OCR get the invisible text layer on top. A PDF that pdf-lib cannot open (encrypted) is
 *   rendered instead, page by page, and then every page that has text gets the layer.
 * - Image file (PNG, JPEG, TIFF, one PDF page per image page): the image on a page of its size at the
 *   file's own resolution when it records a plausible one (100–1200 dpi), else at 300 dpi, with the layer.
 */
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, type PDFFont, type PDFImage, type PDFPage } from 'pdf-lib';
import sharp from 'sharp';
import { pageImages, type PixelLimits } from '../documents/page-images.js';
import { fontBytes, subsetName } from './font.js';
import { drawTextLayer, pageFrame, type PageText, type VerticalMode } from './text-layer.js';

export type ExportSource = { kind: 'pdf'; bytes: Uint8Array } | { kind: 'image'; bytes: Buffer };

export interface ExportPage {
  pageNo: number;
  /** the page's stored text and lines, when it has any */
  text?: PageText;
  /** whether that text was read by OCR (the only text a copied page lacks) */
  ocr: boolean;
  /** the page's size in points as stored (used when a PDF page must be rendered) */
  width?: number;
  height?: number;
}

export interface ExportOptions {
  title?: string;
  vertical?: VerticalMode;
  /** called after each page is written */
  onPage?: (done: number, total: number) => void;
  /** bounds drawing a PDF page that cannot be copied (settings' limits; default LIMITS_DEFAULTS) */
  limits?: PixelLimits;
}

export const DEFAULT_DPI = 300;
const PLAUSIBLE_DPI = [100, 1200] as const;

export async function writeSearchablePdf(source: ExportSource, pages: readonly ExportPage[], opts: ExportOptions = {}): Promise<Uint8Array> {
  const out = await PDFDocument.create({ updateMetadata: false });
  out.registerFontkit(fontkit);
  out.setProducer('docsearch');
  if (opts.title) out.setTitle(opts.title);
  const original = source.kind === 'pdf' ? await PDFDocument.load(source.bytes, { updateMetadata: false }).catch(() => null) : null;
  // with the original copied, its own text layer stays: only OCR text is added
  const layered = pages.filter((p) => p.text && (p.ocr || !original));
  const font = layered.length ? await embedFont(out, layered) : undefined;
  const byNo = new Map(pages.map((p) => [p.pageNo, p]));
  const total = original ? original.getPageCount() : pages.length;
  const finish = (page: PDFPage, no: number, done: number) => {
    const p = byNo.get(no);
    if (font && p?.text && (p.ocr || !original)) drawTextLayer(page, font, pageFrame(page), p.text, opts.vertical);
    opts.onPage?.(done, total);
  };

  if (original) {
    const copied = await out.copyPages(original, original.getPageIndices());
    copied.forEach((page, i) => finish(out.addPage(page), i + 1, i + 1));
  } else if (source.kind === 'pdf') {
    let done = 0;
    for await (const { pageNo, image } of pageImages(Buffer.from(source.bytes), 'document.pdf', { limits: opts.limits })) {
      const p = byNo.get(pageNo);
      const png = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } }).png().toBuffer();
      const size = renderedSize(image, p);
      finish(placeImage(out, await out.embedPng(png), size.width, size.height), pageNo, ++done);
    }
  } else {
    const { pages: count = 1 } = await sharp(source.bytes).metadata();
    for (let i = 0; i < count; i++) {
      const { embedded, width, height } = await imagePage(out, source.bytes, i, count);
      finish(placeImage(out, embedded, width, height), i + 1, i + 1);
    }
  }
  return out.save({ useObjectStreams: true });
}

async function embedFont(out: PDFDocument, pages: readonly ExportPage[]): Promise<PDFFont> {
  const used = pages.map((p) => p.text!.text).join('');
  return out.embedFont(await fontBytes(), { subset: true, customName: subsetName(used) });
}

function placeImage(out: PDFDocument, image: PDFImage, width: number, height: number): PDFPage {
  const page = out.addPage([width, height]);
  page.drawImage(image, { x: 0, y: 0, width, height });
  return page;
}

/** A rendered PDF page at its stored size, turned to the image's orientation (a /Rotate renders turned). */
function renderedSize(image: { width: number; height: number }, p: ExportPage | undefined): { width: number; height: number } {
  const w = p?.width ?? (image.width * 72) / DEFAULT_DPI;
  const h = p?.height ?? (image.height * 72) / DEFAULT_DPI;
  return image.width >= image.height === w >= h ? { width: w, height: h } : { width: h, height: w };
}

/**
 * One page of an image file, upright (EXIF orientation applied, as OCR saw it). A plain upright RGB or
 * grey JPEG is embedded as its own bytes; anything else is re-encoded losslessly as PNG.
 */
async function imagePage(out: PDFDocument, bytes: Buffer, page: number, pages: number): Promise<{ embedded: PDFImage; width: number; height: number }> {
  const meta = await sharp(bytes, { page }).metadata();
  const oriented = meta.autoOrient ?? { width: meta.width, height: meta.height };
  const dpi = meta.density && meta.density >= PLAUSIBLE_DPI[0] && meta.density <= PLAUSIBLE_DPI[1] ? meta.density : DEFAULT_DPI;
  const asIs = meta.format === 'jpeg' && pages === 1 && (meta.orientation ?? 1) === 1 && (meta.space === 'srgb' || meta.space === 'b-w');
  const embedded = asIs ? await out.embedJpg(bytes) : await out.embedPng(await sharp(bytes, { page }).autoOrient().toColourspace('srgb').png().toBuffer());
  return { embedded, width: (oriented.width * 72) / dpi, height: (oriented.height * 72) / dpi };
}
