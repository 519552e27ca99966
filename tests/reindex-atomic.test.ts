/**
 * Issue 14: re-indexing a document builds the new version beside the stored one and swaps it in at the
 * end, in one transaction. The id stays; a cancel, a file that became unreadable, corrupt or another
 * document's twin, missing OCR models or a killed process leave the stored version as it was (found,
 * viewable, same id), with no staged pages behind. Real engine, real files, real OCR.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import * as sqliteVec from 'sqlite-vec';
import { afterAll, describe, expect, it } from 'vitest';
import type { IngestEvent } from '#shared/api';
import { makeTestModels } from '../scripts/models/make-test-models.js';
import { Engine } from '../src-main/engine/engine.js';
import { fixturesDir, maintGuidePdf, removeTempDirs, repoRoot, tempDir, writeFile } from './helpers.js';

afterAll(removeTempDirs);

const sha = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/** Row counts that must agree after any swap: chunks and their FTS rows and vectors, and staging. */
function counts(db: string) {
  const d = new Database(db, { readonly: true, fileMustExist: true });
  try {
    sqliteVec.load(d);
    const n = (sql: string) => d.prepare(sql).pluck().get() as number;
    const has = (table: string) => Boolean(d.prepare(`SELECT 1 FROM sqlite_master WHERE name = ?`).get(table));
    return {
      chunks: n(`SELECT count(*) FROM chunks`),
      // contentless FTS5: count(*) counts the index's rows
      fts: n(`SELECT count(*) FROM chunks_fts`),
      ftsOrphans: n(`SELECT count(*) FROM chunks_fts f WHERE NOT EXISTS (SELECT 1 FROM chunks c WHERE c.id = f.rowid)`),
      vectors: has('chunk_vectors') ? n(`SELECT count(*) FROM chunk_vectors`) : null,
      vectorOrphans: has('chunk_vectors') ? n(`SELECT count(*) FROM chunk_vectors v WHERE NOT EXISTS (SELECT 1 FROM chunks c WHERE c.id = v.rowid)`) : null,
      staged: n(`SELECT count(*) FROM staged_pages`),
    };
  } finally {
    d.close();
  }
}

/** A document's stored pages as the viewer reads them, with the OCR time (changed by any new OCR). */
function pagesOf(db: string, docId: number) {
  const d = new Database(db, { readonly: true, fileMustExist: true });
  try {
    return d.prepare(`SELECT page_no, source, status, text, lines, ocr_ms FROM pages WHERE doc_id = ? ORDER BY page_no`).all(docId) as { page_no: number; source: string; text: string; ocr_ms: number | null }[];
  } finally {
    d.close();
  }
}

/** Documents whose text holds the query: lexical hits (the test embedder's random vectors find anything). */
const hitDocs = async (e: Engine, query: string) => [...new Set((await e.search({ query, k: 20 })).hits.filter((h) => h.scores.lexical !== null).map((h) => h.docId))];
const reindex = (e: Engine, docId: number, ctx: Parameters<Engine['reindexDocument']>[1] = {}) => e.reindexDocument({ doc: String(docId) }, ctx);

describe('a re-index that completes', () => {
  it('keeps the id, replaces the pages, chunks, index entries and vectors, and reports as an ingest does', async () => {
    const dir = tempDir();
    const models = tempDir();
    makeTestModels(models, 'tiny');
    const db = path.join(dir, 's.db');
    const memo = writeFile(path.join(dir, 'memo.txt'), '防災計画\n\n避難訓練は四月に実施する。集合場所は quokka 公園とする。\n');
    const other = writeFile(path.join(dir, 'other.txt'), '庶務規程\n\n文房具の発注は毎月五日に締め切る。\n');
    const e = new Engine({ dbPath: db, modelsDir: models });
    try {
      const first = await e.ingest({ paths: [memo, other] });
      const id = first.files[0]!.docId!;
      const before = counts(db);
      expect(before.vectors).toBe(before.chunks);

      writeFile(memo, '防災計画\n\n避難訓練は十月に実施する。集合場所は narwhal 広場とする。\n'.repeat(40));
      const events: IngestEvent['type'][] = [];
      const r = await reindex(e, id, { emit: (ev) => events.push(ev.type) });
      expect(r.files).toMatchObject([{ path: memo, outcome: 'indexed', docId: id, pages: 1 }]);
      expect(r.files[0]!.reason).toBeUndefined();
      // the renderer's progress reads these, as for an ingest
      expect(events[0]).toBe('scan');
      expect(events.at(-1)).toBe('file-end');
      expect(events).toEqual(expect.arrayContaining(['file-start', 'file-pages', 'page', 'embed']));

      expect(e.listDocuments().map((d) => [d.id, d.path, d.sha256, d.status])).toEqual(
        expect.arrayContaining([
          [id, memo, sha(memo), 'ready'],
          [expect.any(Number), other, sha(other), 'ready'],
        ]),
      );
      expect(e.listDocuments()).toHaveLength(2);
      expect(await hitDocs(e, 'narwhal')).toContain(id);
      expect(await hitDocs(e, 'quokka')).not.toContain(id);
      expect(e.page({ docId: id, pageNo: 1 }).text).toContain('十月');

      const after = counts(db);
      expect(after.chunks).toBeGreaterThan(before.chunks);
      expect(after).toEqual({ chunks: after.chunks, fts: after.chunks, ftsOrphans: 0, vectors: after.chunks, vectorOrphans: 0, staged: 0 });
    } finally {
      e.close();
    }
  });
});

