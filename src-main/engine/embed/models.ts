/**
 * The embedder and reranker of models/manifest.json (roles `embedder`, `reranker`): their parameters
 * (validated) and files, found by name: model.onnx (or any .onnx), tokenizer.json, tokenizer_config.json.
 */
import path from 'node:path';
import { z } from 'zod';
import { ModelError, type ModelEntry } from '../models/manifest.js';
import type { ModelRegistry } from '../models/registry.js';

export const EmbedderParams = z.object({
  dims: z.number().int().positive(),
  pooling: z.enum(['mean', 'cls']).default('mean'),
  maxTokens: z.number().int().min(8).default(512),
  /** ruri-v3: 「検索クエリ: 」 and 「検索文書: 」 */
  queryPrefix: z.string().default(''),
  passagePrefix: z.string().default(''),
  /**
   * items per session.run. Measured on 2 cores with the bench model and 400-character chunks: 1 → 19.3,
   * 4 → 23.2, 16 → 21.4 chunks/s (bigger batches pad more and gain nothing from threads already busy)
   */
  batchSize: z.number().int().positive().default(4),
});
export type EmbedderParams = z.infer<typeof EmbedderParams>;

export const RerankerParams = z.object({
  maxTokens: z.number().int().min(8).default(512),
  /** pairs per session.run; measured (top 20, bench model): 1 → 802, 4 → 834, 8 → 883, 20 → 1,084 ms */
  batchSize: z.number().int().positive().default(1),
});
export type RerankerParams = z.infer<typeof RerankerParams>;

/** The first intact-looking model of a role in the manifest (whether its files verify is checked on load). */
export function modelOfRole(registry: ModelRegistry, role: 'embedder' | 'reranker'): ModelEntry | undefined {
  return registry.manifest.models.find((m) => m.role === role);
}

export function params<T extends z.ZodType>(schema: T, m: ModelEntry): z.infer<T> {
  const r = schema.safeParse(m.params);
  if (!r.success) throw new ModelError(`model ${m.id}: invalid params in the manifest: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return r.data;
}

/** Absolute path of the model's file with this base name, or null. */
export function fileNamed(registry: ModelRegistry, m: ModelEntry, name: string): string | null {
  const i = m.files.findIndex((f) => path.posix.basename(f.path) === name);
  return i < 0 ? null : registry.filePath(m.id, i);
}
