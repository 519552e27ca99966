import { describe, expect, it } from 'vitest';
import { loadPdfDocument, openPdf, renderPage, type RenderOptions } from './pdf.js';

/** A one-page PDF: `content` drawn on a W × H page with one image XObject /Im (uncompressed samples). */
function pdfWithImage(dict: string, samples: Uint8Array, content: string, W = 16, H = 8): Uint8Array {
  const head = Buffer.from(
    '%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n' +
      `2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n` +
      `3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 ${W} ${H}] /Resources << /XObject << /Im 5 0 R >> >> /Contents 4 0 R >> endobj\n` +
      `4 0 obj << /Length ${content.length} >> stream\n${content}\nendstream endobj\n` +
      `5 0 obj << /Type /XObject /Subtype /Image ${dict} /Length ${samples.length} >> stream\n`,
    'latin1',
  );
  // no cross-reference table: pdf.js rebuilds it, as for many real-world files
  return new Uint8Array(Buffer.concat([head, Buffer.from(samples), Buffer.from('\nendstream endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1')]));
}

/** 16 × 8 pixels: the left half black, the right half white. */
const half = (x: number) => (x < 8 ? 0 : 255);

async function render(pdf: Uint8Array, opts?: RenderOptions) {
  const doc = await loadPdfDocument(pdf);
  try {
    return await renderPage(doc, 1, opts);
  } finally {
    await doc.destroy();
  }
}

describe('renderPage of a page that is one scanned image', () => {
  it('takes 8-bit RGB samples as they are', async () => {
    const rgb = new Uint8Array(16 * 8 * 3);
    for (let y = 0; y < 8; y++) for (let x = 0; x < 16; x++) rgb.set([x * 16, y * 32, half(x)], (y * 16 + x) * 3);
    const img = await render(pdfWithImage('/Width 16 /Height 8 /ColorSpace /DeviceRGB /BitsPerComponent 8', rgb, 'q 16 0 0 8 0 0 cm /Im Do Q'));
    expect([img.width, img.height]).toEqual([16, 8]);
    expect(Buffer.from(img.data).equals(Buffer.from(rgb))).toBe(true);
  });

  it('unpacks 1-bit grey (1 is white)', async () => {
    const bits = new Uint8Array(2 * 8).fill(0);
    for (let y = 0; y < 8; y++) bits[y * 2 + 1] = 0xff; // right half white
    const img = await render(pdfWithImage('/Width 16 /Height 8 /ColorSpace /DeviceGray /BitsPerComponent 1', bits, 'q 16 0 0 8 0 0 cm /Im Do Q'));
    for (const [x, y] of [[0, 0], [7, 7], [8, 0], [15, 7]] as const) expect([x, y, img.data[(y * 16 + x) * 3]]).toEqual([x, y, half(x)]);
  });

  it('renders anything else through the canvas: an image placed on part of the page', async () => {
    const grey = new Uint8Array(16 * 8).fill(0);
    // a black image in the left half of a 32 × 8 pt page, rendered at the image's scale (16 px a page width)
    const img = await render(pdfWithImage('/Width 16 /Height 8 /ColorSpace /DeviceGray /BitsPerComponent 8', grey, 'q 16 0 0 8 0 0 cm /Im Do Q', 32, 8));
    expect([img.width, img.height]).toEqual([16, 4]);
    expect(img.data[(2 * 16 + 2) * 3]).toBeLessThan(40);
    expect(img.data[(2 * 16 + 13) * 3]).toBeGreaterThan(215);
  });
});

describe('renderPage within limits.maxRenderPixels and limits.maxPdfImagePixels', () => {
  /** a 200 × 100 pt page that is one 200 × 100 px scan, its left half black */
  const scan = () => {
    const grey = new Uint8Array(200 * 100);
    for (let y = 0; y < 100; y++) grey.fill(255, y * 200 + 100, y * 200 + 200);
    return pdfWithImage('/Width 200 /Height 100 /ColorSpace /DeviceGray /BitsPerComponent 8', grey, 'q 200 0 0 100 0 0 cm /Im Do Q', 200, 100);
  };

  it('renders a page over the pixel budget at a lower scale', async () => {
    const img = await render(scan(), { maxRenderPixels: 5000 });
    expect([img.width, img.height]).toEqual([100, 50]);
    expect(img.data[(25 * 100 + 10) * 3]).toBeLessThan(40);
    expect(img.data[(25 * 100 + 90) * 3]).toBeGreaterThan(215);
  });

  it('makes a page that would come out too small to read within the budget an error naming the setting', async () => {
    await expect(render(scan(), { maxRenderPixels: 100 })).rejects.toThrow(
      'the page (200 × 100 pt) would be rendered at only 15 × 8 pixels within the limit of 100 pixels; raise limits.maxRenderPixels in settings to read it',
    );
  });

  it('says why a page is unread when pdf.js left its image out for its size', async () => {
    const doc = await openPdf(scan(), 'scan.pdf', { maxImagePixels: 10_000, maxRenderPixels: 25_000_000 });
    try {
      for await (const page of doc.pages(1)) {
        expect(page.status).toBe('needs_ocr');
        await expect(page.render!()).rejects.toThrow(
          'its image was not decoded: the PDF holds an image of 200 × 100 pixels, over the limit of 10,000 pixels; raise limits.maxPdfImagePixels in settings to read it',
        );
      }
    } finally {
      await doc.close();
    }
  });
});
