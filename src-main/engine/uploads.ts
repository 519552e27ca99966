/**
 * Files uploaded to `docsearch serve` are kept beside the store, content-addressed:
 * uploads/<sha256>/<name>. Clients name them by that id (src-shared/api.ts UploadId), never by a server
 * path; the engine resolves the id here, and deletes the copy when its document is removed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { UploadId } from '#shared/api';
import { ApiError } from './errors.js';

/** The uploads folder of a store: serve writes there, the engine reads and deletes there. */
export function uploadsDir(dbPath: string): string {
  return path.join(path.dirname(path.resolve(dbPath)), 'uploads');
}

/** The file an upload id names, inside `dir` (the id is checked again: an id is never a way out of it). */
export function uploadPath(dir: string, id: string): string {
  const ok = UploadId.safeParse(id);
  const file = path.resolve(dir, ...id.split('/'));
  if (!ok.success || !isInside(dir, file)) throw new ApiError('invalid-request', { issues: `uploads: "${id}" is not an upload id` });
  return file;
}

/**
 * Deletes the uploaded copy at `file` and the folders it leaves empty, when it lies inside `dir`; a file
 * anywhere else (a document the user indexed in place) is never touched. True when something was deleted.
 */
export function removeUploadCopy(dir: string, file: string): boolean {
  const root = path.resolve(dir);
  let at = path.resolve(file);
  if (!isInside(root, at)) return false;
  fs.rmSync(at, { force: true });
  // up to, never including, the uploads folder itself; rmdir fails on a folder that still holds something
  for (at = path.dirname(at); isInside(root, at); at = path.dirname(at)) {
    try {
      fs.rmdirSync(at);
    } catch {
      break;
    }
  }
  return true;
}

function isInside(dir: string, file: string): boolean {
  const rel = path.relative(path.resolve(dir), file);
  return rel !== '' && rel.split(path.sep)[0] !== '..' && !path.isAbsolute(rel);
}
