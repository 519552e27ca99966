/**
 * Library transfer through the real engine and stores: store A (text, Markdown, a PDF with a text layer, a
 * scan read by OCR, vectors of the generated test embedder) is exported to an archive and imported into
 * stores that overlap it. Damaged and newer archives are refused, leaving the target as it was.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LibraryTransferEvent } from '#shared/api';
import { makeTestModels } from '../scripts/models/make-test-models.js';
import { Engine } from '../src-main/engine/engine.js';
import { ARCHIVE_FORMAT, ARCHIVE_FORMAT_VERSION, SNAPSHOT_PART, writeArchive, type Manifest } from '../src-main/engine/library/archive.js';
import { openDb } from '../src-main/engine/store/db.js';
import { MIGRATIONS } from '../src-main/engine/store/migrations.js';
import { ensureVectorTable } from '../src-main/engine/store/vectors.js';
import { fixturesDir, removeTempDirs, runCli, storeProblems, tempDir, withStore, writeFile } from './helpers.js';

const TEXTS: Record<string, string> = {
  'kappa.txt': '河童\n河童は日本の川に住むと伝えられる妖怪で、頭の皿の水が乾くと力を失う。きゅうりを好むという。',
  'tengu.md': '# 天狗\n\n天狗は山に住む妖怪で、赤い顔と高い鼻を持ち、羽団扇で風を起こすとされる。',
  'shared.txt': '共有文書\n両方のパソコンにある文書。座敷わらしは家に住み、いる家は栄えるという。',
};

let models: string;
let docs: string;
let dbA: string;
let archive: string;
const exportEvents: LibraryTransferEvent[] = [];

const sha = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const counts = (db: string) =>
  withStore(db, (d) => d.prepare(`SELECT (SELECT count(*) FROM documents) AS documents, (SELECT count(*) FROM pages) AS pages, (SELECT count(*) FROM chunks) AS chunks`).get()) as {
    documents: number;
    pages: number;
    chunks: number;
  };
const chunkCountOf = (db: string, docSha: string) =>
  withStore(db, (d) => d.prepare(`SELECT count(*) FROM chunks c JOIN documents x ON x.id = c.doc_id WHERE x.sha256 = ?`).pluck().get(docSha) as number);
const pageCountOf = (db: string, docSha: string) =>
  withStore(db, (d) => d.prepare(`SELECT count(*) FROM pages p JOIN documents x ON x.id = p.doc_id WHERE x.sha256 = ?`).pluck().get(docSha) as number);

async function withEngine<T>(dbPath: string, body: (e: Engine) => Promise<T>, modelsDir?: string): Promise<T> {
  const e = new Engine({ dbPath, modelsDir });
  try {
    return await body(e);
  } finally {
    e.close();
  }
}

/** A store with documents of its own and shared.txt (at another path), embedded with the test embedder. */
async function overlappingStore(name: string, modelsDir = models): Promise<string> {
  const dir = tempDir();
  const db = path.join(dir, `${name}.db`);
  const own = writeFile(path.join(dir, 'files', 'zashiki-copy.txt'), TEXTS['shared.txt']!);
  const mine = writeFile(path.join(dir, 'files', 'nue.txt'), '鵺\n鵺は猿の顔、狸の胴体、虎の手足、蛇の尾を持つとされる妖怪である。');
  await withEngine(db, (e) => e.ingest({ paths: [own, mine] }), modelsDir);
  return db;
}

beforeAll(async () => {
  models = tempDir();
  makeTestModels(models, 'tiny');
  docs = tempDir();
  for (const [name, text] of Object.entries(TEXTS)) writeFile(path.join(docs, name), text);
  fs.copyFileSync(path.join(fixturesDir, 'plain.pdf'), path.join(docs, 'plain.pdf'));
  const scan = path.join(tempDir(), 'scan.pdf');
  fs.copyFileSync(path.join(fixturesDir, 'scanned-h00.pdf'), scan);
  dbA = path.join(tempDir(), 'a.db');
  // the scan is read by OCR with the repository's OCR models, the rest with the test embedder installed;
  // reindex then embeds the scan's chunks too
  await withEngine(dbA, (e) => e.ingest({ paths: [scan] }));
  await withEngine(dbA, async (e) => {
    await e.ingest({ paths: [docs] });
    await e.reindex();
  }, models);
  archive = path.join(tempDir(), 'library.tar');
  await withEngine(dbA, (e) => e.exportLibrary({ file: archive, withFiles: true }, { emit: (ev) => exportEvents.push(ev) }));
}, 180_000);

afterAll(() => removeTempDirs());

