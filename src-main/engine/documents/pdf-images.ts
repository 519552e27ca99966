/**
 * The largest image a PDF declares, read from the file's bytes without parsing it. pdf.js drops an image
 * over its maxImageSize without a trace (the page renders blank), so this is how a page can say why it
 * could not be read. Image XObjects are streams, and a stream's dictionary is never inside a compressed
 * object stream, so each one appears in the file as plain text: `/Subtype /Image … /Width w /Height h`.
 * (A huge inline image inside a compressed content stream is not seen here; pdf.js still refuses to
 * decode it.)
 */

export interface ImageSize {
  width: number;
  height: number;
}

const MARKER = Buffer.from('/Image');
/** how far around the marker the dictionary's /Width and /Height are looked for */
const WINDOW = 2048;

/** The /Width and /Height of every image dictionary in the file, as written (digits, maybe a fraction). */
function* imageSizes(bytes: Uint8Array): Generator<{ width: string; height: string }> {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let at = buf.indexOf(MARKER); at !== -1; at = buf.indexOf(MARKER, at + MARKER.length)) {
    // /ImageB, /ImageC, /ImageI and /ImageMask are other names
    if (/[A-Za-z0-9]/.test(String.fromCharCode(buf[at + MARKER.length] ?? 0x20))) continue;
    const start = Math.max(0, at - WINDOW);
    const text = buf.toString('latin1', start, Math.min(buf.length, at + WINDOW));
    // the dictionary around the marker: from its object header to its stream keyword
    const here = at - start;
    const open = text.lastIndexOf(' obj', here);
    const close = text.indexOf('stream', here);
    const dict = text.slice(open === -1 ? 0 : open, close === -1 ? text.length : close);
    const width = /\/Width\s+(\d*\.?\d+)(?![\d.]|\s+\d+\s+R)/.exec(dict)?.[1];
    const height = /\/Height\s+(\d*\.?\d+)(?![\d.]|\s+\d+\s+R)/.exec(dict)?.[1];
    if (width && height) yield { width, height };
  }
}

export function largestImage(bytes: Uint8Array): ImageSize | undefined {
  let best: ImageSize | undefined;
  for (const s of imageSizes(bytes)) {
    const width = Number(s.width);
    const height = Number(s.height);
    if (Number.isInteger(width) && Number.isInteger(height) && width && height && (!best || width * height > best.width * best.height)) best = { width, height };
  }
  return best;
}

/**
 * An image whose size is not whole pixels (`/Height 1.5`): pdf.js then loops without end while drawing its
 * page, in one synchronous run that no timer can stop (found by the fuzz run), so such a file is refused.
 */
export function fractionalImage(bytes: Uint8Array): { width: string; height: string } | undefined {
  for (const s of imageSizes(bytes)) if (!/^\d+$/.test(s.width) || !/^\d+$/.test(s.height)) return s;
  return undefined;
}
