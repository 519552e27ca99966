/**
 * Page orientation (0/90/180/270) and text direction, decided by the recogniser: box shapes only say
 * whether lines run across or down the image (orientationCandidates); for each hypothesis a few of the
 * longest lines are cropped upright and read by PP-OCR, and the hypothesis it reads most confidently wins
 * (chooseOrientation: the likely one is accepted at once when it reads well, so an upright page costs
 * one small batch).
 *
 * PP-OCRv5/v6 read glyphs lying on their side as well as upright ones (they read 縦書き columns turned
 * counter-clockwise), so a column read under "vertical, rotation r" and a line read under "horizontal,
 * rotation r + 270" are the same pixels: the same text in the same order, and the recogniser cannot tell
 * them apart. What differs is the typesetting, which decides whether the vertical forms of 、。「」ー
 * are repaired (vertical-forms.ts): the punctuation marks tell it (markPlaces), and the page switches to
 * the other member of the pair when they clearly contradict the chosen one.
 */
import type { RgbImage } from '../images/types.js';
import { rotateQuad, type Rotation } from './geometry.js';
import { analyseLayout, LAYOUT_DEFAULTS, verticalShare } from './layout.js';
import { rotate90ccw } from './raster.js';
import { markPlaces } from './vertical-forms.js';
import type { DetectedRegion, LineRecogniser } from './types.js';
import { cropQuad, rotateImage } from './warp.js';

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
    const read = await recogniser.recognise(sample.map((l) => head(cropQuad(v.image, l.quad), c.vertical)), c.vertical, { quick: true });
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
  const typeset = typesetting(chosen, view);
  const v = view(typeset.rotation);
  return { rotation: typeset.rotation, vertical: typeset.vertical, image: v.image, regions: v.regions };
}

/** Lines whose marks are checked, the longest first. */
const MARK_LINES = 8;

/**
 * The member of the chosen hypothesis's pair (see the module comment) that the page's punctuation marks
 * agree with: marks high in the lines read left to right are a 縦書き column's (clearly: ≥ 3 and twice as
 * many as the low ones), low ones horizontal text's.
 */
function typesetting(chosen: OrientationCandidate, view: (r: Rotation) => { image: RgbImage; regions: DetectedRegion[] }): { rotation: Rotation; vertical: boolean } {
  const v = view(chosen.rotation);
  const lines = [...analyseLayout(v.regions, { vertical: chosen.vertical }).lines].sort((a, b) => length(b.quad) - length(a.quad)).slice(0, MARK_LINES);
  const strips = lines.map((l) => (l.vertical ? rotate90ccw(cropQuad(v.image, l.quad)) : cropQuad(v.image, l.quad)));
  const { high, low } = markPlaces(strips);
  const clearly = (a: number, b: number) => a >= 3 && a > 2 * b;
  if (chosen.vertical && clearly(low, high)) return { rotation: ((chosen.rotation + 270) % 360) as Rotation, vertical: false };
  if (!chosen.vertical && clearly(high, low)) return { rotation: ((chosen.rotation + 90) % 360) as Rotation, vertical: true };
  return chosen;
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

// ------------------------------------------------------------------------------------- hypotheses

export interface OrientationCandidate {
  /** clockwise rotation that makes the page upright */
  rotation: Rotation;
  /** direction of the text once upright */
  vertical: boolean;
  /** prior belief from the box geometry alone, 0..1 (candidates sum to 1) */
  prior: number;
}

/**
 * Orientation hypotheses, most likely first. Box shapes tell whether lines run across or down the image,
 * not which way is up: wide boxes are upright horizontal text (or upside down, or 縦書き turned on its side);
 * tall boxes are 縦書き columns (or horizontal text turned by 90°). A recogniser decides (`chooseOrientation`).
 */
export function orientationCandidates(regions: readonly DetectedRegion[], aspect = LAYOUT_DEFAULTS.aspect): OrientationCandidate[] {
  const share = verticalShare(regions, aspect);
  const tall = share > 0.5;
  // confidence that the boxes are tall (or wide), from how one-sided the statistics are
  const certainty = Math.abs(share - 0.5) * 2;
  const along = 0.5 + 0.5 * certainty; // weight of the "boxes as seen" reading
  const cands: OrientationCandidate[] = tall
    ? [
        { rotation: 0, vertical: true, prior: along * 0.75 },
        { rotation: 90, vertical: false, prior: along * 0.1 },
        { rotation: 270, vertical: false, prior: along * 0.1 },
        { rotation: 180, vertical: true, prior: along * 0.05 },
        { rotation: 0, vertical: false, prior: (1 - along) * 0.9 },
        { rotation: 180, vertical: false, prior: (1 - along) * 0.1 },
      ]
    : [
        { rotation: 0, vertical: false, prior: along * 0.85 },
        { rotation: 180, vertical: false, prior: along * 0.05 },
        { rotation: 90, vertical: true, prior: along * 0.05 },
        { rotation: 270, vertical: true, prior: along * 0.05 },
        { rotation: 0, vertical: true, prior: (1 - along) * 0.9 },
        { rotation: 180, vertical: true, prior: (1 - along) * 0.1 },
      ];
  return cands.filter((c) => c.prior > 0).sort((x, y) => y.prior - x.prior);
}

/** Scores a hypothesis, e.g. the mean recogniser confidence on a few lines cropped under it (0..1). */
export type OrientationScorer = (candidate: OrientationCandidate) => Promise<number>;

export interface ChooseOrientationOptions {
  /** stop at the first candidate scoring at least this (default 0.85) */
  accept?: number;
  /** try at most this many candidates (default 4) */
  maxTries?: number;
  /** the prior candidate keeps its place unless another scores this much higher (default 0.05) */
  margin?: number;
}

/**
 * Picks an orientation: candidates are scored in prior order until one reaches `accept`; otherwise the best
 * score wins (the first candidate unless another beats it by `margin`).
 */
export async function chooseOrientation(
  candidates: readonly OrientationCandidate[],
  score: OrientationScorer,
  opts: ChooseOrientationOptions = {},
): Promise<{ chosen: OrientationCandidate; scores: { candidate: OrientationCandidate; score: number }[] }> {
  const accept = opts.accept ?? 0.85, maxTries = opts.maxTries ?? 4, margin = opts.margin ?? 0.05;
  if (candidates.length === 0) throw new Error('no orientation candidates');
  const scores: { candidate: OrientationCandidate; score: number }[] = [];
  for (const c of candidates.slice(0, maxTries)) {
    const s = await score(c);
    scores.push({ candidate: c, score: s });
    if (s >= accept) return { chosen: c, scores };
  }
  let best = scores[0]!;
  for (const s of scores.slice(1)) if (s.score > best.score + margin) best = s;
  return { chosen: best.candidate, scores };
}

/** Regions of a width × height page in the coordinates of the page rotated clockwise by `rotation`. */
export function rotateRegions(regions: readonly DetectedRegion[], rotation: Rotation, width: number, height: number): DetectedRegion[] {
  return regions.map((r) => ({ ...r, quad: rotateQuad(r.quad, rotation, width, height) }));
}
