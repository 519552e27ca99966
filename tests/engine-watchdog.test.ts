/**
 * Issue 14, "nothing hangs": an engine process stuck in a synchronous loop (a library on a crafted file;
 * no timer inside it can fire) answers no heartbeat, so the supervisor kills and restarts it like a dead
 * one; and a file whose opening stopped the engine twice is failed instead of resumed at every start.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Engine } from '../src-main/engine/engine.js';
import { openDb } from '../src-main/engine/store/db.js';
import { Repository } from '../src-main/engine/store/repository.js';
import { superviseEngine, type EngineHealth } from '../src-main/rpc/engine-supervisor.js';
import { nodeEngineProcess } from '../src-main/serve/engine-child.js';
import { removeTempDirs, tempDir, writeFile } from './helpers.js';

afterAll(removeTempDirs);

describe('the supervisor’s watchdog', () => {
  it('kills and restarts an engine that stops answering its heartbeat', async () => {
    // a stand-in engine process: answers the heartbeat until a call puts it in an endless synchronous loop
    const script = writeFile(
      path.join(tempDir(), 'stuck-engine.mjs'),
      `process.on('message', (m) => {
        if (m.type === 'ping') process.send({ type: 'pong' });
        else if (m.type === 'shutdown') process.exit(0);
        else if (m.type === 'call') for (;;);
      });`,
    );
    const health: EngineHealth[] = [];
    const engine = superviseEngine(nodeEngineProcess(script, 'unused'), { hangMs: 1_500, pingMs: 100, backoffMs: [100, 100], onHealth: (h) => health.push(h) });
    try {
      const first = engine.pid();
      // answered heartbeats alone keep it running
      await new Promise((r) => setTimeout(r, 2_000));
      expect(engine.pid()).toBe(first);
      const t0 = Date.now();
      await expect(Promise.resolve(engine.api.listDocuments())).rejects.toMatchObject({
        code: 'engine-restarted',
        params: { reason: 'the engine stopped responding for 2 s (stuck on a file it could not read)' },
      });
      expect(Date.now() - t0).toBeLessThan(5_000);
      await new Promise((r) => setTimeout(r, 300));
      expect(health.map((h) => h.state)).toEqual(['restarting', 'running']);
      expect(engine.pid()).not.toBe(first);
    } finally {
      await engine.shutdown(2_000);
    }
  }, 30_000);
});

describe('a file whose opening stopped the engine twice', () => {
  it('is failed, not opened a third time, and not resumed at start', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'store.db');
    const file = writeFile(path.join(dir, 'notes.txt'), '東京タワーは電波塔です。\n');
    // two jobs of a process now gone, each interrupted while opening the file (page 0)
    const gone = spawn('true');
    await new Promise((r) => gone.once('exit', r));
    const conn = openDb(db);
    const repo = new Repository(conn);
    for (const id of repo.startJobs([file, file], { pid: gone.pid!, started: '1' })) repo.jobAt(id, 0);
    conn.close();

    const engine = new Engine({ dbPath: db });
    try {
      expect(await engine.resumeInterrupted()).toBeNull();
      const r = await engine.ingest({ paths: [file] });
      expect(r.files[0]).toMatchObject({ outcome: 'failed', reason: expect.stringMatching(/^opening this file stopped the engine 2 times/) });
      expect(engine.listDocuments()).toEqual([]);
    } finally {
      engine.close();
    }
  });
});
