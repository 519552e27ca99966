/** Opens the store: WAL, foreign keys, sqlite-vec loaded, migrations applied. */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS } from './migrations.js';
import { vectorExtension } from './vector-extension.js';
import { restoreVectorTables } from './vectors.js';

const MMAP_BYTES = 2 ** 31;

export type Db = Database.Database;

export function openDb(file: string): Db {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  try {
    // first: the CLI, serve and the app may open one store at once, and switching to WAL takes a lock
    db.pragma('busy_timeout = 5000');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    // Reads through a memory map: vec0 point reads (the binary search's rescoring) walk 1 MB chunk blobs,
    // 10× slower through the page cache; SQLite caps it at its compile-time maximum (2 GiB here).
    db.pragma(`mmap_size = ${MMAP_BYTES}`);
    db.loadExtension(vectorExtension().path);
    migrate(db);
    restoreVectorTables(db);
  } catch (e) {
    // e.g. a store from a newer app: do not leave the file open (and locked, on Windows)
    db.close();
    throw e;
  }
  return db;
}

/** The number of migrations applied to the store. */
export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Applies the migrations the store lacks, each in a write transaction that reads the version itself: two
 * processes opening a new store at once then apply each step once (the second waits, sees it done).
 */
export function migrate(db: Db): void {
  const step = db.transaction((): boolean => {
    const v = schemaVersion(db);
    if (v > MIGRATIONS.length) throw new Error(`store schema version ${v} is newer than this app understands (${MIGRATIONS.length}); update the app`);
    if (v === MIGRATIONS.length) return false;
    db.exec(MIGRATIONS[v]!);
    db.pragma(`user_version = ${v + 1}`);
    return true;
  });
  while (step.immediate());
}
