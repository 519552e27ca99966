import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentKind, Scope } from '#shared/api';
import { openDb, type Db } from './db.js';
import { Repository, type StoredPage } from './repository.js';
import { activeScope, scopeDocIds } from './scope.js';
import { page, tempDir } from './test-helpers.js';

const dir = tempDir('docsearch-scope-');
let db: Db;
const id: Record<string, number> = {};

/** A document with one page per source given; added on `added` (ISO). */
function doc(name: string, file: string, kind: DocumentKind, added: string, pages: StoredPage['source' | 'status'][]): void {
  const repo = new Repository(db);
  const docId = repo.createDocument({ sha256: name.padEnd(64, '0'), path: file, title: name, kind, bytes: 1, pageCount: pages.length });
  pages.forEach((p, i) => {
    const stored: StoredPage = p === 'needs_ocr' ? { ...page(i + 1, ''), source: 'none', status: 'needs_ocr' } : { ...page(i + 1, name), source: p as StoredPage['source'] };
    repo.addPage(docId, name, stored, []);
  });
  db.prepare(`UPDATE documents SET added_at = ? WHERE id = ?`).run(added, docId);
  id[name] = docId;
}

beforeAll(() => {
  db = openDb(path.join(dir, 's.db'));
  doc('a', '/lib/alpha/a.txt', 'text', '2026-01-10T12:00:00.000Z', ['text']);
  doc('b', '/lib/alpha/sub/b.md', 'markdown', '2026-02-01T00:00:00.000Z', ['text']);
  doc('c', '/lib/alphabet/c.txt', 'text', '2026-02-01T23:59:59.000Z', ['text']);
  doc('d', 'C:\\Users\\me\\docs\\d.pdf', 'pdf', '2026-03-05T08:00:00.000Z', ['ocr', 'text']);
  doc('e', '/scans/e.pdf', 'pdf', '2026-03-06T08:00:00.000Z', ['needs_ocr', 'text']);
  // the same content found under a second folder later
  new Repository(db).notePath(id.e!, '/lib/alpha/copy-of-e.pdf');
  new Repository(db).notePath(id.e!, '/scans/e.pdf');
});
afterAll(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const names = (scope: Scope) => {
  const ids = scopeDocIds(db, scope);
  return ids === null ? 'all' : Object.keys(id).filter((n) => ids.includes(id[n]!));
};

describe('a scope resolved to documents', () => {
  it('takes folders on whole path segments, with either separator, through every known path', () => {
    expect(names({ under: ['/lib/alpha'] })).toEqual(['a', 'b', 'e']);
    expect(names({ under: ['/lib/alpha/'] })).toEqual(['a', 'b', 'e']);
    expect(names({ under: ['\\lib\\alpha\\sub'] })).toEqual(['b']);
    expect(names({ under: ['/lib/alph'] })).toEqual([]);
    expect(names({ under: ['C:\\Users\\me\\docs'] })).toEqual(['d']);
    expect(names({ under: ['C:/Users/me/docs/'] })).toEqual(['d']);
    expect(names({ under: ['C:\\Users\\me\\doc'] })).toEqual([]);
    expect(names({ under: ['/lib/alpha/a.txt'] })).toEqual(['a']);
    expect(names({ under: ['/lib/alphabet', '/scans'] })).toEqual(['c', 'e']);
  });

  it('takes documents, kinds, the day added and the OCR state, all of them together', () => {
    expect(names({ documents: [id.a!, id.d!] })).toEqual(['a', 'd']);
    expect(names({ kinds: ['pdf', 'markdown'] })).toEqual(['b', 'd', 'e']);
    // a date alone is its whole day (UTC), both ends included
    expect(names({ added: { from: '2026-02-01', to: '2026-02-01' } })).toEqual(['b', 'c']);
    expect(names({ added: { from: '2026-03-05T09:00:00+01:00' } })).toEqual(['d', 'e']);
    expect(names({ added: { to: '2026-01-31' } })).toEqual(['a']);
    expect(names({ ocr: 'ocr' })).toEqual(['d']);
    expect(names({ ocr: 'needs-ocr' })).toEqual(['e']);
    expect(names({ ocr: 'text' })).toEqual(['a', 'b', 'c']);
    expect(names({ under: ['/lib'], kinds: ['text', 'pdf'], ocr: 'text' })).toEqual(['a', 'c']);
    expect(names({ documents: [id.a!], kinds: ['pdf'] })).toEqual([]);
  });

  it('is everything when empty or when it holds every document', () => {
    expect(activeScope({ documents: [], under: [], kinds: [], added: {} })).toBeNull();
    expect(activeScope({ under: ['C:\\x\\', 'C:\\x\\'], kinds: ['pdf', 'pdf'] })).toEqual({ under: ['C:\\x\\'], kinds: ['pdf'] });
    expect(names({})).toBe('all');
    expect(names({ added: { from: '2000-01-01' } })).toBe('all');
  });
});
