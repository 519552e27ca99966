/**
 * File versions: a document is its content, known under every path that held it. When the file at a known
 * path changes, its document takes the new content in place (ingest.ts → reindex.ts: staged, then swapped
 * in one transaction), unless another existing path still holds the old content: then the changed file is a
 * new document and the old one keeps its other paths.
 */
import fs from 'node:fs';
import type { DocumentInfo } from '#shared/api';
import type { Repository } from '../store/repository.js';

/** The document whose content the file at `filePath` held before it changed; undefined for a new path. */
export function replacedDocument(repo: Repository, filePath: string): number | undefined {
  const state = repo.pathState(filePath);
  if (!state) return undefined;
  const doc = repo.getDocument(state.docId);
  const elsewhere = doc?.paths.some((p) => p !== filePath && fs.existsSync(p));
  return doc && !elsewhere ? doc.id : undefined;
}

/**
 * The file at `filePath` is gone (deleted, or moved away): its document forgets the path, and is removed
 * when no known path is left, unless `keepDocument`. Returns the removed document.
 */
export function forgetPath(repo: Repository, filePath: string, { keepDocument }: { keepDocument: boolean }): DocumentInfo | null {
  const state = repo.pathState(filePath);
  const doc = state && repo.getDocument(state.docId);
  return doc && repo.dropPath(filePath, keepDocument) ? doc : null;
}