describe('two re-indexes of one document at once', () => {
  it('run one: the other is skipped, and the document is rebuilt once under its id', async () => {
    const dir = tempDir();
    const db = path.join(dir, 's.db');
    const memo = writeFile(path.join(dir, 'memo.txt'), '議事録\n\n来期の予算案を検討した。\n');
    const e = new Engine({ dbPath: db });
    try {
      const id = (await e.ingest({ paths: [memo] })).files[0]!.docId!;
      writeFile(memo, '議事録\n\n今期の決算を承認した。\n');
      const both = await Promise.all([reindex(e, id), reindex(e, id)]);
      expect(both.map((r) => r.files[0]!.outcome).sort()).toEqual(['indexed', 'skipped']);
      expect(both.find((r) => r.files[0]!.outcome === 'skipped')!.files[0]!.reason).toMatch(/^already being indexed \(job \d+\); the stored version is kept$/);
      expect(e.listDocuments().map((d) => [d.id, d.sha256, d.status])).toEqual([[id, sha(memo), 'ready']]);
      expect(await hitDocs(e, '決算')).toEqual([id]);
      expect(counts(db)).toMatchObject({ fts: counts(db).chunks, ftsOrphans: 0, staged: 0 });
    } finally {
      e.close();
    }
  });
});

describe('a document with an OCRed page', () => {
  // page 1 is a scan (OCR), page 2 text
  const dir = tempDir();
  const db = path.join(dir, 's.db');
  const pdf = path.join(dir, 'scan-then-text.pdf');
  fs.copyFileSync(path.join(fixturesDir, 'scan-then-text.pdf'), pdf);
  let id: number;
  let stored: ReturnType<typeof pagesOf>;

  it('is cancelled midway after its OCR ran again: the stored pages and OCR text stay, searchable, and no staging is left', { timeout: 300_000 }, async () => {
    const e = new Engine({ dbPath: db });
    try {
      const first = await e.ingest({ paths: [pdf] });
      id = first.files[0]!.docId!;
      stored = pagesOf(db, id);
      expect(stored.map((p) => [p.page_no, p.source])).toEqual([
        [1, 'ocr'],
        [2, 'text'],
      ]);
      expect(stored[0]!.text.length).toBeGreaterThan(20);
      const doc = e.listDocuments()[0]!;

      const stop = new AbortController();
      const seen: IngestEvent[] = [];
      let during: { listed: unknown; staged: number } | undefined;
      const r = await reindex(e, id, {
        signal: stop.signal,
        emit: (ev) => {
          seen.push(ev);
          if (ev.type === 'page' && !during) {
            // page 1 is staged now: the library must not see it
            during = { listed: e.listDocuments(), staged: counts(db).staged };
            stop.abort();
          }
        },
      });
      expect(seen).toContainEqual(expect.objectContaining({ type: 'page-stage', page: 1, stage: 'ocr' })); // no "unchanged" shortcut
      expect(during).toEqual({ listed: [doc], staged: 1 });
      expect(r.files).toMatchObject([{ outcome: 'cancelled', docId: id, reason: 'cancelled; the stored version is kept' }]);
      expect(pagesOf(db, id)).toEqual(stored);
      expect(e.listDocuments()).toEqual([doc]);
      expect(await hitDocs(e, 'quokka')).toEqual([id]);
      expect(counts(db)).toMatchObject({ fts: counts(db).chunks, ftsOrphans: 0, staged: 0 });
    } finally {
      e.close();
    }
  });

  it('fails when OCR is not available now, keeping the OCR text', async () => {
    const noModels = tempDir();
    fs.copyFileSync(path.join(repoRoot, 'models', 'manifest.json'), path.join(noModels, 'manifest.json'));
    const e = new Engine({ dbPath: db, modelsDir: noModels });
    try {
      const r = await reindex(e, id);
      expect(r.files).toMatchObject([{ outcome: 'failed', docId: id, reason: 'page 1 needs OCR, which is not available now; the stored version is kept' }]);
      expect(pagesOf(db, id)).toEqual(stored);
      expect(e.listDocuments().map((d) => [d.id, d.status, d.pagesIndexed])).toEqual([[id, 'ready', 2]]);
      expect(counts(db).staged).toBe(0);
    } finally {
      e.close();
    }
  });
});

