/**
 * Requirements 4 and 5: an ingest killed outright (SIGKILL) or cancelled (SIGINT) leaves a consistent
 * store holding whole pages only, and running the same ingest again completes it to exactly what a
 * clean, uninterrupted ingest of the same input produces.
 */
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  documents,
  evalDir,
  finished,
  ingestJson,
  maintGuidePdf,
  outcomeOf,
  removeTempDirs,
  spawnCli,
  storeContent,
  storeProblems,
  tempDir,
  unexpectedStderrLines,
  withStore,
  writeFile,
} from './helpers.js';

afterAll(removeTempDirs);

const PDF_COPIES = 2;
const NOTES = 60; // text files before the PDFs, and as many after them

describe('interrupted ingests', () => {
  const dir = tempDir();
  const input = path.join(dir, 'input');
  const manuals = path.join(input, 'b-manuals');
  const manual = (n: number) => path.join(manuals, `manual-${n}.pdf`);
  const referenceDb = path.join(dir, 'reference.db');
  let reference: ReturnType<typeof storeContent>;

  beforeAll(async () => {
    // Japanese paragraphs as text files in a-notes/ and c-notes/, between them 69-page PDFs in b-manuals/
    // (copies of one made distinct by a comment after %%EOF, which pdfjs still opens).
    const paragraphs = fs
      .readFileSync(path.join(evalDir, 'jsquad', 'valid-paragraphs.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .slice(0, 2 * NOTES)
      .map((l) => JSON.parse(l) as { id: string; title: string; text: string });
    for (const [i, p] of paragraphs.entries()) {
      writeFile(path.join(input, i < NOTES ? 'a-notes' : 'c-notes', `${p.id}.txt`), `${p.title}\n\n${p.text}\n`);
    }
    const pdf = fs.readFileSync(maintGuidePdf);
    for (let n = 1; n <= PDF_COPIES; n++) writeFile(manual(n), Buffer.concat([pdf, Buffer.from(`\n% copy ${n}\n`)]));

    const clean = await ingestJson(referenceDb, [input]);
    expect(clean.code).toBe(0);
    expect(clean.summary.counts.failed).toBe(0);
    for (let n = 1; n <= PDF_COPIES; n++) expect(outcomeOf(clean.summary, manual(n))).toMatchObject({ outcome: 'indexed', pages: 69 });
    reference = storeContent(referenceDb);
  });

  /** Starts an ingest of the input and returns it once it has been working on manual-`n` for `afterMs`. */
  async function ingestUntil(db: string, n: number, afterMs: number) {
    const child = spawnCli(db, ['ingest', input]);
    const result = finished(child);
    let stderr = '';
    child.stderr.on('data', (s: string) => (stderr += s));
    const started = `ingesting ${manual(n)} (69 pages)\n`;
    const t0 = Date.now();
    while (!stderr.includes(started)) {
      if (child.exitCode !== null || Date.now() - t0 > 30_000) {
        child.kill('SIGKILL');
        throw new Error(`never saw "${started.trim()}"; stderr:\n${stderr}`);
      }
      await sleep(5);
    }
    await sleep(afterMs);
    expect(child.exitCode).toBeNull();
    return { child, result, stderrAtInterrupt: () => stderr };
  }

  const pagesOf = (db: string, file: string) =>
    withStore(db, (d) => (d.prepare(`SELECT count(*) AS n FROM pages p JOIN documents d ON d.id = p.doc_id WHERE d.path = ?`).get(file) as { n: number }).n);

  it('survives SIGKILL mid-ingest and resumes to the same store as a clean ingest', async () => {
    const db = path.join(dir, 'killed.db');
    const { child, result } = await ingestUntil(db, 2, 300);
    child.kill('SIGKILL');
    const killed = await result;
    expect(killed.signal).toBe('SIGKILL');

    // What the kill left: a consistent store with some documents done and the one in progress unfinished.
    expect(storeProblems(db)).toEqual([]);
    const docs = documents(db);
    expect(docs.length).toBeLessThan(Object.keys(reference).length);
    expect(docs.find((d) => d.path === manual(1))?.status).toBe('ready');
    const interrupted = docs.find((d) => d.path === manual(2));
    expect(interrupted?.status).toBe('indexing');
    const stored = pagesOf(db, manual(2));
    expect(stored).toBeLessThan(69);
    expect(docs.filter((d) => d.status === 'indexing').map((d) => d.path)).toEqual([manual(2)]);
    expect(docs.some((d) => d.path.includes('/c-notes/'))).toBe(false);

    // Running it again finishes the job.
    const again = await ingestJson(db, [input]);
    expect(again.code).toBe(0);
    expect(unexpectedStderrLines(again.stderr)).toEqual([]);
    expect(again.summary.counts).toMatchObject({ failed: 0, cancelled: 0 });
    expect(outcomeOf(again.summary, manual(1)).outcome).toBe('unchanged');
    expect(outcomeOf(again.summary, manual(2))).toMatchObject({ outcome: 'indexed', pages: 69, ...(stored ? { resumedFromPage: stored + 1 } : {}) });
    expect(again.summary.counts).toMatchObject({ indexed: NOTES + 1, unchanged: NOTES + 1 });
    expect(documents(db).every((d) => d.status === 'ready')).toBe(true);
    expect(storeProblems(db)).toEqual([]);
    expect(storeContent(db)).toEqual(reference);
    // the killed run's jobs are recorded as interrupted, not left running: the file it was reading and the
    // files it had not reached (a batch records them all first, so a restarted engine can resume them)
    const jobs = withStore(db, (d) => d.prepare(`SELECT state, count(*) AS n FROM jobs GROUP BY state ORDER BY state`).all());
    expect(jobs).toContainEqual({ state: 'interrupted', n: 1 + NOTES });
    expect(jobs.some((j) => (j as { state: string }).state === 'running')).toBe(false);
  });

  it('cancels on SIGINT after the current page, exits 1, and resumes to the same store as a clean ingest', async () => {
    const db = path.join(dir, 'cancelled.db');
    const { child, result } = await ingestUntil(db, 1, 150);
    child.kill('SIGINT');
    const cancelled = await result;
    expect(cancelled.signal).toBeNull();
    expect(cancelled.code).toBe(1);
    expect(cancelled.stderr).toContain('\ncancelling after the current page…\n');
    expect(cancelled.stderr).toContain(`cancelled ${manual(1)}: cancelled; ingest the file again to resume\n`);
    expect(cancelled.stderr).toContain(`cancelled ${manual(2)}: cancelled before it started\n`);
    expect(cancelled.stdout).toMatch(new RegExp(`^${NOTES} indexed, 0 unchanged, 0 skipped, 0 failed, ${NOTES + PDF_COPIES} cancelled in \\d+\\.\\d s\n$`));
    expect(unexpectedStderrLines(cancelled.stderr)).toEqual([]);

    expect(storeProblems(db)).toEqual([]);
    const docs = documents(db);
    expect(docs.filter((d) => d.status !== 'ready').map((d) => [d.path, d.status])).toEqual([[manual(1), 'indexing']]);
    const stored = pagesOf(db, manual(1));
    expect(stored).toBeGreaterThan(0); // the page in progress was finished, not dropped
    expect(stored).toBeLessThan(69);

    const again = await ingestJson(db, [input]);
    expect(again.code).toBe(0);
    expect(again.summary.counts).toEqual({ indexed: PDF_COPIES + NOTES, unchanged: NOTES, skipped: 0, failed: 0, cancelled: 0 });
    expect(outcomeOf(again.summary, manual(1))).toMatchObject({ outcome: 'indexed', resumedFromPage: stored + 1 });
    expect(again.stderr).toContain(`ingesting ${manual(1)} (69 pages, resuming at ${stored + 1})\n`);
    expect(storeProblems(db)).toEqual([]);
    expect(storeContent(db)).toEqual(reference);
  });
});
