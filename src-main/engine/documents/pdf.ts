/**
 * PDF text layer via pdfjs-dist (Apache-2.0; mupdf would be AGPL and bind the whole app, see README).
 * A page whose text layer is empty or too thin is stored as "needs OCR".
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { getDocument, OPS, type PDFDocumentProxy, type PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { TextItem } from 'pdfjs-dist/types/src/display/api.js';
import { LIMITS_DEFAULTS } from '#shared/api';
import type { RgbImage } from '../images/types.js';
import { normalizeText } from '../text/normalize.js';
import { fractionalImage, largestImage, type ImageSize } from './pdf-images.js';
import { MAX_DEFINITIONS, mostDefinedObject } from './pdf-objects.js';
import { tolerateStrayPdfjsRejections } from './pdf-stray-rejections.js';
import { groupLines, layoutPage, marginKey, type TextRun, type VisualLine } from './pdf-layout.js';
import { InputError, type SourceDocument, type SourcePage } from './types.js';

const pdfjsDir = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));

/** A text layer with fewer meaningful characters than this on a page is treated as absent. */
const MIN_TEXT_CHARS = 8;
/** Lines within this fraction of the page height from the top or bottom may be running headers/footers. */
const MARGIN = 0.09;
const HEADER_SAMPLE_PAGES = 12;
/**
 * Rendering for OCR. A scanned page is usually one embedded image: it is rendered at that image's own
 * resolution (resampling adds no detail and costs time: upscaling a 1,410-px scan to 150 dpi of its
 * 14-inch page made OCR 2.4× the pixels and slower); a page without one at 200 dpi, the resolution of the
 * OCR evaluation pages. The longest side and the pixels (limits.maxRenderPixels) are capped so a huge page
 * cannot exhaust memory: it is rendered at a lower scale, and a page that would come out too small to read
 * that way is an error.
 */
const DEFAULT_DPI = 200;
const MAX_RENDER_SIDE = 5000;
const MIN_RENDER_SIDE = 16;

/** What decoding and rendering a PDF may cost (limits.maxPdfImagePixels, limits.maxRenderPixels). */
export interface PdfLimits {
  maxImagePixels: number;
  maxRenderPixels: number;
}
export const PDF_LIMITS: PdfLimits = { maxImagePixels: LIMITS_DEFAULTS.maxPdfImagePixels, maxRenderPixels: LIMITS_DEFAULTS.maxRenderPixels };

/**
 * Opens a PDF with the package's CMaps and standard fonts (no network, no eval); errors say what is wrong.
 * pdf.js takes `data` over (its buffer is detached, not copied) and decodes no image of more than
 * `maxImagePixels`.
 */
export async function loadPdfDocument(data: Uint8Array, maxImagePixels = PDF_LIMITS.maxImagePixels): Promise<PDFDocumentProxy> {
  tolerateStrayPdfjsRejections();
  // files that would stall pdf.js in a synchronous loop no timer can stop: refused before it sees them
  const many = mostDefinedObject(data);
  if (many && many.times > MAX_DEFINITIONS) {
    throw new InputError(`damaged or crafted PDF: object ${many.object} is defined ${many.times} times (at most ${MAX_DEFINITIONS} are read: pdf.js takes minutes to hours to open such a file)`);
  }
  const odd = fractionalImage(data);
  if (odd) throw new InputError(`damaged PDF: an image declares a size of ${odd.width} × ${odd.height}, not whole pixels, which cannot be drawn`);
  try {
    return await getDocument({
      data,
      maxImageSize: maxImagePixels,
      cMapUrl: path.join(pdfjsDir, 'cmaps') + path.sep,
      cMapPacked: true,
      standardFontDataUrl: path.join(pdfjsDir, 'standard_fonts') + path.sep,
      isEvalSupported: false,
      disableFontFace: true,
      useSystemFonts: false,
      stopAtErrors: false,
      verbosity: 0,
    }).promise;
  } catch (e) {
    throw pdfOpenError(e);
  }
}

