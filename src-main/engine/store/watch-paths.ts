/**
 * The paths the store knows under a watched folder (document_paths), for the watcher's catch-up scan (a
 * file whose size or mtime differs is read again, a known path whose file is gone is forgotten) and its status. A range on the primary key, not LIKE, so a
 * folder's name may hold % or _ and the lookup uses the index.
 */
import path from 'node:path';
import type { Db } from './db.js';

/** [folder/, folder0): every path strictly inside `folder` ('0' follows '/', ']' follows '\'). */
function range(folder: string): [string, string] {
  const prefix = folder.endsWith(path.sep) ? folder : folder + path.sep;
  return [prefix, prefix.slice(0, -1) + String.fromCharCode(path.sep.charCodeAt(0) + 1)];
}

/** A path the store knows, with the file's size and mtime when read and whether its document is complete. */
export interface KnownPath {
  path: string;
  size: number | null;
  mtimeMs: number | null;
  /** false: its document's ingest did not finish */
  ready: boolean;
}

export function pathsUnder(db: Db, folder: string): KnownPath[] {
  const rows = db
    .prepare(
      `SELECT dp.path, dp.size, dp.mtime_ms, d.status = 'ready' AS ready FROM document_paths dp JOIN documents d ON d.id = dp.doc_id
       WHERE dp.path >= ? AND dp.path < ? ORDER BY dp.path`,
    )
    .all(...range(folder)) as { path: string; size: number | null; mtime_ms: number | null; ready: number }[];
  return rows.map((r) => ({ path: r.path, size: r.size, mtimeMs: r.mtime_ms, ready: r.ready === 1 }));
}

export function countPathsUnder(db: Db, folder: string): number {
  return db.prepare(`SELECT count(*) FROM document_paths WHERE path >= ? AND path < ?`).pluck().get(...range(folder)) as number;
}