describe('export', () => {
  it('writes one archive with the counts of the store, every original file, and progress to the end of each phase', async () => {
    expect(fs.existsSync(archive)).toBe(true);
    expect(fs.existsSync(`${archive}.partial`)).toBe(false);
    expect(new Set(exportEvents.map((e) => e.phase))).toEqual(new Set(['snapshot', 'write']));
    for (const phase of ['snapshot', 'write'] as const) {
      const last = exportEvents.filter((e) => e.phase === phase).at(-1)!;
      expect(last.done).toBe(last.total);
    }
    // the export's temporary snapshot is gone
    expect(fs.readdirSync(path.dirname(dbA)).filter((f) => f.startsWith('library-'))).toEqual([]);
    const c = counts(dbA);
    expect(c.documents).toBe(5);
    const pages = withStore(dbA, (d) => d.prepare(`SELECT source FROM pages`).pluck().all() as string[]);
    expect(pages).toContain('ocr');
  });
});

describe('import into a store that overlaps', () => {
  let dbB: string;
  let summary: Awaited<ReturnType<Engine['importLibrary']>>;
  const events: LibraryTransferEvent[] = [];

  beforeAll(async () => {
    dbB = await overlappingStore('b');
    summary = await withEngine(dbB, (e) => e.importLibrary({ file: archive, withFiles: true }, { emit: (ev) => events.push(ev) }), models);
  }, 120_000);

  it('adds the new documents with their pages and chunks, and skips the shared one', () => {
    const sharedSha = sha(path.join(docs, 'shared.txt'));
    const a = counts(dbA);
    expect(summary.documents).toEqual({ imported: 4, present: 1, notReady: 0 });
    expect(summary.pages).toBe(a.pages - pageCountOf(dbA, sharedSha));
    expect(summary.chunks).toBe(a.chunks - chunkCountOf(dbA, sharedSha));
    expect(counts(dbB)).toEqual({ documents: 2 + 4, pages: 2 + summary.pages, chunks: chunkCountOf(dbB, sharedSha) + chunkCountOf(dbB, sha(path.join(path.dirname(dbB), 'files', 'nue.txt'))) + summary.chunks });
    expect(withStore(dbB, (d) => d.prepare(`SELECT count(*) FROM documents WHERE sha256 = ?`).pluck().get(sharedSha))).toBe(1);
    // the shared document now also knows A's path for it
    const paths = withStore(dbB, (d) => d.prepare(`SELECT p.path FROM document_paths p JOIN documents x ON x.id = p.doc_id WHERE x.sha256 = ?`).pluck().all(sharedSha));
    expect(paths).toContain(path.join(docs, 'shared.txt'));
    expect(storeProblems(dbB)).toEqual([]);
    expect(events.filter((e) => e.phase === 'merge').at(-1)).toEqual({ phase: 'merge', done: 5, total: 5 });
  });

  it('keeps the pages read by OCR as they were read (source ocr, same text)', () => {
    const ocrPages = (db: string) =>
      withStore(db, (d) => d.prepare(`SELECT x.sha256, p.page_no, p.source, p.text, p.lines FROM pages p JOIN documents x ON x.id = p.doc_id WHERE p.source = 'ocr' ORDER BY x.sha256, p.page_no`).all());
    expect(ocrPages(dbA).length).toBeGreaterThan(0);
    expect(ocrPages(dbB)).toEqual(ocrPages(dbA));
  });

  it("finds A's documents by their text", async () => {
    await withEngine(dbB, async (e) => {
      for (const [query, file] of [['河童', 'kappa.txt'], ['羽団扇', 'tengu.md'], ['narwhal', 'plain.pdf']] as const) {
        const r = await e.search({ query, mode: 'lexical' });
        expect(r.hits[0]?.title, query).toBeDefined();
        expect(path.basename(r.hits[0]!.path), query).toBe(file);
      }
    });
  });

  it('takes the vectors, the embedder being the same, so none is queued', async () => {
    expect(summary.vectorNote).toBeNull();
    expect(summary.vectors).toBe(summary.chunks);
    expect(summary.queuedForEmbedding).toBe(0);
    const vectorOf = (db: string) =>
      withStore(db, (d) => d.prepare(`SELECT v.embedding FROM chunk_vectors v JOIN chunks c ON c.id = v.rowid WHERE c.text LIKE '%河童は日本の川%'`).pluck().get() as Buffer);
    expect(vectorOf(dbB).equals(vectorOf(dbA))).toBe(true);
    await withEngine(dbB, async (e) => {
      const status = e.libraryStats();
      expect(status.embeddedChunks).toBe(status.chunks);
      const r = await e.search({ query: '河童', mode: 'dense' });
      expect(r.hits.length).toBeGreaterThan(0);
    }, models);
  });

  it('restores the original files beside the store, and the documents point at them', async () => {
    const folder = path.join(path.dirname(dbB), 'imported');
    expect(summary.files).toEqual({ restored: 4, folder, missing: 0 });
    const imported = withStore(dbB, (d) => d.prepare(`SELECT id, sha256, path, kind FROM documents WHERE path LIKE ? || '%'`).all(folder)) as { id: number; sha256: string; path: string; kind: string }[];
    expect(imported).toHaveLength(4);
    for (const d of imported) {
      expect(d.path).toBe(path.join(folder, d.sha256, path.basename(d.path)));
      expect(sha(d.path)).toBe(d.sha256);
    }
    const pdf = imported.find((d) => path.basename(d.path) === 'plain.pdf')!;
    const png = await withEngine(dbB, async (e) => e.pageImage({ docId: pdf.id, pageNo: 2, maxSide: 200 }));
    expect(Buffer.from(png).subarray(1, 4).toString()).toBe('PNG');
    // the temporary unpacked archive is gone
    expect(fs.readdirSync(path.dirname(dbB)).filter((f) => f.startsWith('library-'))).toEqual([]);
  });

  it('imports nothing twice when the same archive is imported again', async () => {
    const again = await withEngine(dbB, (e) => e.importLibrary({ file: archive }), models);
    expect(again.documents).toEqual({ imported: 0, present: 5, notReady: 0 });
    expect(counts(dbB).documents).toBe(6);
  });
});