export async function openPdf(data: Uint8Array, fileName: string, limits: PdfLimits = PDF_LIMITS): Promise<SourceDocument> {
  // before pdf.js takes the bytes over
  const largest = largestImage(data);
  const render: RenderOptions = { maxRenderPixels: limits.maxRenderPixels, dropped: largest && largest.width * largest.height > limits.maxImagePixels ? { ...largest, limit: limits.maxImagePixels } : undefined };
  const doc = await loadPdfDocument(data, limits.maxImagePixels);
  // a damaged page tree (/Count 0 or -1) gives no page to read: a document without pages is not one
  if (!(doc.numPages >= 1)) {
    await doc.destroy();
    throw new InputError(`damaged PDF: its page tree gives ${doc.numPages} pages`);
  }
  const lineCache = new Map<number, { lines: VisualLine[]; width: number; height: number }>();
  const readLines = async (pageNo: number) => {
    const cached = lineCache.get(pageNo);
    if (cached) {
      lineCache.delete(pageNo);
      return cached;
    }
    const page = await doc.getPage(pageNo);
    try {
      const [, , width, height] = page.view as [number, number, number, number];
      const content = await page.getTextContent();
      const runs: TextRun[] = [];
      for (const item of content.items) {
        if (!('str' in item)) continue;
        const t = (item as TextItem).transform as number[];
        runs.push({ str: item.str, x: t[4]!, y: t[5]!, width: item.width, size: Math.hypot(t[0]!, t[1]!) || item.height, hasEOL: item.hasEOL });
      }
      return { lines: groupLines(runs, height), width, height };
    } finally {
      page.cleanup();
    }
  };

  // Running headers/footers: margin lines whose digit-folded text recurs on many sampled pages.
  const sample = samplePages(doc.numPages, HEADER_SAMPLE_PAGES);
  const seen = new Map<string, number>();
  for (const n of sample) {
    try {
      const p = await readLines(n);
      lineCache.set(n, p);
      for (const key of new Set(p.lines.filter((l) => inMargin(l, p.height)).map((l) => marginKey(l.text)))) seen.set(key, (seen.get(key) ?? 0) + 1);
    } catch {
      // a broken page is reported when it is indexed
    }
  }
  const repeated = new Set([...seen].filter(([, n]) => sample.length >= 3 && n >= Math.max(2, sample.length * 0.4)).map(([k]) => k));
  const isRunning = (l: VisualLine, height: number) =>
    inMargin(l, height) && (repeated.has(marginKey(l.text)) || /^[-–\s]*\d+(\s*\/\s*\d+)?[-–\s]*$/.test(l.text));

  const info = (await doc.getMetadata().catch(() => null))?.info as { Title?: unknown } | undefined;
  const metaTitle = typeof info?.Title === 'string' ? normalizeText(info.Title).trim() : '';

  return {
    kind: 'pdf',
    title: metaTitle.length >= 2 && !/^(untitled|microsoft word|document\d*)/i.test(metaTitle) ? metaTitle : fileName.replace(/\.pdf$/i, ''),
    pageCount: doc.numPages,
    async *pages(from: number): AsyncIterable<SourcePage> {
      for (let n = from; n <= doc.numPages; n++) {
        let p: Awaited<ReturnType<typeof readLines>>;
        try {
          p = await readLines(n);
        } catch (e) {
          yield { pageNo: n, source: 'none', status: 'error', text: '', lines: [], error: `page ${n} could not be read: ${message(e)}` };
          continue;
        }
        const body = p.lines.filter((l) => !isRunning(l, p.height));
        const laid = layoutPage(body, p.width, p.height);
        const meaningful = laid.text.replace(/[\s\p{P}\p{S}]/gu, '').length;
        yield meaningful >= MIN_TEXT_CHARS
          ? { pageNo: n, source: 'text', status: 'indexed', text: laid.text, lines: laid.lines, width: p.width, height: p.height }
          : { pageNo: n, source: 'none', status: 'needs_ocr', text: '', lines: [], width: p.width, height: p.height, render: () => renderPage(doc, n, render) };
      }
    },
    close: () => doc.destroy(),
  };
}

export interface RenderOptions {
  maxRenderPixels: number;
  /** the largest image of the file, when pdf.js will not decode it (over limits.maxPdfImagePixels) */
  dropped?: ImageSize & { limit: number };
}

