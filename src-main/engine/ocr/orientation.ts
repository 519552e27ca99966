/**
 * Page orientation (0/90/180/270) and text direction, decided by the recogniser: box shapes only say
 * whether lines run across or down the image (layout.ts orientationCandidates); for each hypothesis a
 * few of the longest lines are cropped upright and read by PP-OCR, and the hypothesis it reads most
 * confidently wins (layout.ts chooseOrientation: the likely one is accepted at once when it reads well,
 * so an upright page costs one small batch).
 */
import type { Rotation } from './geometry.js';
import { cropQuad, rotateImage } from './image.js';
import { analyseLayout, chooseOrientation, orientationCandidates, rotateRegions, type OrientationCandidate } from './layout.js';
import type { DetectedRegion, LineRecogniser, RgbImage } from './types.js';

/** Lines read per hypothesis, each cut to its first ~ASPECT characters' length (speed: a page costs ~0.1 s). */
const SAMPLE_LINES = 4;
const ASPECT = 12;

export interface Oriented {
  rotation: Rotation;
  vertical: boolean;
  image: RgbImage;
  regions: DetectedRegion[];
}

export async function orientPage(image: RgbImage, regions: readonly DetectedRegion[], recogniser: LineRecogniser): Promise<Oriented> {
  const upright = { rotation: 0 as Rotation, vertical: false, image, regions: [...regions] };
  if (regions.length === 0) return upright;
  const rotated = new Map<Rotation, { image: RgbImage; regions: DetectedRegion[] }>();
  const view = (rotation: Rotation) => {
    let v = rotated.get(rotation);
    if (!v) {
      v = rotation === 0 ? { image, regions: [...regions] } : { image: rotateImage(image, rotation), regions: rotateRegions(regions, rotation, image.width, image.height) };
      rotated.set(rotation, v);
    }
    return v;
  };
  const score = async (c: OrientationCandidate): Promise<number> => {
    const v = view(c.rotation);
    const lines = analyseLayout(v.regions, { vertical: c.vertical }).lines;
    const sample = [...lines].sort((a, b) => length(b.quad) - length(a.quad)).slice(0, SAMPLE_LINES);
    if (!sample.length) return 0;
    const read = await recogniser.recognise(sample.map((l) => head(cropQuad(v.image, l.quad), c.vertical)), c.vertical);
    // confidence weighted by text length, so a confidently read short fragment does not decide the page
    let num = 0;
    let den = 0;
    for (const r of read) {
      const n = [...r.text.replace(/\s/g, '')].length;
      num += r.confidence * n;
      den += n;
    }
    return den ? num / den : 0;
  };
  const { chosen } = await chooseOrientation(orientationCandidates(regions), score);
  const v = view(chosen.rotation);
  return { rotation: chosen.rotation, vertical: chosen.vertical, image: v.image, regions: v.regions };
}

/** The start of a line crop: its left part (horizontal) or top part (vertical column), at most ASPECT × its thickness. */
function head(img: RgbImage, vertical: boolean): RgbImage {
  if (!vertical) {
    const w = Math.min(img.width, Math.ceil(img.height * ASPECT));
    if (w === img.width) return img;
    const data = new Uint8Array(w * img.height * 3);
    for (let y = 0; y < img.height; y++) data.set(img.data.subarray(y * img.width * 3, (y * img.width + w) * 3), y * w * 3);
    return { width: w, height: img.height, data };
  }
  const h = Math.min(img.height, Math.ceil(img.width * ASPECT));
  return h === img.height ? img : { width: img.width, height: h, data: img.data.slice(0, img.width * h * 3) };
}

function length(q: { x: number; y: number }[]): number {
  return Math.max(Math.hypot(q[1]!.x - q[0]!.x, q[1]!.y - q[0]!.y), Math.hypot(q[3]!.x - q[0]!.x, q[3]!.y - q[0]!.y));
}
