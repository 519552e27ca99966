/** Detected boxes for the layout and orientation tests. */
import { normaliseRect, rectCorners } from './geometry.js';
import type { DetectedRegion } from './types.js';

export interface Named extends DetectedRegion {
  name: string;
}

/**
 * A box with top-left (x, y), width w, height h on a page rotated by `skewDeg` about (0, 0) (a skewed
 * scan: every box is rotated the same way, positions too).
 */
export function box(name: string, x: number, y: number, w: number, h: number, skewDeg = 0): Named {
  const a = (skewDeg * Math.PI) / 180;
  const cx0 = x + w / 2, cy0 = y + h / 2;
  const center = { x: cx0 * Math.cos(a) - cy0 * Math.sin(a), y: cx0 * Math.sin(a) + cy0 * Math.cos(a) };
  return { name, score: 0.9, quad: rectCorners(normaliseRect(center, w, h, a)) };
}
