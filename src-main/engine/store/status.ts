/** The store as the status views show it: its file, schema, counts, vector space and vector library. */
import fs from 'node:fs';
import type { LibraryStats, StoreStatus } from '#shared/api';
import { schemaVersion, type Db } from './db.js';
import type { Repository } from './repository.js';
import { vectorExtension } from './vector-extension.js';
import { vectorCoverage, vectorSpace } from './vectors.js';

export function storeStatus(db: Db, repo: Repository, file: string): StoreStatus {
  const size = (f: string) => (fs.existsSync(f) ? fs.statSync(f).size : 0);
  const library = vectorExtension();
  return {
    dbPath: file,
    schemaVersion: schemaVersion(db),
    ...repo.counts(),
    dbBytes: size(file) + size(`${file}-wal`),
    vectorSpace: vectorSpace(db) ?? null,
    vectorLibrary: { build: library.build, reason: library.reason ?? null },
  };
}

export function libraryStats(db: Db, repo: Repository): LibraryStats {
  return { ...repo.libraryStats(), embeddedChunks: vectorCoverage(db).withVector };
}
