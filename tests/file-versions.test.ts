/**
 * Issue 15, file versions: a file changed at the same path replaces its document's content in place (same
 * id, next version, old chunks gone in the swap's transaction), a changed file that cannot be read leaves
 * the stored version, and the same content under two paths is one document knowing both. Real engine,
 * real files, real SQLite.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { Engine } from '../src-main/engine/engine.js';
import { openDb } from '../src-main/engine/store/db.js';
import { MIGRATIONS } from '../src-main/engine/store/migrations.js';
import { removeTempDirs, tempDir, writeFile } from './helpers.js';

afterAll(removeTempDirs);

function setUp() {
  const dir = tempDir();
  const engine = new Engine({ dbPath: path.join(dir, 'store.db'), modelsDir: path.join(dir, 'no-models') });
  const docs = path.join(dir, 'docs');
  const found = async (query: string) => (await engine.search({ query, mode: 'lexical' })).hits.map((h) => h.path);
  return { dir, engine, docs, found };
}

/** A file written with a given mtime, so versions are told apart by date too. */
function write(file: string, text: string, mtime: Date): string {
  writeFile(file, text);
  fs.utimesSync(file, mtime, mtime);
  return file;
}

describe('a file changed at its path', () => {
  it('replaces its document in place: same id, version 2, dated; search shows only the new text', async () => {
    const { engine, docs, found } = setUp();
    const a = write(path.join(docs, 'memo.txt'), '会議の議題は予算案の承認です。', new Date('2026-01-05T09:00:00Z'));
    const first = await engine.ingest({ paths: [a] });
    const id = first.files[0]!.docId!;
    expect(await found('予算案')).toEqual([a]);
    const before = engine.listDocuments()[0]!;
    expect([before.version, before.modifiedAt, before.paths]).toEqual([1, '2026-01-05T09:00:00.000Z', [a]]);

    write(a, '会議の議題は人事異動の報告です。', new Date('2026-02-10T09:00:00Z'));
    const second = await engine.ingest({ paths: [a] });
    expect(second.files[0]).toMatchObject({ outcome: 'indexed', docId: id, version: 2 });
    const docsNow = engine.listDocuments();
    expect(docsNow).toHaveLength(1);
    expect(docsNow[0]).toMatchObject({ id, version: 2, modifiedAt: '2026-02-10T09:00:00.000Z', paths: [a] });
    expect(docsNow[0]!.versionAt > before.versionAt).toBe(true);
    expect(docsNow[0]!.addedAt).toBe(before.addedAt);
    expect(await found('人事異動')).toEqual([a]);
    expect(await found('予算案')).toEqual([]);

    // unchanged: no new version
    expect((await engine.ingest({ paths: [a] })).files[0]).toMatchObject({ outcome: 'unchanged', docId: id });
    expect(engine.listDocuments()[0]!.version).toBe(2);
    engine.close();
  });

  it('keeps the stored version when the changed file cannot be read', async () => {
    const { engine, docs, found } = setUp();
    const a = write(path.join(docs, 'report.md'), '# 報告\n\n第三四半期の売上は増加しました。', new Date('2026-01-05T09:00:00Z'));
    const id = (await engine.ingest({ paths: [a] })).files[0]!.docId!;
    fs.writeFileSync(a, '');
    expect((await engine.ingest({ paths: [a] })).files[0]).toMatchObject({ outcome: 'failed', reason: expect.stringContaining('empty') });
    expect(engine.listDocuments()).toMatchObject([{ id, version: 1, paths: [a] }]);
    expect(await found('売上')).toEqual([a]);
    engine.close();
  });

  it('whose new content is another document’s: the path goes to that one, and the replaced one goes', async () => {
    const { engine, docs, found } = setUp();
    const a = write(path.join(docs, 'a.txt'), '倉庫の在庫は十分です。', new Date());
    const b = write(path.join(docs, 'b.txt'), '新しい倉庫を建設します。', new Date());
    await engine.ingest({ paths: [a, b] });
    const idB = engine.listDocuments().find((d) => d.path === b)!.id;
    fs.copyFileSync(b, a);
    expect((await engine.ingest({ paths: [a] })).files[0]).toMatchObject({ outcome: 'unchanged', docId: idB });
    expect(engine.listDocuments()).toMatchObject([{ id: idB, paths: [a, b] }]);
    expect(await found('在庫')).toEqual([]);
    engine.close();
  });
});

