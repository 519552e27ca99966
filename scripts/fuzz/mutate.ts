/**
 * The fuzz run's mutations: generic byte-level ones (bit flips, byte runs, interesting integers,
 * truncation, splicing two seeds, repeating a slice) and format-aware ones that reach past the first
 * parser check (numbers in PDF dictionaries and cross-reference offsets, image header dimensions with a
 * valid checksum, text encodings and long lines). Everything is drawn from one seeded generator, so a
 * run is reproduced by its seed.
 */
import { crc32 } from 'node:zlib';

/** mulberry32: small, fast and good enough to pick mutations. */
export class Rng {
  constructor(private s: number) {}
  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }
}

export interface Seed {
  name: string;
  ext: string;
  bytes: Buffer;
}

/** No input grows past this: big enough for long-file paths, small enough to run thousands. */
export const MAX_INPUT_BYTES = 12 * 2 ** 20;

const INTERESTING = [0, 1, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xffffffff];
/** Values for numbers in PDF dictionaries: zero, negatives, huge, fractional, the issue's 20k/30k images. */
const PDF_NUMBERS = ['0', '-1', '1', '2', '3', '7', '16', '255', '20000', '30000', '65536', '99999999', '2147483648', '1e308', '-0.5', '0.0001'];
const PDF_KEYS = ['Width', 'Height', 'Length', 'Count', 'BitsPerComponent', 'Columns', 'Colors', 'Predictor', 'Size', 'First', 'N', 'Rotate', 'Prev', 'DecodeParms', 'K', 'Rows'];
const DIMENSIONS = [0, 1, 2, 7, 4096, 20000, 30000, 65535];

type Mutator = (b: Buffer, rng: Rng, seeds: readonly Seed[]) => Buffer;

const at = (b: Buffer, rng: Rng) => (b.length ? rng.int(b.length) : 0);

const bitFlips: Mutator = (b, rng) => {
  const out = Buffer.from(b);
  for (let i = 1 + rng.int(8); i > 0 && out.length; i--) out[at(out, rng)]! ^= 1 << rng.int(8);
  return out;
};

const byteRun: Mutator = (b, rng) => {
  const len = 1 + rng.int(rng.next() < 0.8 ? 32 : 4096);
  const value = rng.pick([0x00, 0xff, 0x20, 0x0a, rng.int(256)]);
  const run = Buffer.alloc(len, value);
  const pos = at(b, rng);
  return rng.next() < 0.5 ? Buffer.concat([b.subarray(0, pos), run, b.subarray(pos + len)]) : Buffer.concat([b.subarray(0, pos), run, b.subarray(pos)]);
};

const interestingInt: Mutator = (b, rng) => {
  const out = Buffer.from(b);
  const width = rng.pick([1, 2, 4]);
  if (out.length < width) return out;
  const pos = rng.int(out.length - width + 1);
  const v = rng.pick(INTERESTING) % 2 ** (8 * width);
  if (width === 1) out.writeUInt8(v, pos);
  else if (width === 2 && rng.next() < 0.5) out.writeUInt16BE(v, pos);
  else if (width === 2) out.writeUInt16LE(v, pos);
  else if (rng.next() < 0.5) out.writeUInt32BE(v, pos);
  else out.writeUInt32LE(v, pos);
  return out;
};

const truncate: Mutator = (b, rng) => b.subarray(0, at(b, rng));

const removeSlice: Mutator = (b, rng) => {
  const pos = at(b, rng);
  return Buffer.concat([b.subarray(0, pos), b.subarray(pos + 1 + rng.int(Math.max(1, b.length >> 4)))]);
};

/** The head of this input and the tail of another seed (of any kind). */
const splice: Mutator = (b, rng, seeds) => {
  const other = rng.pick(seeds).bytes;
  return Buffer.concat([b.subarray(0, at(b, rng)), other.subarray(at(other, rng))]);
};

