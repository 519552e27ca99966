/**
 * Line recogniser over tesseract.js (Tesseract 5 LSTM compiled to WASM), fully offline: traineddata is read
 * gzip-compressed from a local folder (models/ocr/tesseract) and never cached or fetched
 * (`cacheMethod: 'none'`, explicit `langPath`).
 *
 * Horizontal lines run with PSM 7 (single line) and `jpn`; vertical columns with PSM 5 (vertical block)
 * and `jpn_vert`. Each language has its own small pool of
 * workers (default 2: one per core), created on first use; crops go to whichever worker is free.
 * Images are handed over as binary PGM (grey), which Leptonica reads without an encoder round trip.
 *
 * `recognisePage` runs the same workers on a whole page (PSM 3 horizontal, PSM 5 vertical) as a baseline.
 */
import { createWorker, PSM, OEM, type Worker } from 'tesseract.js';
import type { RgbImage } from '../images/types.js';
import { toGray } from './raster.js';
import type { LineRecogniser } from './types.js';

export type TessLang = 'jpn' | 'jpn_vert';

export interface TesseractOptions {
  /** folder holding <lang>.traineddata.gz */
  langPath: string;
  /** workers per language (default 2) */
  poolSize?: number;
}

/** One line crop as grey PGM bytes, with a white margin (Tesseract reads tight crops badly). */
export function toPgm(img: RgbImage, margin = 0): Uint8Array {
  const g = toGray(img);
  const W = img.width + 2 * margin;
  const H = img.height + 2 * margin;
  const header = new TextEncoder().encode(`P5\n${W} ${H}\n255\n`);
  const out = new Uint8Array(header.length + W * H).fill(255);
  out.set(header, 0);
  for (let y = 0; y < img.height; y++) out.set(g.subarray(y * img.width, (y + 1) * img.width), header.length + (y + margin) * W + margin);
  return out;
}

class Pool {
  private readonly idle: Worker[] = [];
  private readonly waiting: ((w: Worker) => void)[] = [];
  private readonly all: Promise<Worker>[] = [];

  constructor(
    readonly lang: TessLang,
    private readonly size: number,
    private readonly langPath: string,
  ) {}

  private async spawn(): Promise<Worker> {
    const w = await createWorker(this.lang, OEM.LSTM_ONLY, { langPath: this.langPath, gzip: true, cacheMethod: 'none', cachePath: this.langPath });
    // tesseract prints statistics to stdout for some empty crops; that would corrupt the CLI's --json output
    await w.setParameters({ debug_file: '/dev/null' });
    return w;
  }

  async acquire(): Promise<Worker> {
    const w = this.idle.pop();
    if (w) return w;
    if (this.all.length < this.size) {
      const p = this.spawn();
      this.all.push(p);
      return p;
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  release(w: Worker): void {
    const next = this.waiting.shift();
    if (next) next(w);
    else this.idle.push(w);
  }

  async run<T>(fn: (w: Worker) => Promise<T>): Promise<T> {
    const w = await this.acquire();
    try {
      return await fn(w);
    } finally {
      this.release(w);
    }
  }

  async close(): Promise<void> {
    const ws = await Promise.allSettled(this.all);
    await Promise.all(ws.map((r) => (r.status === 'fulfilled' ? r.value.terminate() : undefined)));
    this.all.length = 0;
    this.idle.length = 0;
  }
}

export interface TessLineResult {
  text: string;
  confidence: number;
}

export class TesseractRecogniser implements LineRecogniser {
  readonly id = 'tesseract-jpn';
  private readonly pools = new Map<TessLang, Pool>();
  private readonly poolSize: number;
  private readonly langPath: string;
  /** the PSM last set on each worker, to skip redundant setParameters calls */
  private readonly psmOf = new WeakMap<Worker, string>();

  constructor(opts: TesseractOptions) {
    this.langPath = opts.langPath;
    this.poolSize = opts.poolSize ?? 2;
  }

  private pool(lang: TessLang): Pool {
    let p = this.pools.get(lang);
    if (!p) {
      p = new Pool(lang, this.poolSize, this.langPath);
      this.pools.set(lang, p);
    }
    return p;
  }

  private async withPsm(w: Worker, psm: PSM): Promise<void> {
    if (this.psmOf.get(w) === psm) return;
    await w.setParameters({ tessedit_pageseg_mode: psm, preserve_interword_spaces: '1' });
    this.psmOf.set(w, psm);
  }

  /** Lines with `jpn`, columns with `jpn_vert`. */
  recognise(crops: readonly RgbImage[], vertical: boolean): Promise<TessLineResult[]> {
    const pool = this.pool(vertical ? 'jpn_vert' : 'jpn');
    const psm = vertical ? PSM.SINGLE_BLOCK_VERT_TEXT : PSM.SINGLE_LINE;
    return Promise.all(
      crops.map((c) =>
        pool.run(async (w) => {
          await this.withPsm(w, psm);
          const margin = Math.max(4, Math.round(Math.min(c.width, c.height) * 0.25));
          const r = await w.recognize(Buffer.from(toPgm(c, margin)));
          return { text: r.data.text.replace(/\n+$/, '').replace(/\n/g, ''), confidence: Math.max(0, Math.min(1, r.data.confidence / 100)) };
        }),
      ),
    );
  }

  /** Full-page recognition (Tesseract's own layout analysis), for comparison. */
  async recognisePage(page: RgbImage, vertical: boolean): Promise<{ text: string; confidence: number }> {
    const pool = this.pool(vertical ? 'jpn_vert' : 'jpn');
    return pool.run(async (w) => {
      await this.withPsm(w, vertical ? PSM.SINGLE_BLOCK_VERT_TEXT : PSM.AUTO);
      const r = await w.recognize(Buffer.from(toPgm(page)));
      return { text: r.data.text, confidence: r.data.confidence / 100 };
    });
  }

  async close(): Promise<void> {
    await Promise.all([...this.pools.values()].map((p) => p.close()));
    this.pools.clear();
  }
}
