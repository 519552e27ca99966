/**
 * The sqlite-vec table. Its dimension is only known once an embedder is configured, so it is created
 * then (not by a migration), with the embedder's id recorded in meta; another embedder means a rebuild,
 * which only an explicit reindex does: the CLI, `serve` and the app share a store, and a process whose
 * installed embedder differs (an older app, another models folder) must not drop the vectors the others
 * search with. Until then it indexes lexically and says so.
 * vec0 rowids must be BigInt (better-sqlite3 binds JS numbers as REAL, which vec0 rejects).
 * Beside the float vectors, a binary-quantised copy (one bit a dimension, 32× smaller, in the plain table
 * chunk_bits) is kept for large stores: Hamming-distance candidates scanned in memory (bit-scan.ts), then
 * rescored exactly with the float vectors read from vec0 by rowid. Those reads are fast only with the store
 * memory-mapped (db.ts: 100 candidates 2.8 ms, 32 ms through SQLite's page cache, which walks vec0's 1 MB
 * chunk blobs page by page); a plain-table float copy that once stood in for them doubled the store's size
 * (migration 5 dropped it).
 */
import type { Db } from './db.js';
import { reportFull } from './full.js';
import { nearestBits } from './bit-scan.js';
import { docsParam, inScope } from './scope.js';

export interface VectorSpace {
  model: string;
  dims: number;
}

export function vectorSpace(db: Db): VectorSpace | undefined {
  const row = db.prepare(`SELECT value FROM meta WHERE key = 'vector_space'`).get() as { value: string } | undefined;
  return row ? (JSON.parse(row.value) as VectorSpace) : undefined;
}

/**
 * Makes the vector table ready for `space`: created when the store has none, kept when it has this one.
 * When it holds another embedder's vectors they are replaced only if `replace` (an explicit reindex);
 * otherwise nothing changes and the store's space is returned, so the caller can say why it embeds nothing.
 * The check and the change are one write transaction, so two processes creating the table at once do not
 * drop each other's first vectors.
 */
export function ensureVectorTable(db: Db, space: VectorSpace, { replace = false } = {}): VectorSpace | null {
  if (!Number.isInteger(space.dims) || space.dims <= 0 || space.dims > 8192) throw new Error(`invalid vector dimension ${space.dims}`);
  const same = (v: VectorSpace | undefined) => v?.model === space.model && v.dims === space.dims;
  // the common case without taking the write lock
  if (same(vectorSpace(db))) return null;
  return db
    .transaction((): VectorSpace | null => {
      const current = vectorSpace(db);
      if (same(current)) return null;
      if (current && !replace) return current;
      db.exec(`DROP TRIGGER IF EXISTS chunk_vectors_delete; DROP TABLE IF EXISTS chunk_vectors; DELETE FROM chunk_bits;`);
      db.exec(`CREATE VIRTUAL TABLE chunk_vectors USING vec0(embedding float[${space.dims}])`);
      createDeleteTrigger(db);
      db.prepare(`INSERT INTO meta(key, value) VALUES ('vector_space', ?)
                  ON CONFLICT(key) DO UPDATE SET value = excluded.value`).run(JSON.stringify(space));
      return null;
    })
    .immediate();
}

// bit vectors need a whole number of bytes; every real embedder's dimension is a multiple of 8
const hasBinaryCopy = (dims: number) => dims % 8 === 0;

/** A chunk's vectors go with it (chunks are deleted with their pages and documents, by cascade). */
function createDeleteTrigger(db: Db): void {
  db.exec(`CREATE TRIGGER IF NOT EXISTS chunk_vectors_delete AFTER DELETE ON chunks BEGIN
             DELETE FROM chunk_vectors WHERE rowid = old.id;
             DELETE FROM chunk_bits WHERE chunk_id = old.id;
           END;`);
}

/**
 * What migrations 5 and 6 left to code, as they cannot tell whether a store has vectors: the delete trigger
 * again, and the bits of the vectors stored before chunk_bits existed (once, flagged by migration 6).
 */
export function restoreVectorTables(db: Db): void {
  const space = vectorSpace(db);
  if (space) createDeleteTrigger(db);
  const backfill = db.prepare(`SELECT 1 FROM meta WHERE key = 'chunk_bits_backfill'`).get();
  if (!backfill) return;
  db.transaction(() => {
    if (space && hasBinaryCopy(space.dims)) db.exec(`INSERT OR REPLACE INTO chunk_bits (chunk_id, bits) SELECT rowid, vec_quantize_binary(embedding) FROM chunk_vectors`);
    db.exec(`DELETE FROM meta WHERE key = 'chunk_bits_backfill'`);
  }).immediate();
}

/** Rescored candidates per result when searching the binary copy. */
export const BINARY_OVERSAMPLE = 10;

/**
 * The k chunks nearest to a unit query vector by L2 distance (cosine order). `binary`: Hamming-distance
 * candidates from the binary copy (k × BINARY_OVERSAMPLE), rescored exactly with the float vectors.
 * `docs`: only those documents' chunks, given to vec0 as `rowid IN (…)`, which it applies while it scans
 * (a pre-filter), so the k nearest are the k nearest within them.
 */
