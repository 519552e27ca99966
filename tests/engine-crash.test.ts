/**
 * Issue 14, engine crash recovery (serve's engine process, under the supervisor Electron uses too): a
 * killed engine is restarted with back-off, the calls in flight fail with `engine-restarted`, calls made
 * meanwhile wait for the new engine, the interrupted ingest (and the files of its batch not reached) resume
 * by themselves, and a page during which the engine died twice fails its document instead of killing the
 * engine forever. Real engine processes (out/src-main/serve/engine-process.js), real OCR, SIGKILL.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import type { DocumentInfo, IngestEvent } from '#shared/api';
import { superviseEngine, type EngineHealth, type SupervisedEngine } from '../src-main/rpc/engine-supervisor.js';
import { nodeEngineProcess } from '../src-main/serve/engine-child.js';
import { evalDir, removeTempDirs, repoRoot, tempDir, withStore, writeFile } from './helpers.js';

afterAll(removeTempDirs);

const entry = path.join(repoRoot, 'out', 'src-main', 'serve', 'engine-process.js');
const scan = path.join(evalDir, 'pdf', 'jsquad-scanned-8p.pdf');

function setUp() {
  const dir = tempDir();
  const db = path.join(dir, 'store.db');
  const pdf = path.join(dir, 'scan.pdf');
  // its first 3 pages: enough to kill the engine mid-document, and quick to OCR
  execFileSync('qpdf', [scan, '--pages', '.', '1-3', '--', pdf]);
  const note = writeFile(path.join(dir, 'note.txt'), '富士山は日本で最も高い山です。標高は3776メートルです。\n');
  const health: EngineHealth[] = [];
  const engine = superviseEngine(nodeEngineProcess(entry, db), { backoffMs: [200, 200, 200, 200], onHealth: (h) => health.push(h) });
  return { db, pdf, note, engine, health };
}

/** Polls until `test` gives a value (or fails after `ms`); a poll cut off by a restart is polled again. */
async function until<T>(what: string, test: () => T | undefined | Promise<T | undefined>, ms = 240_000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = await Promise.resolve()
      .then(test)
      .catch((e: { code?: string }) => {
        if (e.code === 'engine-restarted') return undefined;
        throw e;
      });
    if (v !== undefined) return v;
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

const docs = async (e: SupervisedEngine) => (await e.api.listDocuments()) as DocumentInfo[];
const docOf = async (e: SupervisedEngine, file: string) => (await docs(e)).find((d) => d.path === file);

/** Starts an ingest of the files and kills the engine once it is reading page `page` of the PDF with OCR. */
async function ingestAndKill(engine: SupervisedEngine, files: string[], pdf: string, page: number) {
  let killed = false;
  const call = Promise.resolve(
    engine.api.ingest({ paths: files }, {
      emit: (e: IngestEvent) => {
        if (!killed && e.type === 'page-stage' && e.path === pdf && e.page === page && e.stage === 'ocr') {
          killed = true;
          process.kill(engine.pid()!, 'SIGKILL');
        }
      },
    }),
  );
  await expect(call).rejects.toMatchObject({ code: 'engine-restarted', params: { reason: expect.stringContaining('SIGKILL') } });
  expect(killed).toBe(true);
}

describe('a supervised engine process', () => {
  it('is restarted after SIGKILL: the call in flight fails, calls made meanwhile wait, the ingest resumes by itself', async () => {
    const { db, pdf, note, engine, health } = setUp();
    try {
      const first = engine.pid();
      await ingestAndKill(engine, [pdf, note], pdf, 2);
      // asked while the engine restarts: answered by the new one
      expect((await docs(engine)).map((d) => d.path)).toContain(pdf);
      expect(engine.pid()).not.toBe(first);
      expect(health.map((h) => h.state)).toEqual(['restarting', 'running']);
      // nothing lost: the PDF resumes after its stored pages, and the text file the batch had not reached is read
      const done = await until('the resumed ingest', async () => {
        const [d, n] = [await docOf(engine, pdf), await docOf(engine, note)];
        return d?.status === 'ready' && n?.status === 'ready' ? d : undefined;
      });
      expect(done).toMatchObject({ pageCount: 3, pagesNeedingOcr: 0, pagesUnreadable: 0 });
      const pages = withStore(db, (s) => s.prepare(`SELECT count(*) AS n, sum(source = 'ocr') AS ocr FROM pages WHERE doc_id = ?`).get(done.id));
      expect(pages).toEqual({ n: 3, ocr: 3 });
      // page images, a binary method, cross the process boundary as bytes
      const png = (await engine.api.pageImage({ docId: done.id, pageNo: 1, maxSide: 200 })) as Uint8Array;
      expect(Buffer.from(png.subarray(0, 4)).toString('latin1')).toBe('\x89PNG');
    } finally {
      await engine.shutdown();
    }
  }, 400_000);

  it('fails a document whose page killed the engine twice, and goes on with the other files', async () => {
    const { db, pdf, note, engine } = setUp();
    try {
      await ingestAndKill(engine, [pdf, note], pdf, 2);
      // the new engine resumes at page 2: kill it again there, during that page's OCR
      const second = await until('the resumed ingest at page 2', () => {
        const pid = engine.pid();
        const at = withStore(db, (s) => s.prepare(`SELECT owner_pid AS pid FROM jobs WHERE state = 'running' AND next_page = 2 AND path = ?`).get(pdf)) as { pid: number } | undefined;
        return at && at.pid === pid ? pid : undefined;
      });
      await sleep(300); // into the page's render and OCR
      process.kill(second, 'SIGKILL');
      const failed = await until('the document to be failed', async () => {
        const d = await docOf(engine, pdf);
        return d?.status === 'error' ? d : undefined;
      });
      expect(failed.error).toMatch(/^page 2 stopped the engine 2 times/);
      expect(failed.pagesIndexed).toBe(1); // page 1 was stored before the deaths, and stays searchable
      await until('the other file', async () => ((await docOf(engine, note))?.status === 'ready' ? true : undefined));
      // asked again, it is not retried (the engine stays up)
      const again = await engine.api.ingest({ paths: [pdf] });
      expect(again.files[0]).toMatchObject({ outcome: 'failed', reason: expect.stringMatching(/^page 2 stopped the engine/) });
      expect(engine.health().state).toBe('running');
    } finally {
      await engine.shutdown();
    }
  }, 400_000);

  it('is down, with the reason, when it cannot start again and again', async () => {
    const dir = tempDir();
    // a folder where the store file should be: the engine cannot open it
    fs.mkdirSync(path.join(dir, 'store.db'));
    const health: EngineHealth[] = [];
    const engine = superviseEngine(nodeEngineProcess(entry, path.join(dir, 'store.db')), { backoffMs: [50, 50], onHealth: (h) => health.push(h) });
    const h = await until('down', () => (engine.health().state === 'down' ? engine.health() : undefined), 30_000);
    expect(h).toMatchObject({ state: 'down', restarts: 2 });
    expect((h as { reason: string }).reason).toMatch(/directory|store|database/i);
    await expect(Promise.resolve(engine.api.listDocuments())).rejects.toMatchObject({ code: 'engine-down' });
    expect(health.map((x) => x.state)).toEqual(['restarting', 'running', 'restarting', 'running', 'down']);
  }, 60_000);
});
