/** Debug drawing of OCR detection results (scripts and tests only; never shipped). */
import { createCanvas, ImageData } from '@napi-rs/canvas';
import type { PageLayout } from '../../src-main/engine/ocr/layout.js';
import type { RgbImage } from '../../src-main/engine/images/types.js';
import type { DetectedRegion } from '../../src-main/engine/ocr/types.js';

const COLOURS = ['#e6194b', '#3cb44b', '#4363d8', '#f58231', '#911eb4', '#008080'];

/** PNG of the page with the detected regions (thin grey) and the layout lines (coloured by block, numbered in reading order). */
export function drawDetection(image: RgbImage, regions: readonly DetectedRegion[], layout: PageLayout): Buffer {
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d');
  const rgba = new Uint8ClampedArray(image.width * image.height * 4);
  for (let i = 0, j = 0; i < image.data.length; i += 3, j += 4) {
    rgba[j] = image.data[i]!;
    rgba[j + 1] = image.data[i + 1]!;
    rgba[j + 2] = image.data[i + 2]!;
    rgba[j + 3] = 255;
  }
  ctx.putImageData(new ImageData(rgba, image.width, image.height), 0, 0);
  // raw regions thin grey, lines thick coloured by block, with their reading-order number
  ctx.lineWidth = 1;
  ctx.strokeStyle = 'rgba(0,0,0,0.5)';
  for (const r of regions) {
    ctx.beginPath();
    r.quad.forEach((p, i) => (i ? ctx.lineTo(p.x, p.y) : ctx.moveTo(p.x, p.y)));
    ctx.closePath();
    ctx.stroke();
  }
  ctx.lineWidth = 2;
  ctx.font = '16px sans-serif';
  layout.lines.forEach((l, n) => {
    const colour = COLOURS[l.block % COLOURS.length]!;
    ctx.strokeStyle = colour;
    ctx.beginPath();
    l.quad.forEach((p, i) => (i ? ctx.lineTo(p.x, p.y) : ctx.moveTo(p.x, p.y)));
    ctx.closePath();
    ctx.stroke();
    ctx.fillStyle = colour;
    const p = l.quad[0];
    ctx.fillText(String(n + 1), l.vertical ? p.x : Math.max(0, p.x - 26), l.vertical ? Math.max(14, p.y - 4) : p.y + 14);
  });
  return canvas.toBuffer('image/png');
}
