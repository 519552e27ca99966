/** Shared by the store's unit tests (not part of the build: tsconfig.main.json excludes *test-helpers.ts). */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Chunk } from '../text/chunk.js';
import type { StoredPage } from './repository.js';

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function page(pageNo: number, text: string): StoredPage {
  return { pageNo, source: 'text', status: 'indexed', text, lines: [{ start: 0, end: text.length, box: { x: 0.1, y: 0.1, w: 0.8, h: 0.02 } }] };
}

/** One chunk per 。-terminated sentence, offsets into `text`. */
export function sentenceChunks(text: string): Chunk[] {
  const out: Chunk[] = [];
  for (const m of text.matchAll(/[^。]+。?/g)) out.push({ start: m.index, end: m.index + m[0].length, text: m[0], boxes: [] });
  return out;
}
