/**
 * Issue 14, two processes on one store: jobs belong to a process (pid + start time), so opening the store
 * does not take another process's live job for interrupted; and one file ingested twice at once (two drops,
 * or the CLI and the app) ends as one document instead of a UNIQUE constraint failure.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Engine } from '../src-main/engine/engine.js';
import { thisProcess } from '../src-main/engine/jobs/owner.js';
import { Repository } from '../src-main/engine/store/repository.js';
import { openDb } from '../src-main/engine/store/db.js';
import { documents, removeTempDirs, tempDir, withStore, writeFile } from './helpers.js';

afterAll(removeTempDirs);

const jobState = (db: string, id: number) => withStore(db, (d) => (d.prepare(`SELECT state FROM jobs WHERE id = ?`).get(id) as { state: string }).state);

describe('jobs owned by a process', () => {
  it('leaves a live process’s running job alone and marks a dead one’s interrupted', async () => {
    const db = path.join(tempDir(), 'store.db');
    const other = spawn('sleep', ['30']);
    await new Promise((r) => other.once('spawn', r));
    const started = (await import('node:fs')).readFileSync(`/proc/${other.pid}/stat`, 'utf8');
    const owner = { pid: other.pid!, started: started.slice(started.lastIndexOf(')') + 2).split(' ')[19]! };
    const conn = openDb(db);
    const [live] = new Repository(conn).startJobs(['/a.pdf'], owner);
    // the same pid with another start time is a different (reused) process: its owner is gone
    const [reused] = new Repository(conn).startJobs(['/b.pdf'], { ...owner, started: '1' });
    conn.close();

    new Engine({ dbPath: db }).close();
    expect(jobState(db, live!)).toBe('running');
    expect(jobState(db, reused!)).toBe('interrupted');

    other.kill('SIGKILL');
    await new Promise((r) => other.once('exit', r));
    new Engine({ dbPath: db }).close();
    expect(jobState(db, live!)).toBe('interrupted');
  });

  it('records this process with its start time', () => {
    expect(thisProcess()).toMatchObject({ pid: process.pid, started: expect.stringMatching(/^\d+$/) });
  });
});

describe('one file ingested twice at once', () => {
  it('ends as one document, the second ingest told the first is at work, by one engine or two on one store', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'store.db');
    const text = Array.from({ length: 400 }, (_, i) => `第${i}段落。東京の天気は晴れ、気温は${i % 30}度です。`).join('\n\n');
    const file = writeFile(path.join(dir, 'notes.txt'), text);
    const a = new Engine({ dbPath: db });
    const b = new Engine({ dbPath: db });
    try {
      const runs = await Promise.all([a.ingest({ paths: [file] }), a.ingest({ paths: [file] }), b.ingest({ paths: [file] })]);
      const outcomes = runs.map((r) => r.files[0]!);
      for (const o of outcomes) expect(o.reason ?? '').not.toMatch(/UNIQUE|internal/);
      expect(outcomes.filter((o) => o.outcome === 'indexed')).toHaveLength(1);
      for (const o of outcomes.filter((x) => x.outcome !== 'indexed')) expect(['skipped', 'unchanged']).toContain(o.outcome);
      const docs = documents(db);
      expect(docs).toHaveLength(1);
      expect(docs[0]).toMatchObject({ status: 'ready' });
      // and the store is what one ingest makes: run it again, nothing changes
      const again = await a.ingest({ paths: [file] });
      expect(again.files[0]).toMatchObject({ outcome: 'unchanged' });
    } finally {
      a.close();
      b.close();
    }
  });
});
