/**
 * Hamming-distance candidates for the binary search, scanned in memory. sqlite-vec's own KNN over bit
 * vectors grows with the number of candidates asked for (100,000 vectors: 7 ms for 20, 24 ms for 100), so
 * the bits (chunk_bits, one bit a dimension) are held packed in 32-bit words and scanned with a popcount:
 * 4 ms for 100,000 at 256 dimensions. The copy is read again when the store changed: `total_changes()`
 * counts this connection's writes, `PRAGMA data_version` other connections' commits.
 */
import type { Db } from './db.js';

interface Packed {
  key: string;
  ids: Float64Array;
  words: number;
  bits: Uint32Array;
}

const cache = new WeakMap<Db, Packed>();
/** prepared once per connection: this runs on every binary search */
const changes = new WeakMap<Db, { get(): unknown }>();

function packed(db: Db): Packed {
  let counted = changes.get(db);
  if (!counted) changes.set(db, (counted = db.prepare('SELECT total_changes()').pluck()));
  const key = `${db.pragma('data_version', { simple: true })}:${counted.get()}`;
  const held = cache.get(db);
  if (held?.key === key) return held;
  const rows = db.prepare('SELECT chunk_id, bits FROM chunk_bits ORDER BY chunk_id').raw().all() as [number, Buffer][];
  const words = Math.ceil((rows[0]?.[1].length ?? 0) / 4);
  const bits = new Uint32Array(rows.length * words);
  const bytes = new Uint8Array(bits.buffer);
  const ids = new Float64Array(rows.length);
  rows.forEach(([id, b], i) => {
    ids[i] = id;
    bytes.set(b, i * words * 4); // a row shorter than its words is padded with zero bits, as the query is
  });
  const fresh = { key, ids, words, bits };
  cache.set(db, fresh);
  return fresh;
}

/** Set bits of a 32-bit word (the classic SWAR count). */
function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/**
 * The ids of the `n` chunks whose bits are nearest the query's (`vec_quantize_binary` of the query), among
 * `allowed` when given. A histogram of the distances gives the cut, so no sort of every chunk is needed;
 * ties at the cut go in chunk-id order.
 */
export function nearestBits(db: Db, query: Uint8Array, n: number, allowed?: ReadonlySet<number>): number[] {
  const { ids, words, bits } = packed(db);
  const q = new Uint32Array(words);
  new Uint8Array(q.buffer).set(query.subarray(0, words * 4));
  const none = words * 32 + 1;
  const dist = new Uint16Array(ids.length);
  const hist = new Uint32Array(none + 1);
  for (let i = 0, o = 0; i < ids.length; i++, o += words) {
    let d = none;
    if (!allowed || allowed.has(ids[i]!)) {
      d = 0;
      for (let w = 0; w < words; w++) d += popcount(bits[o + w]! ^ q[w]!);
    }
    dist[i] = d;
    hist[d]!++;
  }
  let cut = 0;
  for (let below = 0; cut < none && below + hist[cut]! < n; cut++) below += hist[cut]!;
  const out: number[] = [];
  for (let i = 0; i < ids.length && out.length < n; i++) if (dist[i]! < cut) out.push(ids[i]!);
  for (let i = 0; i < ids.length && out.length < n; i++) if (dist[i] === cut && cut < none) out.push(ids[i]!);
  return out;
}
