/**
 * The CLI, `serve` and the desktop app share one store by default: processes that open it at the same
 * moment must not trip over each other (issue 14).
 */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Engine } from '../src-main/engine/engine.js';
import { MIGRATIONS } from '../src-main/engine/store/migrations.js';
import { finished, removeTempDirs, spawnCli, tempDir, withStore } from './helpers.js';

afterAll(removeTempDirs);

describe('processes opening a new store at once', () => {
  it('all start, and the schema is migrated once', async () => {
    // the race is a matter of milliseconds: several rounds of six processes each
    for (let round = 0; round < 5; round++) {
      const db = path.join(tempDir(), 'docsearch.db');
      const runs = await Promise.all(Array.from({ length: 6 }, () => finished(spawnCli(db, ['status', '--json']))));
      for (const r of runs) expect(r.stderr, r.stderr).not.toMatch(/docsearch:/);
      expect(runs.map((r) => r.code)).toEqual(Array(6).fill(0));
      expect(withStore(db, (d) => d.pragma('user_version', { simple: true }))).toBe(MIGRATIONS.length);
    }
  }, 120_000);
});

describe('settings changed by another process', () => {
  it('reach a running engine at its next read, and neither process undoes the other\'s keys', async () => {
    const db = path.join(tempDir(), 'docsearch.db');
    const serve = new Engine({ dbPath: db });
    try {
      serve.updateSettings({ llm: { allowRemoteHost: true, host: 'http://192.168.1.20:11434' } });
      const off = await finished(spawnCli(db, ['settings', 'set', 'llm.allowRemoteHost', 'false']));
      expect(off.code, off.stderr).toBe(0);
      expect(serve.getSettings().llm).toMatchObject({ allowRemoteHost: false, host: 'http://192.168.1.20:11434' });
      serve.updateSettings({ ocr: { strategy: 'legacy' } });
      const shown = await finished(spawnCli(db, ['settings']));
      expect(JSON.parse(shown.stdout)).toMatchObject({ llm: { allowRemoteHost: false }, ocr: { strategy: 'legacy' } });
    } finally {
      serve.close();
    }
  }, 60_000);
});
