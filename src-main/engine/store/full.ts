/**
 * SQLite's "database or disk is full" as a clear error. No SQLite import here: errors.ts (loaded by the
 * adapters, Electron's main process included) maps it too.
 */
import { InputError } from '../documents/types.js';

/**
 * SQLite found no room to write: the disk is full (or the store reached its size limit). An input-like
 * error, so a file's ingest reports it as its reason, not as an internal error. The failed transaction
 * was rolled back, so the store is as it was before it; pages stored before are kept.
 */
export class StoreFullError extends InputError {
  constructor() {
    super('the disk or the store is full (SQLite: database or disk is full): free some space, then ingest again to go on where it stopped');
  }
}

/** SQLite's "database or disk is full" (a full disk gives it too: ENOSPC is reported as SQLITE_FULL). */
export function isStoreFull(e: unknown): boolean {
  return e instanceof StoreFullError || (e as { code?: unknown } | null)?.code === 'SQLITE_FULL';
}

/** Runs a write, turning SQLite's "database or disk is full" into StoreFullError. */
export function reportFull<T>(write: () => T): T {
  try {
    return write();
  } catch (e) {
    throw isStoreFull(e) ? new StoreFullError() : e;
  }
}