describe('a re-index that cannot read the new file', () => {
  it('keeps the stored version when the file became corrupt or empty, with a clear reason', async () => {
    const dir = tempDir();
    const db = path.join(dir, 's.db');
    const pdf = path.join(dir, 'animals.pdf');
    fs.copyFileSync(path.join(fixturesDir, 'plain.pdf'), pdf);
    const e = new Engine({ dbPath: db });
    try {
      const id = (await e.ingest({ paths: [pdf] })).files[0]!.docId!;
      const doc = e.listDocuments()[0]!;
      const stored = pagesOf(db, id);
      const before = counts(db);

      fs.writeFileSync(pdf, '%PDF-1.7\nthis is no longer a PDF\n');
      const corrupt = await reindex(e, id);
      expect(corrupt.files).toMatchObject([{ outcome: 'failed', docId: id }]);
      expect(corrupt.files[0]!.reason).toMatch(/PDF.*; the stored version is kept$/i);
      expect(corrupt.files[0]!.reason).not.toMatch(/internal error/);

      fs.writeFileSync(pdf, '');
      const empty = await reindex(e, id);
      expect(empty.files).toMatchObject([{ outcome: 'failed', docId: id, reason: 'empty file (0 bytes); the stored version is kept' }]);

      expect(e.listDocuments()).toEqual([doc]);
      expect(pagesOf(db, id)).toEqual(stored);
      expect(await hitDocs(e, 'axolotl')).toEqual([id]);
      expect(counts(db)).toEqual(before);
    } finally {
      e.close();
    }
  });

  it('keeps the stored version when the file now holds another document’s content', async () => {
    const dir = tempDir();
    const db = path.join(dir, 's.db');
    const a = writeFile(path.join(dir, 'a.txt'), '議事録\n\n来期の予算案を検討した。\n');
    const b = writeFile(path.join(dir, 'b.txt'), '保健だより\n\n健康診断は五月に実施する。\n');
    const e = new Engine({ dbPath: db });
    try {
      const [idA, idB] = (await e.ingest({ paths: [a, b] })).files.map((f) => f.docId!);
      const listed = e.listDocuments();
      fs.copyFileSync(b, a);
      const r = await reindex(e, idA!);
      expect(r.files).toMatchObject([{ outcome: 'failed', docId: idA, reason: `the file now holds the same content as document ${idB} (${b}); the stored version is kept` }]);
      expect(e.listDocuments()).toEqual(listed);
      expect(await hitDocs(e, '予算案')).toEqual([idA]);
      expect(counts(db).staged).toBe(0);
    } finally {
      e.close();
    }
  });
});

describe('a re-index whose process is killed', () => {
  it('leaves the stored version; the next re-index discards the staging and completes', { timeout: 120_000 }, async () => {
    const dir = tempDir();
    const db = path.join(dir, 's.db');
    const pdf = path.join(dir, 'manual.pdf');
    fs.copyFileSync(path.join(fixturesDir, 'plain.pdf'), pdf);
    let e = new Engine({ dbPath: db });
    const id = (await e.ingest({ paths: [pdf] })).files[0]!.docId!;
    const doc = e.listDocuments()[0]!;
    const stored = pagesOf(db, id);
    e.close();

    // the file changes (a 69-page manual now), and a re-index of it is killed after its first stored pages
    fs.copyFileSync(maintGuidePdf, pdf);
    const engineJs = pathToFileURL(path.join(repoRoot, 'out', 'src-main', 'engine', 'engine.js')).href;
    const script = `
      const { Engine } = await import(${JSON.stringify(engineJs)});
      const e = new Engine({ dbPath: ${JSON.stringify(db)} });
      await e.reindexDocument({ doc: '${id}' }, { emit: (ev) => { if (ev.type === 'page') process.stdout.write('page ' + ev.page + '\\n'); } });
      process.stdout.write('done\\n');`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr.on('data', (s: Buffer) => (err += s.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('close', (_code, signal) => resolve(signal)));
    child.stdout.on('data', (s: Buffer) => {
      out += s.toString();
      if (out.includes('page ')) child.kill('SIGKILL');
    });
    expect(await exited, `stdout:\n${out}\nstderr:\n${err}`).toBe('SIGKILL');
    expect(out).not.toContain('done');

    e = new Engine({ dbPath: db });
    try {
      expect(e.listDocuments()).toEqual([doc]);
      expect(pagesOf(db, id)).toEqual(stored);
      expect(await hitDocs(e, 'narwhal')).toEqual([id]);
      const left = counts(db);
      expect(left.staged).toBeGreaterThan(0); // the killed re-index's staging, unseen

      const r = await reindex(e, id);
      expect(r.files).toMatchObject([{ outcome: 'indexed', docId: id, pages: 69 }]);
      expect(e.listDocuments().map((d) => [d.id, d.sha256, d.pageCount, d.pagesIndexed + d.pagesNeedingOcr + d.pagesUnreadable, d.status])).toEqual([[id, sha(pdf), 69, 69, 'ready']]);
      expect(await hitDocs(e, 'narwhal')).toEqual([]);
      const after = counts(db);
      expect(after).toMatchObject({ fts: after.chunks, ftsOrphans: 0, staged: 0 });
    } finally {
      e.close();
    }
  });
});