/** Renders a page to RGB for OCR (see DPI). */
export async function renderPage(doc: PDFDocumentProxy, pageNo: number, opts: RenderOptions = { maxRenderPixels: PDF_LIMITS.maxRenderPixels }): Promise<RgbImage> {
  const page = await doc.getPage(pageNo);
  try {
    const base = page.getViewport({ scale: 1 });
    const ops = await page.getOperatorList();
    const { dropped, maxRenderPixels } = opts;
    // pdf.js left the too-large image out, so the page would be read as blank: say why instead
    if (dropped && !ops.fnArray.some((fn) => IMAGE_OPS.has(fn))) {
      const n = (x: number) => x.toLocaleString('en-US');
      throw new Error(`its image was not decoded: the PDF holds an image of ${n(dropped.width)} × ${n(dropped.height)} pixels, over the limit of ${n(dropped.limit)} pixels; raise limits.maxPdfImagePixels in settings to read it`);
    }
    let nativeScale = 0;
    const imageIds: string[] = [];
    ops.fnArray.forEach((fn, i) => {
      if (fn !== OPS.paintImageXObject) return;
      const [id, w] = ops.argsArray[i] as [string, number, number];
      imageIds.push(id);
      nativeScale = Math.max(nativeScale, w / base.width);
    });
    // pdf.js paints an image it cannot decode as nothing (a warning, then null data for the object), which
    // would index a scan as a blank page; say so instead
    if (imageIds.length && imageIds.every((id) => undecodable(page, id))) {
      throw new Error("the page's scanned image could not be decoded (corrupt or unsupported image data)");
    }
    const scan = wholePageScan(page, ops, maxRenderPixels);
    if (scan) return scan;
    const wanted = nativeScale || DEFAULT_DPI / 72;
    const scale = Math.min(wanted, MAX_RENDER_SIDE / Math.max(base.width, base.height), Math.sqrt(maxRenderPixels / (base.width * base.height)));
    const viewport = page.getViewport({ scale });
    const width = Math.ceil(viewport.width);
    const height = Math.ceil(viewport.height);
    if (scale < wanted && Math.min(width, height) < MIN_RENDER_SIDE) {
      throw new Error(`the page (${Math.round(base.width)} × ${Math.round(base.height)} pt) would be rendered at only ${width} × ${height} pixels within the limit of ${maxRenderPixels.toLocaleString('en-US')} pixels; raise limits.maxRenderPixels in settings to read it`);
    }
    const factory = (doc as unknown as { canvasFactory: CanvasFactory }).canvasFactory;
    const target = factory.create(width, height);
    try {
      target.context.fillStyle = '#ffffff';
      target.context.fillRect(0, 0, width, height);
      await page.render({ canvasContext: target.context, viewport, canvas: target.canvas } as Parameters<typeof page.render>[0]).promise;
      const rgba = target.context.getImageData(0, 0, width, height).data;
      const rgb = new Uint8Array(width * height * 3);
      for (let i = 0, j = 0; i < rgba.length; i += 4, j += 3) {
        rgb[j] = rgba[i]!;
        rgb[j + 1] = rgba[i + 1]!;
        rgb[j + 2] = rgba[i + 2]!;
      }
      return { width, height, data: rgb };
    } finally {
      factory.destroy(target);
    }
  } finally {
    page.cleanup();
  }
}

/** pdf.js's decoded image object (src/shared/util.js ImageKind: 1 = 1-bit grey, 2 = RGB, 3 = RGBA). */
interface DecodedImage {
  width: number;
  height: number;
  kind?: number;
  data?: Uint8Array | Uint8ClampedArray;
}

/**
 * The pixels of a page that is one upright image covering it and nothing else (a scan), as pdf.js already
 * decoded them for the operator list: painting them on a canvas and reading them back would only copy
 * them (measured: 200–300 ms of a 350–500 ms render on the evaluation scans). Undefined for anything else,
 * and for an image over the render limits (the page is then rendered smaller).
 */