describe('a cancelled import', () => {
  it('stops between batches, says so, and the same archive imported again goes on', async () => {
    const dbH = await overlappingStore('h');
    const abort = new AbortController();
    const stopped = await withEngine(dbH, (e) => e.importLibrary({ file: archive }, { signal: abort.signal, emit: (ev) => ev.phase === 'merge' && abort.abort() }), models);
    expect(stopped).toMatchObject({ cancelled: true, documents: { imported: 0, present: 0 } });
    expect(counts(dbH).documents).toBe(2);
    const resumed = await withEngine(dbH, (e) => e.importLibrary({ file: archive }), models);
    expect(resumed).toMatchObject({ cancelled: false, documents: { imported: 4, present: 1 } });
    expect(storeProblems(dbH)).toEqual([]);
  }, 60_000);
});

describe('import into a store of another embedder', () => {
  it('leaves the chunks without vectors, queued for reindex, and keeps the paths of the other machine', async () => {
    const dbC = await overlappingStore('c');
    const db = openDb(dbC);
    // the store's vectors come from another embedder (as after a reindex with it)
    ensureVectorTable(db, { model: 'another-embedder', dims: 64 }, { replace: true });
    db.close();
    const r = await withEngine(dbC, (e) => e.importLibrary({ file: archive }), models);
    expect(r.documents.imported).toBe(4);
    expect(r.vectors).toBe(0);
    expect(r.queuedForEmbedding).toBe(r.chunks);
    expect(r.vectorNote).toMatch(/test-embedder-tiny.*another-embedder/);
    expect(r.files).toEqual({ restored: 0, folder: null, missing: 0 });
    const paths = withStore(dbC, (d) => d.prepare(`SELECT path FROM documents`).pluck().all() as string[]);
    expect(paths).toContain(path.join(docs, 'kappa.txt'));
    // reindex embeds them (switching the store to the installed embedder)
    const re = await withEngine(dbC, (e) => e.reindex(), models);
    expect(re.withVector).toBe(re.chunks);
    expect(storeProblems(dbC)).toEqual([]);
  }, 120_000);
});

describe('a damaged archive', () => {
  /** The store file's bytes and counts, taken with no engine open (nothing left in a WAL). */
  const fingerprint = (db: string) => ({ sha: sha(db), counts: counts(db), files: fs.readdirSync(path.dirname(db)).sort() });

  async function refused(damage: (bytes: Buffer) => Buffer): Promise<{ message: string; code: string }> {
    const dbD = await overlappingStore('d');
    const bad = path.join(tempDir(), 'bad.tar');
    fs.writeFileSync(bad, damage(fs.readFileSync(archive)));
    const before = fingerprint(dbD);
    const err = await withEngine(dbD, (e) => e.importLibrary({ file: bad, withFiles: true }).then(() => null, (x: unknown) => x as { message: string; code: string }), models);
    expect(err, 'the import was not refused').not.toBeNull();
    expect(fingerprint(dbD)).toEqual(before);
    return err!;
  }

  it('is refused when truncated, and the store is untouched', async () => {
    const err = await refused((b) => b.subarray(0, Math.floor(b.length / 2)));
    expect(err.code).toBe('archive-invalid');
    expect(err.message).toMatch(/is not a usable library archive: it is truncated or damaged .*nothing was imported/);
  }, 60_000);

  it('is refused when cut where its manifest begins', async () => {
    const err = await refused((b) => b.subarray(0, b.lastIndexOf(Buffer.from('manifest.json')) & ~511));
    expect(err.code).toBe('archive-invalid');
    expect(err.message).toMatch(/manifest is missing/);
  }, 60_000);

  it('is refused when a byte of a part is altered, and the store is untouched', async () => {
    const err = await refused((b) => {
      const copy = Buffer.from(b);
      // inside store.db, the first entry (its data starts after one 512-byte header)
      copy[512 + 3000] = copy[512 + 3000]! ^ 0xff;
      return copy;
    });
    expect(err.code).toBe('archive-invalid');
    expect(err.message).toMatch(/part store\.db does not match the sha256 in the manifest: the archive was altered or damaged/);
  }, 60_000);
});

