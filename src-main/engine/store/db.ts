/** Opens the store: WAL, foreign keys, sqlite-vec loaded, migrations applied. */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import * as sqliteVec from 'sqlite-vec';
import { MIGRATIONS } from './migrations.js';

export type Db = Database.Database;

export function openDb(file: string): Db {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    db.loadExtension(outsideAsar(sqliteVec.getLoadablePath()));
    migrate(db);
  } catch (e) {
    // e.g. a store from a newer app: do not leave the file open (and locked, on Windows)
    db.close();
    throw e;
  }
  return db;
}

/**
 * In the packaged app sqlite-vec's library resolves inside app.asar, which SQLite's own dlopen cannot read
 * (Electron redirects only Node's addon loading). electron-builder unpacks native libraries beside it, to
 * app.asar.unpacked, so the path is pointed there; outside a package it is unchanged.
 */
export function outsideAsar(file: string): string {
  return file.replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');
}

/** The number of migrations applied to the store. */
export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

export function migrate(db: Db): void {
  const current = schemaVersion(db);
  if (current > MIGRATIONS.length) {
    throw new Error(`store schema version ${current} is newer than this app understands (${MIGRATIONS.length}); update the app`);
  }
  for (let v = current; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]!);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}
