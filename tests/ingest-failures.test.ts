/**
 * Requirement 1: every input that cannot be indexed fails on its own with a clear one-line reason,
 * the other files of the batch are still indexed, and the CLI's exit status says something failed.
 * Unsupported files met while walking a folder are skipped, which is not a failure.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  documents,
  fixturesDir,
  ingestJson,
  maintGuidePdf,
  outcomeOf,
  removeTempDirs,
  runCli,
  searchPaths,
  storeProblems,
  tempDir,
  unexpectedStderrLines,
  withStore,
  writeFile,
  type CliRun,
  type JsonSummary,
} from './helpers.js';

afterAll(removeTempDirs);

/** Deterministic bytes that are nothing in particular. */
function noise(n: number, seed: number): Buffer {
  const b = Buffer.alloc(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    b[i] = x >>> 24;
  }
  return b;
}

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), noise(200, 7)]);

describe('a batch with broken inputs', () => {
  const dir = tempDir();
  const db = path.join(dir, 'store.db');
  const f = {
    good: path.join(dir, 'in', 'good.txt'),
    plain: path.join(dir, 'in', 'plain.pdf'),
    ownerOnly: path.join(dir, 'in', 'owner-only.pdf'),
    brokenPage: path.join(dir, 'in', 'broken-page.pdf'),
    empty: path.join(dir, 'in', 'empty.pdf'),
    truncated: path.join(dir, 'in', 'truncated.pdf'),
    corrupt: path.join(dir, 'in', 'corrupt.pdf'),
    encrypted: path.join(dir, 'in', 'encrypted.pdf'),
    png: path.join(dir, 'in', 'picture.pdf'),
    text: path.join(dir, 'in', 'notes.pdf'),
    missing: path.join(dir, 'in', 'does-not-exist.pdf'),
    dangling: path.join(dir, 'in', 'dangling.pdf'),
  };
  let run: CliRun & { summary: JsonSummary };

  beforeAll(async () => {
    writeFile(f.good, '就業規則の要点\n\n年次有給休暇の繰越は二年を限度とする。\n');
    fs.copyFileSync(path.join(fixturesDir, 'plain.pdf'), f.plain);
    fs.copyFileSync(path.join(fixturesDir, 'encrypted-owner.pdf'), f.ownerOnly);
    fs.copyFileSync(path.join(fixturesDir, 'broken-page.pdf'), f.brokenPage);
    writeFile(f.empty, '');
    const whole = fs.readFileSync(maintGuidePdf);
    writeFile(f.truncated, whole.subarray(0, Math.floor(whole.length * 0.4)));
    writeFile(f.corrupt, Buffer.concat([Buffer.from('%PDF-1.7\n'), noise(4000, 42)]));
    fs.copyFileSync(path.join(fixturesDir, 'encrypted-user.pdf'), f.encrypted);
    writeFile(f.png, PNG);
    writeFile(f.text, 'this is a plain text file, not a PDF\n');
    fs.symlinkSync(path.join(dir, 'in', 'gone.pdf'), f.dangling);

    run = await ingestJson(db, Object.values(f));
  });

  const failed = (file: string) => {
    const r = outcomeOf(run.summary, file);
    expect(r.outcome).toBe('failed');
    return r.reason ?? '';
  };

  it('exits 1 and reports every file on one line of its own, without stack traces or library noise', () => {
    expect(run.code).toBe(1);
    expect(run.summary.counts).toEqual({ indexed: 4, unchanged: 0, skipped: 0, failed: 8, cancelled: 0 });
    expect(unexpectedStderrLines(run.stderr)).toEqual([]);
    for (const r of run.summary.files) {
      if (r.outcome !== 'failed') continue;
      expect(r.reason).toBeTruthy();
      expect(r.reason).not.toMatch(/\n|internal error|\bat .*:\d+:\d+/);
      const lines = run.stderr.split('\n').filter((l) => l.startsWith(`FAILED   ${r.path}:`));
      expect(lines).toEqual([`FAILED   ${r.path}: ${r.reason}`]);
    }
  });

  it('still indexes the good files of the batch, and the store stays consistent', async () => {
    for (const good of [f.good, f.plain, f.ownerOnly, f.brokenPage]) expect(outcomeOf(run.summary, good).outcome).toBe('indexed');
    const docs = documents(db);
    expect(docs.map((d) => path.basename(d.path)).sort()).toEqual(['broken-page.pdf', 'good.txt', 'owner-only.pdf', 'plain.pdf']);
    expect(docs.every((d) => d.status === 'ready')).toBe(true);
    expect(storeProblems(db)).toEqual([]);
    expect((await searchPaths(db, '有給休暇'))[0]).toBe(f.good);
  });

  it('fails a zero-byte file', () => {
    expect(failed(f.empty)).toBe('empty file (0 bytes)');
  });

  it('fails a truncated PDF that cannot be opened, leaving no document behind', () => {
    // pdfjs cannot rebuild this file: its trailer and the object stream holding the catalog were cut off.
    expect(failed(f.truncated)).toMatch(/^corrupt or truncated PDF\b/);
    expect(documents(db).filter((d) => d.path === f.truncated)).toEqual([]);
  });

  it('fails a corrupt PDF (garbage after the header)', () => {
    expect(failed(f.corrupt)).toMatch(/^corrupt or truncated PDF\b/);
  });

  it('fails a PDF that needs a user password, but indexes one encrypted with an owner password only', () => {
    expect(failed(f.encrypted)).toBe('encrypted PDF: it needs a password to open, which is not supported');
    expect(outcomeOf(run.summary, f.ownerOnly)).toMatchObject({ outcome: 'indexed', pages: 3 });
  });

  it('fails non-PDF content named .pdf, saying what it is', () => {
    expect(failed(f.png)).toBe('not a PDF: the file is named .pdf but its content is a PNG image');
    expect(failed(f.text)).toBe('not a PDF: the file is named .pdf but its content is text');
  });

  it('fails paths that cannot be read: a missing file and a dangling symbolic link', () => {
    expect(failed(f.missing)).toBe('no such file or folder');
    expect(failed(f.dangling)).toBe('broken symbolic link: its target does not exist');
  });

  it('indexes the readable pages of a PDF with an unreadable page and stores that page as an error', async () => {
    const r = outcomeOf(run.summary, f.brokenPage);
    expect(r).toMatchObject({ outcome: 'indexed', pages: 3, pagesUnreadable: 1 });
    expect(run.stderr).toContain(`indexed  ${f.brokenPage} (3 pages, 2 chunks, 1 could not be read)`);
    const pages = withStore(db, (d) =>
      d
        .prepare(`SELECT page_no, status, error, text, (SELECT count(*) FROM chunks c WHERE c.doc_id = p.doc_id AND c.page_no = p.page_no) AS chunks
                  FROM pages p WHERE doc_id = ? ORDER BY page_no`)
        .all(r.docId),
    );
    expect(pages).toMatchObject([
      { page_no: 1, status: 'indexed', error: null, chunks: 1 },
      { page_no: 2, status: 'error', error: expect.stringMatching(/^page 2 could not be read: /), text: '', chunks: 0 },
      { page_no: 3, status: 'indexed', error: null, chunks: 1 },
    ]);
    expect(await searchPaths(db, 'narwhal')).toContain(f.brokenPage);
    // The document is complete: ingesting it again changes nothing.
    const again = await ingestJson(db, [f.brokenPage]);
    expect(again.code).toBe(0);
    expect(outcomeOf(again.summary, f.brokenPage).outcome).toBe('unchanged');
  });

  it('prints a one-line summary and exits 1 without --json too', async () => {
    const r = await runCli(path.join(dir, 'other.db'), ['ingest', f.good, f.empty]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^1 indexed, 0 unchanged, 0 skipped, 1 failed in \d+\.\d s\n$/);
    expect(r.stderr).toContain(`FAILED   ${f.empty}: empty file (0 bytes)\n`);
    expect(unexpectedStderrLines(r.stderr)).toEqual([]);
  });
});