/** An archive of A's store as it is now, with the manifest `adjust` makes; the snapshot's schema set to `schema`. */
async function craftedArchive(adjust: Partial<Manifest>, schema = MIGRATIONS.length): Promise<string> {
  const dir = tempDir();
  const snapshot = path.join(dir, SNAPSHOT_PART);
  fs.copyFileSync(dbA, snapshot);
  const db = new Database(snapshot);
  db.pragma(`user_version = ${schema}`);
  db.close();
  const file = path.join(dir, 'crafted.tar');
  await writeArchive(
    file,
    [{ name: SNAPSHOT_PART, file: snapshot }],
    (digests) => ({
      format: ARCHIVE_FORMAT,
      formatVersion: ARCHIVE_FORMAT_VERSION,
      appVersion: '9.9.9',
      createdAt: new Date().toISOString(),
      schemaVersion: schema,
      vectorSpace: null,
      counts: { documents: 0, pages: 0, chunks: 0, vectors: 0 },
      parts: [...digests].map(([name, d]) => ({ name, ...d })),
      files: [],
      missingFiles: [],
      ...adjust,
    }),
    () => {},
  );
  return file;
}

describe('a crafted manifest', () => {
  it('cannot make an import restore a file from outside the archive', async () => {
    const kappa = sha(path.join(docs, 'kappa.txt'));
    const file = await craftedArchive({ files: [{ sha256: kappa, part: `files/${'0'.repeat(64)}`, name: 'kappa.txt' }] });
    const dbG = await overlappingStore('g');
    await expect(withEngine(dbG, (e) => e.importLibrary({ file, withFiles: true }))).rejects.toMatchObject({
      code: 'archive-invalid',
      message: expect.stringContaining(`its manifest gives the file kappa.txt a part it does not hold (files/${'0'.repeat(64)})`),
    });
  }, 60_000);
});

describe('an archive from a newer schema', () => {
  it('is refused with a clear message, by the API and the CLI', async () => {
    const newer = MIGRATIONS.length + 1;
    const file = await craftedArchive({}, newer);
    const dbE = await overlappingStore('e');
    const before = counts(dbE);
    await expect(withEngine(dbE, (e) => e.importLibrary({ file }))).rejects.toMatchObject({
      code: 'archive-newer',
      message: `${file} was made by a newer docsearch (store schema ${newer}; this one reads up to ${MIGRATIONS.length}); update first`,
    });
    const run = await runCli(dbE, ['library', 'import', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`verifying the archive…\ndocsearch: ${file} was made by a newer docsearch (store schema ${newer}; this one reads up to ${MIGRATIONS.length}); update first\n`);
    expect(counts(dbE)).toEqual(before);
  }, 60_000);
});

describe('the CLI', () => {
  it('exports and imports with a line per phase when not on a terminal, and says what it did', async () => {
    const file = path.join(tempDir(), 'cli.tar');
    const exp = await runCli(dbA, ['library', 'export', file]);
    expect(exp.code, exp.stderr).toBe(0);
    expect(exp.stderr).toBe('snapshot of the store…\nwriting the archive…\n');
    expect(exp.stdout).toMatch(/^exported 5 documents \(\d+ pages, \d+ chunks, \d+ vectors\) to .*cli\.tar: [\d.]+ MB in [\d.]+ s\n$/);
    const dbF = path.join(tempDir(), 'f.db');
    const imp = await runCli(dbF, ['library', 'import', file]);
    expect(imp.code, imp.stderr).toBe(0);
    expect(imp.stderr).toBe('verifying the archive…\nmerging documents…\n');
    expect(imp.stdout).toMatch(/^imported 5 documents \(\d+ pages, \d+ chunks\) from .*cli\.tar in [\d.]+ s\n\d+ vectors taken from the archive\n$/);
  }, 60_000);
});
