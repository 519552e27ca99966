/**
 * The catch-up scan of a watched folder at start: what changed while nobody watched, compared by size and
 * modification time with what the store noted when it last read each path (no file is hashed here).
 */
import fs from 'node:fs/promises';
import { expandPaths } from '../documents/files.js';
import type { KnownPath } from '../store/watch-paths.js';
import { isIgnored } from './ignore.js';

/**
 * The paths to look at again: files that are new, differ in size or mtime, or whose document is not
 * complete; and known paths whose file is gone (the queue's stat finds them missing).
 */
export async function catchUp(folder: string, known: readonly KnownPath[], signal?: AbortSignal): Promise<string[]> {
  const byPath = new Map(known.map((k) => [k.path, k]));
  const present = new Set<string>();
  const out: string[] = [];
  for (const f of await expandPaths([folder], signal)) {
    if (f.error || f.skipReason || isIgnored(f.path, true)) continue;
    const st = await fs.stat(f.path).catch(() => null);
    if (!st) continue; // gone since the walk: nothing to read, and a known path is caught below
    present.add(f.path);
    const k = byPath.get(f.path);
    if (!k || !k.ready || k.size !== st.size || k.mtimeMs !== st.mtimeMs) out.push(f.path);
  }
  if (signal?.aborted) return [];
  for (const k of known) if (!present.has(k.path)) out.push(k.path);
  return out;
}
