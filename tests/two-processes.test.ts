/**
 * The CLI, `serve` and the desktop app share one store by default: processes that open it at the same
 * moment must not trip over each other (issue 14).
 */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
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