describe('the same content under two paths', () => {
  it('is one document knowing both paths; it goes with the last of them', async () => {
    const { engine, docs, found } = setUp();
    const a = write(path.join(docs, 'x', '規程.txt'), '就業規則の第五条を改定する。', new Date('2026-03-01T00:00:00Z'));
    const b = path.join(docs, 'y', '規程のコピー.txt');
    fs.mkdirSync(path.dirname(b), { recursive: true });
    fs.copyFileSync(a, b);
    const run = await engine.ingest({ paths: [a, b] });
    expect(run.files.map((f) => f.outcome)).toEqual(['indexed', 'unchanged']);
    expect(run.files[1]!.reason).toContain('this path is added');
    const [doc] = engine.listDocuments();
    expect(engine.listDocuments()).toHaveLength(1);
    expect(new Set(doc!.paths)).toEqual(new Set([a, b]));
    expect(await found('就業規則')).toHaveLength(1);
    // a reference by either path names it
    expect((await engine.reindexDocument({ doc: b })).files[0]).toMatchObject({ outcome: 'indexed', docId: doc!.id });

    fs.rmSync(b);
    expect(engine.forgetPath(b, false)).toBeNull();
    expect(engine.listDocuments()).toMatchObject([{ id: doc!.id, paths: [a], path: a }]);
    fs.rmSync(a);
    expect(engine.forgetPath(a, false)).toMatchObject({ id: doc!.id });
    expect(engine.listDocuments()).toEqual([]);
    engine.close();
  });

  it('when one copy is edited, the edit becomes its own document and the other copy keeps the old one', async () => {
    const { engine, docs, found } = setUp();
    const a = write(path.join(docs, 'a.txt'), '旧い手順書は廃止された。', new Date('2026-03-01T00:00:00Z'));
    const b = path.join(docs, 'b.txt');
    fs.copyFileSync(a, b);
    await engine.ingest({ paths: [a, b] });
    const old = engine.listDocuments()[0]!;
    write(b, '最新版の通達を参照せよ。', new Date('2026-03-02T00:00:00Z'));
    const run = await engine.ingest({ paths: [b] });
    expect(run.files[0]).toMatchObject({ outcome: 'indexed' });
    expect(run.files[0]!.docId).not.toBe(old.id);
    const byId = new Map(engine.listDocuments().map((d) => [d.id, d]));
    expect(byId.get(old.id)).toMatchObject({ paths: [a], version: 1 });
    expect(byId.get(run.files[0]!.docId!)).toMatchObject({ paths: [b], version: 1 });
    expect(await found('廃止')).toEqual([a]);
    expect(await found('通達')).toEqual([b]);
    engine.close();
  });

  it('a deleted file’s document is kept when asked', async () => {
    const { engine, docs } = setUp();
    const a = write(path.join(docs, 'a.txt'), '保存期間は十年です。', new Date());
    await engine.ingest({ paths: [a] });
    fs.rmSync(a);
    expect(engine.forgetPath(a, true)).toBeNull();
    expect(engine.listDocuments()).toMatchObject([{ paths: [] }]);
    engine.close();
  });
});

describe('a store from before file versions', () => {
  it('gives a path two documents shared (an edited file used to become a second one) to the newer', () => {
    const file = path.join(tempDir(), 'old.db');
    const old = new Database(file);
    for (const m of MIGRATIONS.slice(0, 3)) old.exec(m);
    old.pragma('user_version = 3');
    const add = old.prepare(
      `INSERT INTO documents (sha256, path, title, kind, bytes, page_count, status, added_at, updated_at) VALUES (?, ?, 't', 'text', 1, 1, 'ready', ?, ?)`,
    );
    add.run('a'.repeat(64), '/d/memo.txt', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');
    add.run('b'.repeat(64), '/d/memo.txt', '2026-02-01T00:00:00Z', '2026-02-01T00:00:00Z');
    add.run('c'.repeat(64), '/d/other.txt', '2026-01-15T00:00:00Z', '2026-01-15T00:00:00Z');
    old.close();
    const db = openDb(file);
    expect(db.prepare(`SELECT p.path, d.sha256 FROM document_paths p JOIN documents d ON d.id = p.doc_id ORDER BY p.path`).all()).toEqual([
      { path: '/d/memo.txt', sha256: 'b'.repeat(64) },
      { path: '/d/other.txt', sha256: 'c'.repeat(64) },
    ]);
    expect(db.prepare(`SELECT DISTINCT version, version_at = added_at AS dated FROM documents`).all()).toEqual([{ version: 1, dated: 1 }]);
    db.close();
  });
});