describe('a folder of mixed files', () => {
  const dir = tempDir();
  const db = path.join(dir, 'store.db');
  const root = path.join(dir, 'docs');
  const indexed = [
    'manual.pdf',
    'notes.txt',
    'readme.md',
    path.join('sub', 'deeper', 'minutes.markdown'),
    path.join('sub', 'nested.txt'),
  ].map((p) => path.join(root, p));
  let run: CliRun & { summary: JsonSummary };

  beforeAll(async () => {
    fs.mkdirSync(path.join(root, 'sub', 'deeper'), { recursive: true });
    fs.copyFileSync(path.join(fixturesDir, 'plain.pdf'), path.join(root, 'manual.pdf'));
    writeFile(path.join(root, 'notes.txt'), '会議メモ\n\n来期の予算案を検討した。\n');
    writeFile(path.join(root, 'readme.md'), '# 利用案内\n\n図書室の開館時間は九時から十七時まで。\n');
    writeFile(path.join(root, 'sub', 'nested.txt'), '備品の貸出は総務課で受け付ける。\n');
    writeFile(path.join(root, 'sub', 'deeper', 'minutes.markdown'), '# 議事録\n\n避難訓練は十月に実施する。\n');
    writeFile(path.join(root, 'report.docx'), Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), noise(300, 3)]));
    writeFile(path.join(root, 'sub', 'diagram.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    writeFile(path.join(root, '.hidden.txt'), '隠しファイルは読まない。\n');
    // Links back up the tree must not make the walk loop.
    fs.symlinkSync('..', path.join(root, 'sub', 'up'));
    fs.symlinkSync('.', path.join(root, 'self'));

    run = await ingestJson(db, [root]);
  });

  it('indexes the supported files, skips the others, and exits 0 because skipping is not failing', async () => {
    expect(run.code).toBe(0);
    expect(unexpectedStderrLines(run.stderr)).toEqual([]);
    expect(run.summary.counts).toEqual({ indexed: 5, unchanged: 0, skipped: 2, failed: 0, cancelled: 0 });
    for (const p of indexed) expect(outcomeOf(run.summary, p).outcome).toBe('indexed');
    expect(outcomeOf(run.summary, path.join(root, 'report.docx'))).toMatchObject({ outcome: 'skipped', reason: 'unsupported file type (.docx)' });
    expect(outcomeOf(run.summary, path.join(root, 'sub', 'diagram.svg'))).toMatchObject({ outcome: 'skipped', reason: 'unsupported file type (.svg)' });
    // Each file once: hidden files are ignored and the symbolic links to folders already walked are not followed again.
    expect(run.summary.files.map((x) => x.path).sort()).toEqual([...indexed, path.join(root, 'report.docx'), path.join(root, 'sub', 'diagram.svg')].sort());
    expect(documents(db).map((d) => d.path).sort()).toEqual([...indexed].sort());
    expect(storeProblems(db)).toEqual([]);
    expect((await searchPaths(db, '避難訓練'))[0]).toBe(path.join(root, 'sub', 'deeper', 'minutes.markdown'));
  });
});