/** One slice repeated many times: long files, many pages, many lines. */
const repeatSlice: Mutator = (b, rng) => {
  const pos = at(b, rng);
  const slice = b.subarray(pos, pos + 1 + rng.int(256));
  const times = Math.min(rng.pick([2, 16, 1000, 50_000]), Math.floor(MAX_INPUT_BYTES / 2 / Math.max(1, slice.length)));
  return Buffer.concat([b.subarray(0, pos), ...Array<Buffer>(times).fill(slice), b.subarray(pos)]);
};

/** A number after one of PDF_KEYS (in a dictionary) replaced by an awkward value. */
const pdfNumber: Mutator = (b, rng) => {
  const s = b.toString('latin1');
  const key = rng.next() < 0.2 ? '(?:MediaBox|CropBox)\\s*\\[\\s*[-\\d.]+\\s+[-\\d.]+\\s+' : `(?:${PDF_KEYS.join('|')})\\s+`;
  const re = new RegExp(`/${key}(-?[\\d.]+)`, 'g');
  const hits = [...s.matchAll(re)];
  if (!hits.length) return bitFlips(b, rng, []);
  const m = rng.pick(hits);
  const start = m.index + m[0].length - m[1]!.length;
  return Buffer.from(s.slice(0, start) + rng.pick(PDF_NUMBERS) + s.slice(start + m[1]!.length), 'latin1');
};

/** A cross-reference entry's offset, or startxref, moved. */
const pdfXref: Mutator = (b, rng) => {
  const s = b.toString('latin1');
  const hits = [...s.matchAll(/(\d{10}) \d{5} n|startxref\s+(\d+)/g)];
  if (!hits.length) return truncate(b, rng, []);
  const m = rng.pick(hits);
  const digits = m[1] ?? m[2]!;
  const start = m.index + m[0].indexOf(digits, m[1] ? 0 : 9);
  const moved = Math.max(0, Number(digits) + rng.pick([-1, 1, -100, 1000, -Number(digits), 1e9]));
  const text = m[1] ? String(moved).padStart(10, '0').slice(-10) : String(moved);
  return Buffer.from(s.slice(0, start) + text + s.slice(start + digits.length), 'latin1');
};

/** Width and height in an image header set to awkward values (PNG IHDR with its CRC fixed, JPEG SOF, TIFF IFD). */
const imageDimensions: Mutator = (b, rng) => {
  const out = Buffer.from(b);
  const w = rng.pick(DIMENSIONS);
  const h = rng.next() < 0.5 ? w : rng.pick(DIMENSIONS);
  const png = out.indexOf('IHDR');
  if (png >= 4 && out.length >= png + 17) {
    out.writeUInt32BE(w, png + 4);
    out.writeUInt32BE(h, png + 8);
    if (rng.next() < 0.3) out[png + 16] = 1; // interlaced (Adam7)
    out.writeUInt32BE(crc32(out.subarray(png, png + 17)), png + 17);
    return out;
  }
  // a JPEG start-of-frame (baseline or progressive), in a JPEG file or in a PDF's DCT stream
  for (let i = 0; i + 9 < out.length; i++) {
    if (out[i] === 0xff && (out[i + 1] === 0xc0 || out[i + 1] === 0xc2) && out[i + 2] === 0x00) {
      out.writeUInt16BE(h & 0xffff, i + 5);
      out.writeUInt16BE(w & 0xffff, i + 7);
      return out;
    }
  }
  const le = out.toString('latin1', 0, 2) === 'II';
  if (le || out.toString('latin1', 0, 2) === 'MM') {
    const u16 = (o: number) => (le ? out.readUInt16LE(o) : out.readUInt16BE(o));
    const ifd = le ? out.readUInt32LE(4) : out.readUInt32BE(4);
    if (ifd + 2 > out.length) return out;
    for (let e = 0, n = u16(ifd); e < n && ifd + 2 + 12 * (e + 1) <= out.length; e++) {
      const o = ifd + 2 + 12 * e;
      const tag = u16(o);
      if (tag !== 256 && tag !== 257) continue;
      const v = tag === 256 ? w : h;
      const short = u16(o + 2) === 3; // SHORT, else LONG
      if (short && le) out.writeUInt16LE(v & 0xffff, o + 8);
      else if (short) out.writeUInt16BE(v & 0xffff, o + 8);
      else if (le) out.writeUInt32LE(v, o + 8);
      else out.writeUInt32BE(v, o + 8);
    }
  }
  return out;
};

