/**
 * What the engine checks when it starts (`start()`, once per launch): every model file against its sha256,
 * then the OCR models made ready. Problems are reported, never thrown: the engine works without models.
 */
import type { DamagedModelFile, StartupReport } from '#shared/api';
import type { ModelRegistry } from './models/registry.js';
import type { OcrState } from './ocr-runtime.js';

/** `models` throws when the manifest is missing or invalid (reported as the one problem). */
export async function startUp(models: () => ModelRegistry, pageOcr: () => Promise<OcrState>): Promise<StartupReport> {
  const t0 = performance.now();
  let problems: string[];
  let damaged: DamagedModelFile[] = [];
  try {
    const checks = await models().verify();
    problems = checks.flatMap((c) => c.problems);
    damaged = checks.flatMap((c) => c.files.flatMap((f) => (f.status === 'present' || !f.restore ? [] : [{ model: c.id, path: f.path, status: f.status, restore: f.restore }])));
  } catch (e) {
    problems = [(e as Error).message];
  }
  const t1 = performance.now();
  const { models: ocrModels, strategy, reason, fallback } = await pageOcr();
  let ocrReason = reason ?? null;
  if (ocrModels && strategy) await ocrModels.warm(strategy).catch((e: unknown) => (ocrReason = `the OCR models could not be loaded: ${(e as Error).message}`));
  const t2 = performance.now();
  const ocr = { ready: ocrReason === null, reason: ocrReason, strategy: strategy?.id ?? null, fallback: fallback ?? null };
  return { problems, damaged, ocr, ms: { verify: t1 - t0, ocr: t2 - t1, total: t2 - t0 } };
}
