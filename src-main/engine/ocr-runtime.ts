/**
 * OCR as the engine runs it: the strategy for pages without a text layer, decided at first use and again
 * after the setting changes, and the `ocr` method (a file read by OCR without indexing it).
 */
import fs from 'node:fs';
import path from 'node:path';
import { OcrRequest, type CallContext, type LimitsSettings, type OcrPageOutput, type OcrStrategyId } from '#shared/api';
import { fsReason } from './documents/files.js';
import { pageImages } from './documents/page-images.js';
import { readInput } from './documents/read-input.js';
import { InputError } from './documents/types.js';
import { ApiError } from './errors.js';
import type { RgbImage } from './images/types.js';
import type { PageOcr } from './jobs/ingest.js';
import type { ModelRegistry } from './models/registry.js';
import { OcrModels } from './ocr/models.js';
import { ocrPageText, quadToBox } from './ocr/page-text.js';
import { ocrImage } from './ocr/pipeline.js';
import { fallbackOrder, OCR_STRATEGIES, type OcrStrategy } from './ocr/strategies.js';

/** OCR as decided at first use: the strategy that runs, or why none can. */
export interface OcrState {
  run?: PageOcr;
  models?: OcrModels;
  strategy?: OcrStrategy;
  /** no strategy has its models: the problems of the chosen one */
  reason?: string;
  /** the chosen strategy could not run and another did: why */
  fallback?: string;
}

export class OcrRuntime {
  private state?: Promise<OcrState>;
  /** the strategy in settings when `state` was decided */
  private decidedFor?: OcrStrategyId;

  /** `models` throws when the manifest is missing or invalid; `chosen` is the strategy in settings, `limits` its limits. */
  constructor(private readonly deps: { models: () => ModelRegistry; chosen: () => OcrStrategyId; limits: () => LimitsSettings }) {}

  /**
   * OCR for pages without a text layer, decided once: the strategy in settings when its model files are
   * present and intact, else the next one that has them (the reason kept), else off with the reason
   * (those pages are stored as "needs OCR" and can be OCRed later). Decided again when the setting has
   * changed since, here or in another process sharing the settings file (the CLI beside `serve`).
   */
  pageOcr(): Promise<OcrState> {
    const chosen = this.deps.chosen();
    if (this.state && chosen !== this.decidedFor) this.reset();
    this.decidedFor = chosen;
    this.state ??= (async (): Promise<OcrState> => {
      let models: OcrModels;
      try {
        models = new OcrModels(this.deps.models());
      } catch (e) {
        return { reason: (e as Error).message };
      }
      let first: string[] | undefined;
      for (const strategy of fallbackOrder(chosen)) {
        const problems = await models.problems(strategy).catch((e: unknown) => [(e as Error).message]);
        first ??= problems;
        if (problems.length) continue;
        const fallback = strategy.id === chosen ? undefined : `OCR strategy ${chosen} cannot run (${first.join('; ')}); using ${strategy.id}`;
        return { models, strategy, fallback, run: (image: RgbImage, signal?: AbortSignal) => ocrImage(image, { models, strategy, signal }) };
      }
      await models.close();
      return { reason: first!.join('; ') };
    })();
    return this.state;
  }

  /** The strategy setting changed: the next page is read with the new one, and the old one's tesseract workers end. */
  private reset(): void {
    this.close();
    this.state = undefined;
  }

  async ocr(req: OcrRequest, { emit: onPage = () => {}, signal }: CallContext<OcrPageOutput> = {}): Promise<OcrPageOutput[]> {
    const { path: file, strategy: chosen } = OcrRequest.parse(req);
    const state = await this.pageOcr();
    const models = state.models;
    if (!models || !state.strategy) throw new ApiError('ocr-unavailable', { reason: state.reason ?? '' });
    const strategy = chosen ? OCR_STRATEGIES[chosen] : state.strategy;
    if (chosen) {
      const problems = await models.problems(strategy);
      if (problems.length) throw new ApiError('ocr-unavailable', { reason: `strategy ${chosen} cannot run: ${problems.join('; ')}` });
    }
    const limits = this.deps.limits();
    let bytes: Buffer;
    try {
      // only a regular file: /dev/zero would read without end, a FIFO would block a thread for good
      if (!(await fs.promises.stat(file)).isFile()) throw new ApiError('bad-file', { reason: `${file} is not a regular file` });
      const { data } = await readInput(file, limits);
      bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    } catch (e) {
      if (e instanceof ApiError || e instanceof InputError) throw e;
      throw new ApiError('file-unreadable', { title: path.basename(file), path: file, reason: fsReason(e) });
    }
    const out: OcrPageOutput[] = [];
    for await (const { pageNo, pages, image } of pageImages(bytes, file, { limits })) {
      if (signal?.aborted) break;
      const r = await ocrImage(image, { models, strategy });
      const laid = ocrPageText(r.lines, r.width, r.height);
      const page: OcrPageOutput = {
        pageNo,
        pages,
        width: r.width,
        height: r.height,
        strategy: strategy.id,
        text: laid.text,
        lines: r.lines.map((l) => ({ text: l.text, confidence: l.confidence, vertical: l.vertical, recogniser: l.recogniser, box: quadToBox(l.quad, r.width, r.height), quad: l.quad })),
        ms: r.ms,
      };
      onPage(page);
      out.push(page);
    }
    return out;
  }

  /** Sessions still loading are released when they finish. */
  close(): void {
    void this.state?.then((o) => o.models?.close());
  }
}
