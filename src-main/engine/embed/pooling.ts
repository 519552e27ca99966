/** Sentence vectors from a transformer's hidden states [batch, seq, dims] (pure functions). */

/** Mean of the hidden states of the tokens the mask keeps, for item `b`. */
export function meanPool(hidden: Float32Array, mask: BigInt64Array | Int32Array, b: number, seq: number, dims: number): Float32Array {
  const out = new Float32Array(dims);
  let n = 0;
  for (let t = 0; t < seq; t++) {
    if (!Number(mask[b * seq + t])) continue;
    n++;
    const base = (b * seq + t) * dims;
    for (let d = 0; d < dims; d++) out[d]! += hidden[base + d]!;
  }
  if (n) for (let d = 0; d < dims; d++) out[d]! /= n;
  return out;
}

/** The first token's hidden state ([CLS]) for item `b`. */
export function clsPool(hidden: Float32Array, b: number, seq: number, dims: number): Float32Array {
  return hidden.slice(b * seq * dims, b * seq * dims + dims);
}

/** Scales to unit length in place (a zero vector stays zero), so inner product = cosine. */
export function l2Normalize(v: Float32Array): Float32Array {
  let s = 0;
  for (const x of v) s += x * x;
  const norm = Math.sqrt(s);
  if (norm > 0) for (let i = 0; i < v.length; i++) v[i]! /= norm;
  return v;
}
