import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { pageImages } from './page-images.js';
import { bulkyPdfFrame } from './test-helpers.js';

/** A one-page PDF (a line of text) that also carries `size` bytes of incompressible data in an unused stream. */
function bulkyPdf(size: number): Buffer {
  const { head, tail } = bulkyPdfFrame('bulk', size);
  // filled in place: no second buffer of `size` to count
  const pdf = Buffer.allocUnsafeSlow(head.length + size + tail.length);
  pdf.write(head, 0, 'latin1');
  crypto.randomFillSync(pdf, head.length, size);
  pdf.write(tail, head.length + size, 'latin1');
  return pdf;
}

describe('pageImages', () => {
  it('holds a PDF once in memory while it renders its page (pdf.js is handed the bytes, not a copy)', async () => {
    const render = async (pdf: Buffer) => {
      for await (const { image } of pageImages(pdf, 'bulky.pdf', { only: 1 })) {
        expect(image.width).toBeGreaterThan(0);
        // the file's bytes, in `pdf` or in pdf.js, are alive here
        return process.memoryUsage().rss;
      }
      throw new Error('no page');
    };
    await render(bulkyPdf(1024)); // pdf.js and the canvas loaded
    const size = 128 * 1024 * 1024;
    const before = process.memoryUsage().rss;
    const held = (await render(bulkyPdf(size))) - before;
    expect(held).toBeGreaterThan(size * 0.9);
    expect(held).toBeLessThan(size * 1.5);
  });
});
