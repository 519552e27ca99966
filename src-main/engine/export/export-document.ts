/** The searchable-PDF export of one stored document: its file and stored pages handed to the writer. */
import type { DocumentInfo, ExportPdfEvent, FileDownload } from '#shared/api';
import type { PixelLimits } from '../documents/page-images.js';
import { ApiError } from '../errors.js';
import { readIndexedFile } from '../pages.js';
import type { Db } from '../store/db.js';
import { exportPages } from '../store/export-pages.js';
import { writeSearchablePdf } from './searchable-pdf.js';
import type { VerticalMode } from './text-layer.js';

/**
 * Only a document with pages read by OCR has text to add; any other (text files, born-digital PDFs,
 * scans not yet read) is refused with `nothing-to-export` rather than copied unchanged.
 */
export async function exportSearchablePdf(db: Db, d: DocumentInfo, opts: { emit?: (e: ExportPdfEvent) => void; vertical?: VerticalMode; limits?: PixelLimits } = {}): Promise<FileDownload> {
  if (d.pagesOcr === 0 || (d.kind !== 'pdf' && d.kind !== 'image')) {
    throw new ApiError('nothing-to-export', { title: d.title, kind: d.kind, pagesNeedingOcr: d.pagesNeedingOcr });
  }
  const bytes = await readIndexedFile(d);
  const pages = exportPages(db, d.id).map((p) => ({
    pageNo: p.pageNo,
    text: p.source === 'none' ? undefined : { text: p.text, lines: p.lines },
    ocr: p.source === 'ocr',
    width: p.width ?? undefined,
    height: p.height ?? undefined,
  }));
  const pdf = await writeSearchablePdf(d.kind === 'pdf' ? { kind: 'pdf', bytes } : { kind: 'image', bytes }, pages, {
    title: d.title,
    vertical: opts.vertical,
    limits: opts.limits,
    onPage: (page, total) => opts.emit?.({ type: 'page', page, pages: total }),
  });
  return { fileName: exportFileName(d.title), bytes: pdf };
}

/** "<title>-searchable.pdf", without the characters no file system takes in a name. */
export function exportFileName(title: string): string {
  const safe = title.replace(/[\\/:*?"<>|\p{Cc}]+/gu, '_').trim().slice(0, 150) || 'document';
  return `${safe}-searchable.pdf`;
}