const TEXT_PIECES = [
  Buffer.from([0xef, 0xbb, 0xbf]), // UTF-8 BOM
  Buffer.from([0xff, 0xfe]), // UTF-16LE BOM
  Buffer.from([0xfe, 0xff]),
  Buffer.from([0x00]),
  Buffer.from('\r'),
  Buffer.from([0xed, 0xa0, 0x80]), // a lone surrogate, as UTF-8
  Buffer.from([0xc3]), // a cut sequence
  Buffer.from([0x82, 0xa0, 0x8e, 0x9a]), // Shift_JIS
  Buffer.from('\u200b\u{1f600}\u0301'),
  Buffer.from('#'.repeat(7) + ' '),
  Buffer.from('```\n'),
  Buffer.from('|a|b|\n|-|-|\n'),
];

/** Encodings and structures text readers trip on: BOMs, NULs, broken sequences, very long lines. */
const textPiece: Mutator = (b, rng) => {
  const piece = rng.next() < 0.15 ? Buffer.alloc(rng.pick([10_000, 200_000, 2_000_000]), rng.pick(['あ', 'a', ' ', '\t'])) : rng.pick(TEXT_PIECES);
  const pos = rng.next() < 0.3 ? 0 : at(b, rng);
  return Buffer.concat([b.subarray(0, pos), piece, b.subarray(pos)]);
};

const GENERIC: Mutator[] = [bitFlips, bitFlips, byteRun, interestingInt, truncate, removeSlice, splice, repeatSlice];
const BY_KIND: Record<string, Mutator[]> = {
  '.pdf': [pdfNumber, pdfNumber, pdfNumber, pdfXref, imageDimensions],
  '.png': [imageDimensions, imageDimensions],
  '.jpg': [imageDimensions, imageDimensions],
  '.tif': [imageDimensions, imageDimensions],
  '.txt': [textPiece, textPiece],
  '.md': [textPiece, textPiece],
};
const EXTENSIONS = ['.pdf', '.png', '.jpg', '.tif', '.txt', '.md'];

export const MUTATOR_NAMES = new Map<Mutator, string>(
  Object.entries({ bitFlips, byteRun, interestingInt, truncate, removeSlice, splice, repeatSlice, pdfNumber, pdfXref, imageDimensions, textPiece }).map(([k, f]) => [f, k]),
);

export interface Mutant {
  bytes: Buffer;
  ext: string;
  /** the seed and the mutations applied, in order */
  recipe: string;
}

/** One to four stacked mutations of a seed; now and then under another file name extension. */
export function mutate(seed: Seed, seeds: readonly Seed[], rng: Rng): Mutant {
  const pool = [...GENERIC, ...(BY_KIND[seed.ext] ?? [])];
  let bytes = seed.bytes;
  const applied: string[] = [];
  for (let i = 1 + rng.int(rng.next() < 0.7 ? 2 : 4); i > 0; i--) {
    const m = rng.pick(pool);
    bytes = m(bytes, rng, seeds);
    if (bytes.length > MAX_INPUT_BYTES) bytes = bytes.subarray(0, MAX_INPUT_BYTES);
    applied.push(MUTATOR_NAMES.get(m)!);
  }
  const ext = rng.next() < 0.05 ? rng.pick(EXTENSIONS) : seed.ext;
  return { bytes, ext, recipe: `${seed.name} ${applied.join('+')}${ext === seed.ext ? '' : ` as ${ext}`}` };
}
