/**
 * CTC greedy decoding for PaddleOCR recognition models: per time step take the argmax class, collapse
 * repeats, drop the blank (class 0); classes 1..N map to the dictionary lines, and PaddleOCR's
 * `use_space_char` models have one extra class after the dictionary for " ".
 */

export interface CtcDictionary {
  /** class index → character; index 0 (blank) is '' */
  readonly chars: readonly string[];
}

/**
 * Parses a PaddleOCR dictionary file: one character a line, LF or CRLF (the shipped japan_dict.txt is
 * CRLF; a stray "\r" in every class would corrupt all output), a final newline optional.
 * Class 0 is the CTC blank; `spaceLast` appends the space class.
 */
export function parseDictionary(text: string, spaceLast = true): CtcDictionary {
  const body = text.replace(/^\uFEFF/, '');
  const lines = body.split(/\r?\n/);
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  const chars = ['', ...lines];
  if (spaceLast) chars.push(' ');
  return { chars };
}

export interface CtcResult {
  text: string;
  /** probability of each emitted character (max over the collapsed run) */
  charConfidences: number[];
  /** time step of each emitted character (its most probable frame): where along the line it was read */
  charFrames: number[];
  /** mean of charConfidences; 0 for an empty result */
  confidence: number;
}

/**
 * Greedy-decodes one sequence. `probs` holds `steps × classes` softmax outputs (summing to 1) starting at `offset`
 * (so one batch output buffer can be decoded row by row without copying).
 */
export function ctcGreedyDecode(probs: ArrayLike<number>, steps: number, classes: number, dict: CtcDictionary, offset = 0): CtcResult {
  let text = '';
  const charConfidences: number[] = [];
  const charFrames: number[] = [];
  let prev = -1;
  let prevEmitted = false;
  for (let t = 0; t < steps; t++) {
    const base = offset + t * classes;
    let best = 0;
    let bestP = probs[base]!;
    // the outputs are softmax probabilities: a blank above ½ is the argmax (most steps; 18,710 classes each)
    for (let c = bestP > 0.5 ? classes : 1; c < classes; c++) {
      const p = probs[base + c]!;
      if (p > bestP) {
        bestP = p;
        best = c;
      }
    }
    if (best !== 0 && best === prev) {
      // same character continued: keep the most confident frame of the run
      const last = charConfidences.length - 1;
      if (prevEmitted && bestP > charConfidences[last]!) {
        charConfidences[last] = bestP;
        charFrames[last] = t;
      }
    } else {
      const ch = best === 0 ? undefined : dict.chars[best];
      prevEmitted = ch !== undefined;
      if (ch !== undefined) {
        text += ch;
        charConfidences.push(bestP);
        charFrames.push(t);
      }
    }
    prev = best;
  }
  const confidence = charConfidences.length ? charConfidences.reduce((a, b) => a + b, 0) / charConfidences.length : 0;
  return { text, charConfidences, charFrames, confidence };
}