function wholePageScan(page: PDFPageProxy, ops: { fnArray: number[]; argsArray: unknown[] }, maxPixels: number): RgbImage | undefined {
  const [x0, y0, x1, y1] = page.view as [number, number, number, number];
  const steps = ops.fnArray.map((fn, i) => [fn, ops.argsArray[i]] as const).filter(([fn]) => fn !== OPS.dependency);
  if (page.rotate % 360 !== 0 || steps.length !== 4) return undefined;
  type Step = readonly [number, unknown];
  const [[save], [transform, m], [paint, args], [restore]] = steps as unknown as [Step, Step, Step, Step];
  if (save !== OPS.save || transform !== OPS.transform || paint !== OPS.paintImageXObject || restore !== OPS.restore) return undefined;
  const [a, b, c, d, e, f] = m as number[];
  const near = (u: number, v: number) => Math.abs(u - v) < 0.01;
  if (!near(a!, x1 - x0) || !near(b!, 0) || !near(c!, 0) || !near(d!, y1 - y0) || !near(e!, x0) || !near(f!, y0)) return undefined;
  const id = (args as [string])[0];
  const objs = (id.startsWith('g_') ? page.commonObjs : page.objs) as unknown as { has(id: string): boolean; get(id: string): unknown };
  const img = objs.has(id) ? (objs.get(id) as DecodedImage | null) : null;
  if (!img?.data || !img.width || !img.height) return undefined;
  const { width: w, height: h, data } = img;
  if (w * h > maxPixels || Math.max(w, h) > MAX_RENDER_SIDE) return undefined;
  const rgb = new Uint8Array(w * h * 3);
  if (img.kind === 2 && data.length === w * h * 3) rgb.set(data);
  else if (img.kind === 3 && data.length === w * h * 4) {
    // over white, as the canvas render would composite it
    for (let i = 0, j = 0; j < rgb.length; i += 4, j += 3) {
      const alpha = data[i + 3]! / 255;
      for (let k = 0; k < 3; k++) rgb[j + k] = Math.round(data[i + k]! * alpha + 255 * (1 - alpha));
    }
  } else if (img.kind === 1 && data.length === Math.ceil(w / 8) * h) {
    const row = Math.ceil(w / 8);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) rgb.fill((data[y * row + (x >> 3)]! >> (7 - (x & 7))) & 1 ? 255 : 0, (y * w + x) * 3, (y * w + x) * 3 + 3);
  } else return undefined;
  return { width: w, height: h, data: rgb };
}

/** Whether pdf.js resolved an image object of the page (after getOperatorList) to null: it failed to decode. */
function undecodable(page: PDFPageProxy, id: string): boolean {
  // ids of images shared between pages (g_…) live in commonObjs
  const objs = (id.startsWith('g_') ? page.commonObjs : page.objs) as unknown as { has(id: string): boolean; get(id: string): unknown };
  return objs.has(id) && objs.get(id) == null;
}

/** operators that paint an image (a scan page has one of them) */
const IMAGE_OPS = new Set([OPS.paintImageXObject, OPS.paintInlineImageXObject, OPS.paintImageMaskXObject, OPS.paintImageXObjectRepeat, OPS.paintImageMaskXObjectRepeat, OPS.paintImageMaskXObjectGroup, OPS.paintInlineImageXObjectGroup, OPS.paintSolidColorImageMask]);

interface CanvasFactory {
  create(w: number, h: number): { canvas: unknown; context: CanvasRenderingContext2DLike };
  destroy(c: { canvas: unknown; context: unknown }): void;
}
interface CanvasRenderingContext2DLike {
  fillStyle: string;
  fillRect(x: number, y: number, w: number, h: number): void;
  getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray };
}

function inMargin(l: VisualLine, height: number): boolean {
  return l.bottom < height * MARGIN || l.top > height * (1 - MARGIN);
}

function samplePages(count: number, max: number): number[] {
  if (count <= max) return Array.from({ length: count }, (_, i) => i + 1);
  return [...new Set(Array.from({ length: max }, (_, i) => 1 + Math.round((i * (count - 1)) / (max - 1))))];
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function pdfOpenError(e: unknown): Error {
  const name = (e as { name?: string }).name;
  if (name === 'PasswordException') return new InputError('encrypted PDF: it needs a password to open, which is not supported');
  if (name === 'InvalidPDFException') return new InputError(`corrupt or truncated PDF: ${message(e)}`);
  return new InputError(`unreadable PDF: ${message(e)}`);
}
