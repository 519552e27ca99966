import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { pageImages } from './page-images.js';

/** A one-page PDF (a line of text) that also carries `size` bytes of incompressible data in an unused stream. */
function bulkyPdf(size: number): Buffer {
  const text = 'BT /F1 14 Tf 20 100 Td (bulk) Tj ET';
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>',
    `<< /Length ${text.length} >>\nstream\n${text}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let head = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(head.length);
    head += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  offsets.push(head.length);
  head += `6 0 obj\n<< /Length ${size} >>\nstream\n`;
  const xrefAt = head.length + size + '\nendstream\nendobj\n'.length;
  const tail = `\nendstream\nendobj\nxref\n0 7\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}trailer\n<< /Size 7 /Root 1 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`;
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
      for await (const { image } of pageImages(pdf, 'bulky.pdf', 1)) {
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
