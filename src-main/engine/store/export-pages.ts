/** A document's pages as the searchable-PDF export reads them: every stored page's text, lines, source and size. */
import type { PageLine } from '../text/chunk.js';
import type { Db } from './db.js';

export interface ExportPageRow {
  pageNo: number;
  source: 'text' | 'ocr' | 'none';
  text: string;
  lines: PageLine[];
  width: number | null;
  height: number | null;
}

export function exportPages(db: Db, docId: number): ExportPageRow[] {
  const rows = db
    .prepare(`SELECT page_no AS pageNo, source, text, lines, width, height FROM pages WHERE doc_id = ? AND status = 'indexed' ORDER BY page_no`)
    .all(docId) as (Omit<ExportPageRow, 'lines'> & { lines: string })[];
  return rows.map((r) => ({ ...r, lines: JSON.parse(r.lines) as PageLine[] }));
}
