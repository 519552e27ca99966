/**
 * How often each object number is defined in a PDF (`N G obj`), read from the bytes without parsing.
 * A file whose cross-reference table is broken is rebuilt by pdf.js from these headers, and with many
 * definitions of the same objects whose dictionaries do not close, that rebuild takes time quadratic in
 * their count, in one synchronous run: 1,000 copies took 5 s, 2,000 took 20 s, a 6 MB crafted file hours
 * (found by the fuzz run). Real files define an object again once per incremental save.
 */

/** definitions of one object number beyond which a file is refused */
export const MAX_DEFINITIONS = 500;

/** The object number defined most often, and how often. */
export function mostDefinedObject(bytes: Uint8Array): { object: number; times: number } | undefined {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const counts = new Map<number, number>();
  let best: { object: number; times: number } | undefined;
  for (let at = buf.indexOf(' obj'); at !== -1; at = buf.indexOf(' obj', at + 4)) {
    // back over "N G": digits, whitespace, digits
    let i = at - 1;
    while (i >= 0 && isDigit(buf[i]!)) i--;
    if (i === at - 1 || i < 0 || !isSpace(buf[i]!)) continue;
    while (i >= 0 && isSpace(buf[i]!)) i--;
    const end = i + 1;
    while (i >= 0 && isDigit(buf[i]!)) i--;
    if (end === i + 1 || end - (i + 1) > 10) continue;
    const object = Number(buf.toString('latin1', i + 1, end));
    const times = (counts.get(object) ?? 0) + 1;
    counts.set(object, times);
    if (!best || times > best.times) best = { object, times };
  }
  return best;
}

const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x0c || c === 0x00;
