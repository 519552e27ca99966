/**
 * The OCR models of a strategy, loaded through the model registry (sha256-verified, ONNX sessions shared,
 * CUDA → CPU recorded, released by the registry) and reused for every page. Tesseract workers are this
 * object's own: close() ends them.
 */
import path from 'node:path';
import type { ModelRegistry } from '../models/registry.js';
import { detectorParamsFromManifest, TextDetector } from './detector.js';
import { PpocrRecogniser } from './recognise-ppocr.js';
import { TesseractRecogniser } from './recognise-tesseract.js';
import { strategyModels, type OcrStrategy } from './strategies.js';
import { loadClipper } from './unclip.js';

export class OcrModels {
  private readonly detectors = new Map<string, Promise<TextDetector>>();
  private readonly recognisers = new Map<string, Promise<PpocrRecogniser>>();
  private tess?: TesseractRecogniser;

  constructor(readonly registry: ModelRegistry) {}

  detector(s: OcrStrategy): Promise<TextDetector> {
    const key = `${s.detector}|${JSON.stringify(s.detect ?? {})}`;
    let d = this.detectors.get(key);
    if (!d) {
      d = Promise.all([this.registry.onnxLoaded(s.detector), loadClipper()]).then(([loaded, clipper]) =>
        TextDetector.fromSession(loaded, clipper, detectorParamsFromManifest(this.registry.model(s.detector).params), s.detect),
      );
      this.detectors.set(key, d);
      d.catch(() => this.detectors.delete(key));
    }
    return d;
  }

  /** The strategy's PP-OCR recogniser (model file 0, dictionary file 1). */
  recogniser(s: OcrStrategy): Promise<PpocrRecogniser> {
    const id = s.recogniser;
    if (!id) return Promise.reject(new Error(`OCR strategy ${s.id} has no line recogniser`));
    const key = `${id}|${JSON.stringify(s.read ?? {})}`;
    let r = this.recognisers.get(key);
    if (!r) {
      r = this.registry.onnxLoaded(id).then((loaded) => new PpocrRecogniser(loaded, { id, dictPath: this.registry.filePath(id, 1), read: s.read }));
      this.recognisers.set(key, r);
      r.catch(() => this.recognisers.delete(key));
    }
    return r;
  }

  tesseract(): TesseractRecogniser {
    this.tess ??= new TesseractRecogniser({ langPath: path.dirname(this.registry.filePath('tesseract-jpn', 0)) });
    return this.tess;
  }

  /** Verifies the strategy's model files; the problems (path and fix) of those missing or altered. */
  async problems(s: OcrStrategy): Promise<string[]> {
    const checks = await this.registry.verify(strategyModels(s));
    return checks.flatMap((c) => (c.status === 'present' ? [] : c.problems));
  }

  /** Loads what the strategy reads with, ahead of the first page (tesseract workers start on a blank line). */
  async warm(s: OcrStrategy): Promise<void> {
    const blank = { width: 200, height: 48, data: new Uint8Array(200 * 48 * 3).fill(255) };
    await Promise.all([
      this.detector(s),
      s.recogniser ? this.recogniser(s) : undefined,
      s.lines !== 'ppocr' || s.columns !== 'ppocr' ? this.tesseract().recognise([blank], false) : undefined,
    ]);
  }

  async close(): Promise<void> {
    await this.tess?.close();
    this.tess = undefined;
  }
}
