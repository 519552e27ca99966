import { describe, expect, it } from 'vitest';
import { ctcGreedyDecode, parseDictionary } from './ctc.js';

/** one-hot-ish frames: each entry is [class, probability]; the rest of the mass goes to the blank */
function frames(classes: number, seq: [number, number][]): Float32Array {
  const out = new Float32Array(seq.length * classes);
  seq.forEach(([c, p], t) => {
    out[t * classes + c] = p;
    if (c !== 0) out[t * classes] = 1 - p;
  });
  return out;
}

describe('parseDictionary', () => {
  it('strips CRLF and adds blank and trailing space classes', () => {
    const d = parseDictionary('あ\r\nい\r\nA\r\n');
    expect(d.chars).toEqual(['', 'あ', 'い', 'A', ' ']);
  });
  it('handles LF without final newline, BOM, and no space class', () => {
    expect(parseDictionary('\uFEFFx\ny', false).chars).toEqual(['', 'x', 'y']);
  });
});

describe('ctcGreedyDecode', () => {
  const dict = parseDictionary('あ\r\nい\r\nA\r\n');
  const C = dict.chars.length; // 5

  it('collapses repeats, drops blanks, keeps doubled characters separated by a blank', () => {
    const p = frames(C, [[1, 0.9], [1, 0.95], [0, 1], [1, 0.8], [2, 0.7], [2, 0.6], [4, 0.99], [3, 0.6]]);
    const r = ctcGreedyDecode(p, 8, C, dict);
    expect(r.text).toBe('ああい A');
    expect(r.charConfidences.map((x) => Math.round(x * 100) / 100)).toEqual([0.95, 0.8, 0.7, 0.99, 0.6]);
    expect(r.confidence).toBeCloseTo((0.95 + 0.8 + 0.7 + 0.99 + 0.6) / 5, 5);
    // each character where it was read most confidently: あ at frame 1 (0.95 beats 0.9), い at 4, not 5
    expect(r.charFrames).toEqual([1, 3, 4, 6, 7]);
  });

  it('returns empty text with confidence 0 for all-blank input', () => {
    const r = ctcGreedyDecode(frames(C, [[0, 1], [0, 1]]), 2, C, dict);
    expect(r).toEqual({ text: '', charConfidences: [], charFrames: [], confidence: 0 });
  });

  it('decodes a row of a batch buffer by offset', () => {
    const a = frames(C, [[1, 0.9], [2, 0.9]]);
    const b = frames(C, [[3, 0.9], [0, 1]]);
    const batch = new Float32Array([...a, ...b]);
    expect(ctcGreedyDecode(batch, 2, C, dict, 2 * C).text).toBe('A');
    expect(ctcGreedyDecode(batch, 2, C, dict, 0).text).toBe('あい');
  });
});
