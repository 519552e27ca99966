import { describe, expect, it } from 'vitest';
import { chunkPage, DEFAULT_CHUNKING, type Chunk, type ChunkOptions, type PageLine } from './chunk.js';

/** n characters ending in 。 */
const sentence = (n: number, ch: string) => ch.repeat(n - 1) + '。';

/** Deterministic pseudo-random generator (mulberry32), so failures are reproducible. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Japanese-like page text: sentences of varied length, commas, spaces, line breaks, a supplementary-plane kanji. */
function randomPage(seed: number): string {
  const r = rng(seed);
  const pool = [...'あいうえおかきくけこ日本語文書検索東京タワー', '𠮷', 'Debian', ' '];
  let s = '';
  const sentences = 5 + Math.floor(r() * 40);
  for (let i = 0; i < sentences; i++) {
    const len = r() < 0.1 ? 300 + Math.floor(r() * 700) : 5 + Math.floor(r() * 120);
    for (let j = 0; j < len; j++) s += r() < 0.04 ? '、' : pool[Math.floor(r() * pool.length)]!;
    s += r() < 0.15 ? '\n' : r() < 0.1 ? '' : '。';
    if (r() < 0.05) s += '\n\n  ';
  }
  return s;
}

function checkInvariants(text: string, chunks: Chunk[], opts: ChunkOptions) {
  const covered = new Uint8Array(text.length);
  let prev: Chunk | undefined;
  for (const c of chunks) {
    expect(c.text).toBe(text.slice(c.start, c.end));
    expect(c.end - c.start).toBeLessThanOrEqual(opts.size);
    expect(c.end).toBeGreaterThan(c.start);
    // no chunk starts or ends inside a surrogate pair
    expect(c.text).not.toMatch(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/);
    if (prev) {
      expect(c.start).toBeGreaterThan(prev.start);
      // every chunk brings text the previous one did not have
      expect(c.end).toBeGreaterThan(prev.end);
      // overlap is bounded and no gap is left between chunks (apart from whitespace)
      if (c.start < prev.end) expect(prev.end - c.start).toBeLessThanOrEqual(opts.overlap);
      else expect(text.slice(prev.end, c.start).trim()).toBe('');
    }
    covered.fill(1, c.start, c.end);
    prev = c;
  }
  const lost: string[] = [];
  for (let i = 0; i < text.length; i++) if (!covered[i] && !/\s/.test(text[i]!)) lost.push(`${i}:${text[i]}`);
  expect(lost, 'characters in no chunk').toEqual([]);
}

describe('chunkPage', () => {
  it('returns no chunks for empty or blank text', () => {
    expect(chunkPage('', [])).toEqual([]);
    expect(chunkPage(' \n\n ', [])).toEqual([]);
  });

  it('keeps a short page as one chunk with exact offsets', () => {
    const text = '  短いページです。二文目。  ';
    const chunks = chunkPage(text, []);
    expect(chunks).toHaveLength(1);
    expect(chunks[0]).toMatchObject({ start: 2, end: 14, text: '短いページです。二文目。' });
  });

  it('packs whole sentences up to the size and repeats trailing sentences that fit the overlap', () => {
    const s = ['あ', 'い', 'う', 'え', 'お', 'か', 'き'].map((ch) => sentence(50, ch));
    const text = s.join('');
    const chunks = chunkPage(text, [], { size: 200, overlap: 60 });
    expect(chunks.map((c) => c.text)).toEqual([s.slice(0, 4).join(''), s.slice(3, 7).join('')]);
    // the repeated sentence is the last one of the first chunk (50 ≤ 60), not two (100 > 60)
    expect(chunks[1]!.start).toBe(150);
  });

  it('does not emit a chunk that only repeats part of the previous one when the next sentence is long', () => {
    const text = [sentence(100, 'あ'), sentence(100, 'い'), sentence(30, 'う'), sentence(30, 'え'), sentence(350, 'お'), sentence(50, 'か')].join('');
    const chunks = chunkPage(text, [], { size: 400, overlap: 80 });
    for (let k = 1; k < chunks.length; k++) expect(chunks[k]!.end).toBeGreaterThan(chunks[k - 1]!.end);
    expect(chunks.map((c) => [c.start, c.end])).toEqual([
      [0, 260],
      [230, 610],
      [610, 660],
    ]);
  });

  it('splits one over-long sentence, preferring a 、 in the second half of the window', () => {
    const text = 'あ'.repeat(150) + '、' + 'い'.repeat(150) + '、' + 'う'.repeat(150) + '。';
    const chunks = chunkPage(text, [], { size: 200, overlap: 0 });
    expect(chunks.map((c) => c.text)).toEqual(['あ'.repeat(150) + '、', 'い'.repeat(150) + '、', 'う'.repeat(150) + '。']);
  });

  it('cuts hard when there is no comma, without splitting a surrogate pair', () => {
    const text = 'あ'.repeat(199) + '𠮷' + 'い'.repeat(100);
    const chunks = chunkPage(text, [], { size: 200, overlap: 0 });
    expect(chunks.map((c) => c.text)).toEqual(['あ'.repeat(199), '𠮷' + 'い'.repeat(100)]);
    expect(chunkPage('あ'.repeat(450), [], { size: 200, overlap: 0 }).map((c) => c.text.length)).toEqual([200, 200, 50]);
  });

  it('attaches the boxes of the lines a chunk overlaps', () => {
    const s = ['あ', 'い', 'う'].map((ch) => sentence(100, ch));
    const text = s.join('\n');
    const box = (y: number) => ({ x: 0.1, y, w: 0.8, h: 0.02 });
    // one visual line per 50 characters
    const lines: PageLine[] = [];
    for (let at = 0; at < text.length; at += 50) lines.push({ start: at, end: Math.min(at + 50, text.length), box: box(at / 1000) });
    lines.push({ start: 0, end: 10 }); // a line without a box contributes none
    const chunks = chunkPage(text, lines, { size: 210, overlap: 0 });
    expect(chunks).toHaveLength(2);
    const expected = (c: Chunk) => lines.filter((l) => l.box && l.start < c.end && l.end > c.start).map((l) => l.box);
    for (const c of chunks) expect(c.boxes).toEqual(expected(c));
    expect(chunks[0]!.boxes).toHaveLength(5); // chars 0–200 touch lines 0–4 (line 4 holds the \n at 200)
    expect(chunks[1]!.boxes.map((b) => b.y)).toEqual([0.2, 0.25, 0.3]);
  });

  it.each([
    [DEFAULT_CHUNKING],
    [{ size: 120, overlap: 30 }],
    [{ size: 60, overlap: 0 }],
    [{ size: 300, overlap: 150 }],
  ])('keeps its invariants on generated pages (%o)', (opts) => {
    for (let seed = 1; seed <= 40; seed++) {
      const text = randomPage(seed);
      checkInvariants(text, chunkPage(text, [], opts), opts);
    }
  });
});
