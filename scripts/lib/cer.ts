/** Character error rate as the evaluation data defines it (../shared/eval README): NFKC, whitespace removed. */

export function normaliseForCer(s: string): string {
  return s.normalize('NFKC').replace(/\s+/gu, '');
}

/** Levenshtein distance over code points (two rows). */
export function levenshtein(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let prev = new Uint32Array(y.length + 1).map((_, i) => i);
  let cur = new Uint32Array(y.length + 1);
  for (let i = 1; i <= x.length; i++) {
    cur[0] = i;
    const xi = x[i - 1];
    for (let j = 1; j <= y.length; j++) {
      const sub = prev[j - 1]! + (xi === y[j - 1] ? 0 : 1);
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, sub);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[y.length]!;
}

/** Edits and reference length after normalising both; CER = errors / refLen. */
export function cer(hyp: string, ref: string): { errors: number; refLen: number } {
  const r = normaliseForCer(ref);
  return { errors: levenshtein(normaliseForCer(hyp), r), refLen: r.length };
}
