/**
 * Issue 15, watch folders: a real Engine on a temporary store watching real folders, driven by real file
 * system events (chokidar over inotify/FSEvents), with a short debounce so the file stays fast.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { DocumentInfo } from '#shared/api';
import { Engine } from '../src-main/engine/engine.js';
import type { WatchEvent } from '../src-main/engine/watch/watcher.js';
import { finished, fixturesDir, removeTempDirs, spawnCli, tempDir, waitForStderr, writeFile } from './helpers.js';

afterAll(removeTempDirs);

const DEBOUNCE_MS = 150;
const open: Engine[] = [];
afterEach(async () => {
  for (const e of open.splice(0)) {
    await e.stopWatching();
    e.close();
  }
});

/** An engine on a fresh store, its settings watching `folders`, and everything the watcher reports. */
function setup(opts: { removeDeleted?: boolean } = {}) {
  const dir = tempDir();
  const folder = path.join(dir, 'watched');
  fs.mkdirSync(folder);
  const dbPath = path.join(dir, 'store', 'store.db');
  fs.mkdirSync(path.dirname(dbPath));
  const engine = new Engine({ dbPath });
  open.push(engine);
  engine.updateSettings({ watch: { folders: [folder], debounceMs: DEBOUNCE_MS, removeDeleted: opts.removeDeleted ?? true } });
  const events: WatchEvent[] = [];
  const start = () => engine.startWatching({ emit: (e) => events.push(e) });
  return { dir, folder, dbPath, engine, events, start };
}

