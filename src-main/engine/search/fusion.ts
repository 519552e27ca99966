/**
 * Fusing lexical and dense candidate lists (pure functions).
 * - RRF (reciprocal rank fusion): Σ 1 / (k + rank) over the lists a chunk is in; uses ranks only, so the
 *   two score scales never have to agree.
 * - weighted: each list's scores min–max normalised to 0..1 over its candidates, then
 *   w·lexical + (1 − w)·dense, a chunk missing from a list counting 0 there. Sensitive to the lists'
 *   score distributions, which is why a naive weighted sum can rank worse than either list alone.
 */

export interface Scored {
  chunkId: number;
  score: number;
}

export interface Fused {
  chunkId: number;
  score: number;
  lexical: number | null;
  dense: number | null;
}

export const RRF_K = 60;

export function rrf(lexical: readonly Scored[], dense: readonly Scored[], k = RRF_K): Fused[] {
  const out = new Map<number, Fused>();
  const add = (list: readonly Scored[], key: 'lexical' | 'dense') =>
    list.forEach((h, i) => {
      const f = out.get(h.chunkId) ?? { chunkId: h.chunkId, score: 0, lexical: null, dense: null };
      f.score += 1 / (k + i + 1);
      f[key] = h.score;
      out.set(h.chunkId, f);
    });
  add(lexical, 'lexical');
  add(dense, 'dense');
  return sortFused([...out.values()]);
}

export function weighted(lexical: readonly Scored[], dense: readonly Scored[], lexicalWeight = 0.5): Fused[] {
  const norm = (list: readonly Scored[]) => {
    const s = list.map((h) => h.score);
    const lo = Math.min(...s);
    const hi = Math.max(...s);
    return new Map(list.map((h) => [h.chunkId, hi > lo ? (h.score - lo) / (hi - lo) : 1]));
  };
  const l = norm(lexical);
  const d = norm(dense);
  const raw = new Map([...lexical, ...dense].map((h) => [h.chunkId, h]));
  const lexScore = new Map(lexical.map((h) => [h.chunkId, h.score]));
  const denseScore = new Map(dense.map((h) => [h.chunkId, h.score]));
  return sortFused(
    [...raw.keys()].map((chunkId) => ({
      chunkId,
      score: lexicalWeight * (l.get(chunkId) ?? 0) + (1 - lexicalWeight) * (d.get(chunkId) ?? 0),
      lexical: lexScore.get(chunkId) ?? null,
      dense: denseScore.get(chunkId) ?? null,
    })),
  );
}

function sortFused(list: Fused[]): Fused[] {
  return list.sort((a, b) => b.score - a.score || a.chunkId - b.chunkId);
}
