import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import * as sqliteVec from 'sqlite-vec';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDb, type Db } from './db.js';
import { MIGRATIONS } from './migrations.js';
import { Repository } from './repository.js';
import { page, sentenceChunks, tempDir } from './test-helpers.js';
import { ensureVectorTable, nearestChunks, putVectors, vectorSpace } from './vectors.js';

const dir = tempDir('docsearch-vec-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('sqlite-vec chunk vectors', () => {
  let db: Db;
  let repo: Repository;
  let ids: number[];
  let n = 0;

  beforeEach(() => {
    db = openDb(path.join(dir, `v${n++}.db`));
    repo = new Repository(db);
    const doc = repo.createDocument({ sha256: 'f'.repeat(64), path: '/a.txt', title: 'a', kind: 'text', bytes: 1, pageCount: 1 });
    const text = '一つ目の文。二つ目の文。三つ目の文。';
    ids = repo.addPage(doc, 'a', page(1, text), sentenceChunks(text));
  });
  afterEach(() => db.close());

  const vec = (...v: number[]) => new Float32Array(v);
  const putVector = (_db: Db, chunkId: number, vector: Float32Array) => putVectors(db, vectorSpace(db)!, [{ chunkId, vector }]);
  const count = () => (db.prepare(`SELECT count(*) AS n FROM chunk_vectors`).get() as { n: number }).n;

  it('stores vectors under chunk ids and finds the nearest, closest first', () => {
    expect(vectorSpace(db)).toBeUndefined();
    ensureVectorTable(db, { model: 'test-model', dims: 3 });
    expect(vectorSpace(db)).toEqual({ model: 'test-model', dims: 3 });
    const [a, b, c] = ids as [number, number, number];
    putVector(db, a, vec(1, 0, 0));
    putVector(db, b, vec(0, 1, 0));
    putVector(db, c, vec(0.9, 0.1, 0));
    const hits = nearestChunks(db, vec(1, 0, 0), 2);
    expect(hits.map((h) => h.chunkId)).toEqual([a, c]);
    expect(hits[0]!.distance).toBeCloseTo(0);
    expect(hits[1]!.distance).toBeGreaterThan(hits[0]!.distance);
    expect(typeof hits[0]!.chunkId).toBe('number');
    // putting again replaces
    putVector(db, b, vec(1, 0, 0));
    expect(count()).toBe(3);
    expect(nearestChunks(db, vec(1, 0, 0), 1)[0]!.distance).toBeCloseTo(0);
  });

  it('keeps the table when called again with the same space', () => {
    ensureVectorTable(db, { model: 'm', dims: 2 });
    putVector(db, ids[0]!, vec(1, 2));
    ensureVectorTable(db, { model: 'm', dims: 2 });
    expect(count()).toBe(1);
  });

  it('keeps another embedder\'s vectors unless told to replace them (a reindex), then replaces the table', () => {
    ensureVectorTable(db, { model: 'm1', dims: 2 });
    putVector(db, ids[0]!, vec(1, 2));
    expect(ensureVectorTable(db, { model: 'm2', dims: 2 })).toEqual({ model: 'm1', dims: 2 });
    expect(vectorSpace(db)).toEqual({ model: 'm1', dims: 2 });
    expect(count()).toBe(1);
    // vectors computed for another space are refused rather than mixed in
    expect(() => putVectors(db, { model: 'm2', dims: 2 }, [{ chunkId: ids[1]!, vector: vec(1, 2) }])).toThrow(/switched to m1 .*while m2 was embedding/);
    expect(ensureVectorTable(db, { model: 'm2', dims: 2 }, { replace: true })).toBeNull();
    expect(count()).toBe(0);
    putVector(db, ids[0]!, vec(1, 2));
    ensureVectorTable(db, { model: 'm2', dims: 4 }, { replace: true });
    expect(vectorSpace(db)).toEqual({ model: 'm2', dims: 4 });
    expect(count()).toBe(0);
    expect(() => putVector(db, ids[0]!, vec(1, 2))).toThrow();
    putVector(db, ids[0]!, vec(1, 2, 3, 4));
    expect(nearestChunks(db, vec(1, 2, 3, 4), 5).map((h) => h.chunkId)).toEqual([ids[0]]);
  });

  it('finds the same nearest chunks through the binary copy, rescored with the float vectors', () => {
    ensureVectorTable(db, { model: 'm', dims: 16 });
    const unit = (seed: number) => {
      const v = Float32Array.from({ length: 16 }, (_, i) => Math.sin(seed * 7.1 + i * 1.3));
      const n = Math.hypot(...v);
      return v.map((x) => x / n);
    };
    ids.forEach((id, i) => putVector(db, id, unit(i)));
    const q = unit(1);
    const exact = nearestChunks(db, q, 2);
    const viaBits = nearestChunks(db, q, 2, { binary: true });
    expect(viaBits.map((h) => h.chunkId)).toEqual(exact.map((h) => h.chunkId));
    expect(viaBits[0]!.distance).toBeCloseTo(exact[0]!.distance, 5);
    expect((db.prepare('SELECT count(*) AS n FROM chunk_bits').get() as { n: number }).n).toBe(3);
    db.prepare(`DELETE FROM chunks WHERE id = ?`).run(ids[0]);
    expect((db.prepare('SELECT count(*) AS n FROM chunk_bits').get() as { n: number }).n).toBe(2);
    expect(count()).toBe(2);
  });

  it('rejects an invalid dimension', () => {
    for (const dims of [0, -1, 1.5, 9000]) expect(() => ensureVectorTable(db, { model: 'm', dims })).toThrow(/invalid vector dimension/);
  });

  it('drops a chunk’s vector when the chunk goes, also through a document cascade', () => {
    ensureVectorTable(db, { model: 'm', dims: 2 });
    for (const id of ids) putVector(db, id, vec(id, 1));
    db.prepare(`DELETE FROM chunks WHERE id = ?`).run(ids[0]);
    expect(count()).toBe(2);
    expect(nearestChunks(db, vec(0, 1), 10).map((h) => h.chunkId).sort()).toEqual(ids.slice(1).sort());
    repo.removeDocument(repo.listDocuments()[0]!.id);
    expect(count()).toBe(0);
  });

  it('works with rowids beyond 2^31', () => {
    ensureVectorTable(db, { model: 'm', dims: 2 });
    const big = 2 ** 40 + 7;
    putVector(db, big, vec(3, 4));
    expect(nearestChunks(db, vec(3, 4), 1)).toEqual([{ chunkId: big, distance: 0 }]);
  });
});

