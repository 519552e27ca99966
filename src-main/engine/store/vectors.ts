/**
 * The sqlite-vec table. Its dimension is only known once an embedder is configured, so it is created
 * then (not by a migration), with the embedder's id recorded in meta; another embedder means a rebuild.
 * vec0 rowids must be BigInt (better-sqlite3 binds JS numbers as REAL, which vec0 rejects).
 */
import type { Db } from './db.js';

export interface VectorSpace {
  model: string;
  dims: number;
}

export function vectorSpace(db: Db): VectorSpace | undefined {
  const row = db.prepare(`SELECT value FROM meta WHERE key = 'vector_space'`).get() as { value: string } | undefined;
  return row ? (JSON.parse(row.value) as VectorSpace) : undefined;
}

/** Creates (or recreates, if the model or dimension changed) the vector table. */
export function ensureVectorTable(db: Db, space: VectorSpace): void {
  if (!Number.isInteger(space.dims) || space.dims <= 0 || space.dims > 8192) throw new Error(`invalid vector dimension ${space.dims}`);
  const current = vectorSpace(db);
  if (current && current.model === space.model && current.dims === space.dims) return;
  db.transaction(() => {
    db.exec(`DROP TRIGGER IF EXISTS chunk_vectors_delete; DROP TABLE IF EXISTS chunk_vectors;`);
    db.exec(`CREATE VIRTUAL TABLE chunk_vectors USING vec0(embedding float[${space.dims}])`);
    db.exec(`CREATE TRIGGER chunk_vectors_delete AFTER DELETE ON chunks BEGIN
               DELETE FROM chunk_vectors WHERE rowid = old.id;
             END;`);
    db.prepare(`INSERT INTO meta(key, value) VALUES ('vector_space', ?)
                ON CONFLICT(key) DO UPDATE SET value = excluded.value`).run(JSON.stringify(space));
  })();
}

/** Sets a chunk's vector. vec0 ignores OR REPLACE (sqlite-vec #259), so an existing one is deleted first. */
export function putVector(db: Db, chunkId: number, vector: Float32Array): void {
  const id = BigInt(chunkId);
  db.transaction(() => {
    db.prepare(`DELETE FROM chunk_vectors WHERE rowid = ?`).run(id);
    db.prepare(`INSERT INTO chunk_vectors(rowid, embedding) VALUES (?, ?)`).run(id, vector);
  })();
}

export function nearestChunks(db: Db, query: Float32Array, k: number): { chunkId: number; distance: number }[] {
  const rows = db
    .prepare(`SELECT rowid, distance FROM chunk_vectors WHERE embedding MATCH ? AND k = ? ORDER BY distance`)
    .all(query, k) as { rowid: number | bigint; distance: number }[];
  return rows.map((r) => ({ chunkId: Number(r.rowid), distance: r.distance }));
}
