/**
 * A search's scope (api.ts `Scope`) resolved to the ids of the documents in it, once per query; every
 * stage (lexical candidates, dense and binary KNN) then keeps to those documents inside its own query, so
 * each returns its full count of candidates from within the scope rather than a filtered remainder.
 */
import type { Scope } from '#shared/api';
import type { Db } from './db.js';

/** The scope with its empty parts and repeats left out; null when nothing is left (every document). */
export function activeScope(scope: Scope | null | undefined): Scope | null {
  if (!scope) return null;
  const s: Scope = {};
  if (scope.documents?.length) s.documents = [...new Set(scope.documents)];
  if (scope.under?.length) s.under = [...new Set(scope.under)];
  if (scope.kinds?.length) s.kinds = [...new Set(scope.kinds)];
  if (scope.added?.from || scope.added?.to) s.added = { ...(scope.added.from && { from: scope.added.from }), ...(scope.added.to && { to: scope.added.to }) };
  if (scope.ocr) s.ocr = scope.ocr;
  return Object.keys(s).length ? s : null;
}

/** A folder as paths are compared: `/` separators, no trailing one (so `/a/b` is not a prefix of `/a/bc`). */
function folderKey(folder: string): string {
  return folder.replace(/\\/g, '/').replace(/\/+$/, '');
}

/**
 * The paths under a folder (or the folder itself) as ranges of document_paths' key, so its index finds
 * them: `<folder>/…` sorts from `<folder>/` up to `<folder>0` ('0' follows '/'), and likewise with `\`
 * (followed by ']') for Windows paths. A path that mixes both separators is not matched.
 */
function pathRanges(folder: string): { sql: string; params: string[] } {
  const win = folder.replace(/\//g, '\\');
  return {
    sql: `(p.path IN (?, ?) OR (p.path >= ? AND p.path < ?) OR (p.path >= ? AND p.path < ?))`,
    params: [folder, win, `${folder}/`, `${folder}0`, `${win}\\`, `${win}]`],
  };
}

/** `added_at` is an ISO instant in UTC; a date alone stands for its whole day. */
function addedBound(date: string, end: 'from' | 'to'): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(date)) return end === 'from' ? `${date}T00:00:00.000Z` : `${date}T23:59:59.999Z`;
  return new Date(date).toISOString();
}

const OCR_CONDITION: Record<NonNullable<Scope['ocr']>, string> = {
  'needs-ocr': `EXISTS (SELECT 1 FROM pages p WHERE p.doc_id = d.id AND p.status = 'needs_ocr')`,
  ocr: `EXISTS (SELECT 1 FROM pages p WHERE p.doc_id = d.id AND p.status = 'indexed' AND p.source = 'ocr')`,
  text: `NOT EXISTS (SELECT 1 FROM pages p WHERE p.doc_id = d.id AND (p.source = 'ocr' OR p.status = 'needs_ocr'))`,
};

/** The ids of the documents in scope; null when it takes in every document, so the stages run unfiltered. */
export function scopeDocIds(db: Db, scope: Scope | null | undefined): number[] | null {
  const s = activeScope(scope);
  if (!s) return null;
  const where: string[] = [];
  const params: string[] = [];
  if (s.documents) {
    where.push(`d.id IN (SELECT value FROM json_each(?))`);
    params.push(JSON.stringify(s.documents));
  }
  if (s.under) {
    // any known path of the document under any of the folders
    const ranges = s.under.map((folder) => pathRanges(folderKey(folder)));
    where.push(`d.id IN (SELECT p.doc_id FROM document_paths p WHERE ${ranges.map((r) => r.sql).join(' OR ')})`);
    params.push(...ranges.flatMap((r) => r.params));
  }
  if (s.kinds) {
    where.push(`d.kind IN (SELECT value FROM json_each(?))`);
    params.push(JSON.stringify(s.kinds));
  }
  if (s.added?.from) {
    where.push(`d.added_at >= ?`);
    params.push(addedBound(s.added.from, 'from'));
  }
  if (s.added?.to) {
    where.push(`d.added_at <= ?`);
    params.push(addedBound(s.added.to, 'to'));
  }
  if (s.ocr) where.push(OCR_CONDITION[s.ocr]);
  const ids = db.prepare(`SELECT d.id FROM documents d WHERE ${where.join(' AND ')} ORDER BY d.id`).pluck().all(...params) as number[];
  const all = db.prepare(`SELECT count(*) FROM documents`).pluck().get() as number;
  return ids.length === all && all > 0 ? null : ids;
}

/**
 * The condition that keeps a chunk id expression to the given documents (through the chunks' doc_id
 * index); its one parameter is docsParam's.
 */
export function inScope(chunkId: string): string {
  return `${chunkId} IN (SELECT c.id FROM chunks c WHERE c.doc_id IN (SELECT value FROM json_each(?)))`;
}

export const docsParam = (docs: readonly number[]): string => JSON.stringify(docs);