describe('a store from before migrations 5 and 6', () => {
  it('loses its plain float copy and its vec0 bit table, gets its bits back from its vectors, searches binary and still drops a chunk’s vectors with it', () => {
    const file = path.join(dir, 'before-migration-5.db');
    const old = new Database(file);
    sqliteVec.load(old);
    for (const m of MIGRATIONS.slice(0, 4)) old.exec(m);
    old.pragma('user_version = 4');
    // the tables as the code before migration 5 made them
    old.exec(`CREATE VIRTUAL TABLE chunk_vectors USING vec0(embedding float[8]);
              CREATE VIRTUAL TABLE chunk_vectors_bin USING vec0(embedding bit[8]);
              CREATE TABLE chunk_vectors_f32 (chunk_id INTEGER PRIMARY KEY, embedding BLOB NOT NULL);
              CREATE TRIGGER chunk_vectors_delete AFTER DELETE ON chunks BEGIN
                DELETE FROM chunk_vectors WHERE rowid = old.id; DELETE FROM chunk_vectors_bin WHERE rowid = old.id; DELETE FROM chunk_vectors_f32 WHERE chunk_id = old.id;
              END;`);
    old.prepare(`INSERT INTO meta VALUES ('vector_space', ?)`).run(JSON.stringify({ model: 'm', dims: 8 }));
    // a vector stored then (chunk 1000, whose chunk row does not matter to the tables)
    const unit = (i: number) => new Float32Array(8).map((_, j) => (j === i ? 1 : -0.1));
    old.prepare(`INSERT INTO chunk_vectors (rowid, embedding) VALUES (?, ?)`).run(1000n, unit(7));
    old.close();
    const db = openDb(file);
    expect(db.prepare(`SELECT name FROM sqlite_master WHERE name IN ('chunk_vectors_f32', 'chunk_vectors_bin')`).all()).toEqual([]);
    expect(db.prepare(`SELECT chunk_id FROM chunk_bits`).pluck().all()).toEqual([1000]);
    expect(nearestChunks(db, unit(7), 1, { binary: true })).toEqual([{ chunkId: 1000, distance: 0 }]);
    const repo = new Repository(db);
    const doc = repo.createDocument({ sha256: 'e'.repeat(64), path: '/b.txt', title: 'b', kind: 'text', bytes: 1, pageCount: 1 });
    const text = '一つ目の文。二つ目の文。';
    const ids = repo.addPage(doc, 'b', page(1, text), sentenceChunks(text));
    putVectors(db, vectorSpace(db)!, ids.map((chunkId, i) => ({ chunkId, vector: unit(i) })));
    expect(nearestChunks(db, unit(1), 1, { binary: true })[0]!.chunkId).toBe(ids[1]);
    repo.removeDocument(doc);
    expect(db.prepare(`SELECT count(*) FROM chunk_vectors`).pluck().get()).toBe(1);
    expect(db.prepare(`SELECT count(*) FROM chunk_bits`).pluck().get()).toBe(1);
    db.close();
    // the backfill ran once
    const again = openDb(file);
    expect(again.prepare(`SELECT count(*) FROM meta WHERE key = 'chunk_bits_backfill'`).pluck().get()).toBe(0);
    again.close();
  });
});

describe('the binary search’s bits held in memory', () => {
  it('follow this connection’s writes and other connections’ commits', () => {
    const file = path.join(dir, 'bits-two.db');
    const a = openDb(file);
    const space = { model: 'm', dims: 16 };
    ensureVectorTable(a, space);
    const unit = (i: number) => new Float32Array(16).map((_, j) => (j === i ? 1 : -0.05));
    putVectors(a, space, [{ chunkId: 1, vector: unit(1) }]);
    expect(nearestChunks(a, unit(3), 1, { binary: true })[0]!.chunkId).toBe(1);
    // another process's commit
    const b = openDb(file);
    putVectors(b, space, [{ chunkId: 3, vector: unit(3) }]);
    b.close();
    expect(nearestChunks(a, unit(3), 1, { binary: true })[0]!.chunkId).toBe(3);
    // this connection's own write
    putVectors(a, space, [{ chunkId: 5, vector: unit(5) }]);
    expect(nearestChunks(a, unit(5), 1, { binary: true })[0]!.chunkId).toBe(5);
    a.close();
  });
});