export function nearestChunks(db: Db, query: Float32Array, k: number, opts: { binary?: boolean; docs?: readonly number[] | null } = {}): { chunkId: number; distance: number }[] {
  const docs = opts.docs ?? null;
  if (docs?.length === 0) return [];
  if (!opts.binary || !hasBinaryCopy(vectorSpace(db)?.dims ?? 0)) {
    const scoped = docs ? `AND ${inScope('rowid')}` : '';
    const scopeParams = docs ? [docsParam(docs)] : [];
    const rows = db
      .prepare(`SELECT rowid, distance FROM chunk_vectors WHERE embedding MATCH ? AND k = ? ${scoped} ORDER BY distance`)
      .all(query, k, ...scopeParams) as { rowid: number | bigint; distance: number }[];
    return rows.map((r) => ({ chunkId: Number(r.rowid), distance: r.distance }));
  }
  const bits = db.prepare(`SELECT vec_quantize_binary(?)`).pluck().get(query) as Buffer;
  const allowed = docs ? new Set(db.prepare(`SELECT c.id FROM chunks c WHERE c.doc_id IN (SELECT value FROM json_each(?))`).pluck().all(docsParam(docs)) as number[]) : undefined;
  const candidates = nearestBits(db, bits, k * BINARY_OVERSAMPLE, allowed).map((id) => ({ rowid: BigInt(id) }));
  const get = db.prepare(`SELECT embedding FROM chunk_vectors WHERE rowid = ?`).pluck();
  const scored = candidates.flatMap(({ rowid }) => {
    const blob = get.get(rowid) as Buffer | undefined;
    if (!blob) return [];
    // copied: a Buffer from SQLite may sit at an offset a Float32Array cannot start at
    const v = new Float32Array(new Uint8Array(blob).buffer);
    let d2 = 0;
    for (let i = 0; i < v.length; i++) d2 += (v[i]! - query[i]!) ** 2;
    return [{ chunkId: Number(rowid), distance: Math.sqrt(d2) }];
  });
  return scored.sort((a, b) => a.distance - b.distance).slice(0, k);
}

/**
 * Sets many chunks' vectors, computed by the embedder of `space`, in one transaction. Throws when the
 * store's vectors were switched to another embedder meanwhile (a reindex in another process), rather than
 * mixing two embedders' vectors in one table.
 */
export function putVectors(db: Db, space: VectorSpace, items: readonly { chunkId: number; vector: Float32Array }[]): void {
  // vec0 ignores OR REPLACE (sqlite-vec #259), so an existing vector is deleted first
  const binary = hasBinaryCopy(space.dims);
  const del = db.prepare(`DELETE FROM chunk_vectors WHERE rowid = ?`);
  const ins = db.prepare(`INSERT INTO chunk_vectors(rowid, embedding) VALUES (?, ?)`);
  const putBits = binary ? db.prepare(`INSERT OR REPLACE INTO chunk_bits (chunk_id, bits) VALUES (?, vec_quantize_binary(?))`) : null;
  const put = db.transaction(() => {
    const now = vectorSpace(db);
    if (now?.model !== space.model || now.dims !== space.dims) throw new Error(`the store's vectors were switched to ${now?.model ?? 'none'} (another process's reindex) while ${space.model} was embedding`);
    for (const { chunkId, vector } of items) {
      const id = BigInt(chunkId);
      del.run(id);
      ins.run(id, vector);
      putBits?.run(chunkId, vector);
    }
  });
  reportFull(() => put.immediate());
}

/** Chunks without a vector (all, or one document's, through its index), oldest first, at most `limit`. */
export function chunksWithoutVector(db: Db, limit: number, docId?: number): { id: number; text: string }[] {
  if (!vectorSpace(db)) return [];
  const missing = `NOT EXISTS (SELECT 1 FROM chunk_vectors v WHERE v.rowid = c.id)`;
  return (
    docId === undefined
      ? db.prepare(`SELECT c.id, c.text FROM chunks c WHERE ${missing} ORDER BY c.id LIMIT ?`).all(limit)
      : db.prepare(`SELECT c.id, c.text FROM chunks c WHERE c.doc_id = ? AND ${missing} ORDER BY c.id LIMIT ?`).all(docId, limit)
  ) as { id: number; text: string }[];
}

/** Chunks with and without a vector. */
export function vectorCoverage(db: Db): { chunks: number; withVector: number } {
  const chunks = (db.prepare('SELECT count(*) AS n FROM chunks').get() as { n: number }).n;
  if (!vectorSpace(db)) return { chunks, withVector: 0 };
  const withVector = (db.prepare('SELECT count(*) AS n FROM chunks c WHERE EXISTS (SELECT 1 FROM chunk_vectors v WHERE v.rowid = c.id)').get() as { n: number }).n;
  return { chunks, withVector };
}
