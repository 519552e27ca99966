/**
 * PDF text layer via pdfjs-dist (Apache-2.0; mupdf would be AGPL and bind the whole app, see README).
 * A page whose text layer is empty or too thin is stored as "needs OCR".
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { getDocument, type PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { TextItem } from 'pdfjs-dist/types/src/display/api.js';
import type { StoredPage } from '../store/repository.js';
import { normalizeText } from '../text/normalize.js';
import { groupLines, layoutPage, marginKey, type TextRun, type VisualLine } from './pdf-layout.js';
import { InputError, type SourceDocument } from './types.js';

const pdfjsDir = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));

/** A text layer with fewer meaningful characters than this on a page is treated as absent. */
const MIN_TEXT_CHARS = 8;
/** Lines within this fraction of the page height from the top or bottom may be running headers/footers. */
const MARGIN = 0.09;
const HEADER_SAMPLE_PAGES = 12;

export async function openPdf(data: Uint8Array, fileName: string): Promise<SourceDocument> {
  let doc: PDFDocumentProxy;
  try {
    doc = await getDocument({
      data,
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
    async *pages(from: number): AsyncIterable<StoredPage> {
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
          : { pageNo: n, source: 'none', status: 'needs_ocr', text: '', lines: [], width: p.width, height: p.height };
      }
    },
    close: () => doc.destroy(),
  };
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