async function until<T>(what: string, get: () => T | Promise<T>, timeoutMs = 15_000): Promise<NonNullable<T>> {
  const t0 = Date.now();
  for (;;) {
    const v = await get();
    if (v) return v;
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Documents whose text holds the query (lexical hits). */
const found = async (e: Engine, query: string) => [...new Set((await e.search({ query, k: 50 })).hits.filter((h) => h.scores.lexical !== null).map((h) => h.docId))];
const docAt = (e: Engine, p: string): DocumentInfo | undefined => e.listDocuments().find((d) => d.paths.includes(p));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Page reads (a file opened and its pages stored) among the events since `from`. */
const pageReads = (events: WatchEvent[], from = 0) => events.slice(from).filter((e) => e.type === 'ingest' && e.event.type === 'file-pages').length;

describe('a watched folder', () => {
  it('indexes a new file, replaces a changed one in place, follows a rename without reading it again, and removes a deleted one', async () => {
    const { folder, engine, events, start } = setup();
    await start();
    const memo = writeFile(path.join(folder, 'sub', 'memo.txt'), '防災計画\n\n避難訓練は四月に実施する。集合場所は quokka 公園。\n');
    const created = await until('the new file to be searchable', async () => (await found(engine, 'quokka'))[0]);
    expect(docAt(engine, memo)).toMatchObject({ id: created, version: 1 });

    writeFile(memo, '防災計画\n\n避難訓練は十月に実施する。集合場所は narwhal 広場。\n');
    await until('the new text to be searchable', async () => (await found(engine, 'narwhal')).length);
    expect(await found(engine, 'narwhal')).toEqual([created]);
    expect(await found(engine, 'quokka')).toEqual([]);
    expect(engine.listDocuments()).toHaveLength(1);
    expect(docAt(engine, memo)).toMatchObject({ id: created, version: 2 });

    const readsBefore = pageReads(events);
    const moved = path.join(folder, 'archive', 'memo-2024.txt');
    fs.mkdirSync(path.dirname(moved));
    fs.renameSync(memo, moved);
    await until('the document to know only the new path', () => docAt(engine, moved)?.paths.length === 1);
    expect(engine.listDocuments()).toMatchObject([{ id: created, path: moved, paths: [moved], version: 2 }]);
    // the document was neither removed nor read again
    expect(pageReads(events, 0) - readsBefore).toBe(0);
    expect(events.some((e) => e.type === 'gone' && e.path === memo && e.removed === null)).toBe(true);
    expect(await found(engine, 'narwhal')).toEqual([created]);

    fs.rmSync(moved);
    await until('the document to be removed', () => engine.listDocuments().length === 0);
    expect(await found(engine, 'narwhal')).toEqual([]);
    expect(events).toContainEqual({ type: 'gone', path: moved, removed: expect.objectContaining({ id: created }) });

    const status = engine.watchStatus();
    expect(status).toMatchObject({ running: true, folders: [{ path: folder, state: 'watching', queued: 0, filesKnown: 0, lastError: null, lastEvent: { path: moved, action: 'removed' } }] });
  });

  it('follows a renamed folder: its files keep their documents and are not read again', async () => {
    const { folder, engine, events, start } = setup();
    const files = ['a.txt', 'b.md', 'c.txt'].map((n, i) => writeFile(path.join(folder, '2024', n), `報告書 ${i} yak${i}zz\n`));
    await start();
    await until('the folder to be indexed', () => engine.listDocuments().length === 3);
    const ids = files.map((f) => docAt(engine, f)!.id);
    const reads = pageReads(events);
    fs.renameSync(path.join(folder, '2024'), path.join(folder, '2024-archive'));
    const moved = files.map((f) => f.replace(`${path.sep}2024${path.sep}`, `${path.sep}2024-archive${path.sep}`));
    await until('every document to know only its new path', () => moved.every((m) => docAt(engine, m)?.paths.length === 1));
    expect(moved.map((m) => docAt(engine, m)!.id)).toEqual(ids);
    expect(engine.listDocuments()).toHaveLength(3);
    expect(pageReads(events) - reads).toBe(0);
  });

  it('keeps the documents of a folder that disappears (an unplugged drive) until it is back, then catches up', async () => {
    const { dir, folder, engine, start } = setup();
    writeFile(path.join(folder, 'a.txt'), '台帳 quail\n');
    writeFile(path.join(folder, 'sub', 'b.txt'), '台帳 heron\n');
    await start();
    await until('the folder to be indexed', () => engine.listDocuments().length === 2);
    const away = path.join(dir, 'unplugged');
    fs.renameSync(folder, away); // as the folder's files vanish at once with it
    await until('the folder to show as missing', () => engine.watchStatus().folders[0]?.state === 'error');
    await sleep(DEBOUNCE_MS * 3);
    expect(engine.listDocuments()).toHaveLength(2);
    // back without b.txt: the catch-up scan forgets it
    fs.rmSync(path.join(away, 'sub'), { recursive: true });
    fs.renameSync(away, folder);
    await until('b.txt to be forgotten', () => engine.listDocuments().length === 1);
    expect(engine.listDocuments()).toMatchObject([{ path: path.join(folder, 'a.txt') }]);
    expect(engine.watchStatus().folders[0]).toMatchObject({ state: 'watching', filesKnown: 1 });
  });

  it('keeps a deleted file’s document when removeDeleted is off', async () => {
    const { folder, engine, start } = setup({ removeDeleted: false });
    await start();
    const f = writeFile(path.join(folder, 'keep.md'), '# 保存文書\n\n削除されても残す pangolin の記録。\n');
    const id = await until('the file to be indexed', async () => (await found(engine, 'pangolin'))[0]);
    fs.rmSync(f);
    await until('the deletion to be handled', () => engine.watchStatus().folders[0]?.lastEvent?.action === 'kept');
    expect(engine.listDocuments().map((d) => d.id)).toEqual([id]);
    expect(await found(engine, 'pangolin')).toEqual([id]);
  });

  it('indexes a burst of 200 files, all of them, in a few batches', async () => {
    const { folder, engine, events, start } = setup();
    await start();
    for (let i = 0; i < 200; i++) writeFile(path.join(folder, `n${String(i).padStart(3, '0')}.txt`), `連絡票 ${i}\n\n受付番号 burst${i}x の控え。\n`);
    await until('200 documents', () => engine.listDocuments().length === 200, 40_000);
    const batches = events.filter((e) => e.type === 'batch');
    expect(batches.length).toBeLessThanOrEqual(5);
    expect(await found(engine, 'burst137x')).toHaveLength(1);
    expect(engine.watchStatus().folders[0]).toMatchObject({ filesKnown: 200, queued: 0 });
  });

  it('ignores temporary and partial files: a download written as x.pdf.part and renamed is one document', async () => {
    const { folder, engine, events, start } = setup();
    await start();
    const pdf = fs.readFileSync(path.join(fixturesDir, 'plain.pdf'));
    const part = path.join(folder, 'x.pdf.part');
    // written in pieces, slower than the debounce, as a download arrives
    fs.writeFileSync(part, pdf.subarray(0, 1000));
    await sleep(DEBOUNCE_MS * 2);
    fs.appendFileSync(part, pdf.subarray(1000));
    for (const name of ['~$report.txt', '.notes.md.swp', 'draft.txt~', 'scan.tmp', 'a.crdownload', '.hidden.txt']) writeFile(path.join(folder, name), 'ignored words zebra\n');
    await sleep(DEBOUNCE_MS * 3);
    expect(engine.listDocuments()).toEqual([]);
    fs.renameSync(part, path.join(folder, 'x.pdf'));
    await until('the PDF to be indexed', () => engine.listDocuments().length === 1);
    await sleep(DEBOUNCE_MS * 3);
    expect(engine.listDocuments()).toMatchObject([{ path: path.join(folder, 'x.pdf'), pageCount: 3, status: 'ready' }]);
    expect(events.filter((e) => e.type === 'ingest' && e.event.type === 'file-start').map((e) => e.type === 'ingest' && e.event.type === 'file-start' && e.event.path)).toEqual([path.join(folder, 'x.pdf')]);
  });

  it('catches up at start with what changed while it was stopped', async () => {
    const { folder, engine, events, start } = setup();
    const a = writeFile(path.join(folder, 'a.txt'), '議事録 alpha 第一版\n');
    const b = writeFile(path.join(folder, 'b.txt'), '議事録 bravo\n');
    const c = writeFile(path.join(folder, 'deep', 'c.md'), '# 手順 charlie\n');
    const d = writeFile(path.join(folder, 'd.txt'), '報告 delta\n');
    await start();
    await until('the folder to be indexed', () => engine.listDocuments().length === 4);
    const ids = Object.fromEntries([a, b, c, d].map((p) => [p, docAt(engine, p)!.id]));
    await engine.stopWatching();
    expect(engine.watchStatus().running).toBe(false);

    writeFile(a, '議事録 alpha 第二版 echo\n');
    fs.rmSync(b);
    const moved = path.join(folder, 'deep', 'c-renamed.md');
    fs.renameSync(c, moved);
    const e = writeFile(path.join(folder, 'new', 'e.txt'), '新規 foxtrot\n');
    const from = events.length;
    await start();
    await until('the store to match the folder', () => {
      const docs = engine.listDocuments();
      return docs.length === 4 && docs.every((x) => x.paths.length === 1) && docAt(engine, e) && docAt(engine, a)?.version === 2;
    });
    expect(Object.fromEntries(engine.listDocuments().map((x) => [x.path, x.id]))).toEqual({ [a]: ids[a], [moved]: ids[c], [d]: ids[d], [e]: expect.any(Number) });
    expect(await found(engine, 'echo')).toEqual([ids[a]]);
    expect(await found(engine, 'bravo')).toEqual([]);
    // only the changed and the new file were read; d (unchanged) not even hashed: it was not queued
    expect(pageReads(events, from)).toBe(2);
    expect(events.slice(from).some((x) => x.type === 'ingest' && x.event.type === 'file-start' && x.event.path === d)).toBe(false);
  });

  it('follows the folder list in settings while running, and a folder that appears later', async () => {
    const { dir, engine, start } = setup();
    await start();
    const later = path.join(dir, 'later');
    engine.updateSettings({ watch: { folders: [...engine.getSettings().watch.folders, later] } });
    await until('the missing folder to be reported', () => engine.watchStatus().folders.find((f) => f.path === later)?.state === 'error');
    expect(engine.watchStatus().folders.find((f) => f.path === later)?.lastError).toBe('no such file or folder');
    writeFile(path.join(later, 'g.txt'), '後から golf\n');
    await until('the new folder to be watched and scanned', async () => (await found(engine, 'golf')).length);
    expect(engine.watchStatus().folders.find((f) => f.path === later)).toMatchObject({ state: 'watching', filesKnown: 1 });

    engine.updateSettings({ watch: { folders: [] } });
    await until('the folders to be dropped', () => engine.watchStatus().folders.length === 0);
    writeFile(path.join(later, 'h.txt'), '無視 hotel\n');
    await sleep(DEBOUNCE_MS * 4);
    expect(await found(engine, 'hotel')).toEqual([]);
  });
});

describe('docsearch watch', () => {
  it('watches the folders given in the foreground, says what it does, and stops cleanly on Ctrl-C', async () => {
    const dir = tempDir();
    const folder = path.join(dir, 'scans');
    const before = writeFile(path.join(folder, 'before.txt'), '起動前の書類 ibex\n');
    const db = path.join(dir, 'store.db');
    const child = spawnCli(db, ['watch', folder]);
    const run = finished(child);
    await waitForStderr(child, (s) => s.includes(`indexed  ${before}`));
    const after = writeFile(path.join(folder, 'after.md'), '# 起動後\n\n監視中の書類 lynx\n');
    await waitForStderr(child, (s) => s.includes(`indexed  ${after}`));
    fs.rmSync(before);
    await waitForStderr(child, (s) => s.includes(`removed  ${before} (document `));
    child.kill('SIGINT');
    const r = await run;
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`watching ${folder} (1 changed while not watched)`);
    expect(r.stderr).toContain(`stopped  ${folder}`);
  });
});
