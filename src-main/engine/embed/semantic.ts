/**
 * The embedder and reranker of the manifest, each on when its files are present and intact, else off with
 * the reason (search degrades: lexical only, no rerank).
 */
import type { ModelRegistry } from '../models/registry.js';
import { Embedder } from './embedder.js';
import { modelOfRole } from './models.js';
import { Reranker } from './reranker.js';

export interface SemanticModels {
  embedder?: Embedder;
  reranker?: Reranker;
  /** why there is no embedder */
  reason?: string;
  /** why there is no reranker */
  rerankerReason?: string;
}

/** `registry` throws when the manifest is missing or invalid: both are then off with that reason. */
export async function loadSemantic(registry: () => ModelRegistry): Promise<SemanticModels> {
  let models: ModelRegistry;
  try {
    models = registry();
  } catch (e) {
    return { reason: (e as Error).message, rerankerReason: (e as Error).message };
  }
  const load = async <T>(role: 'embedder' | 'reranker', make: () => Promise<T>): Promise<{ model?: T; reason?: string }> => {
    const m = modelOfRole(models, role);
    if (!m) return { reason: `no ${role} installed (models/manifest.json has no model with role ${role})` };
    try {
      return { model: await make() };
    } catch (e) {
      return { reason: (e as Error).message };
    }
  };
  const [e, r] = await Promise.all([load('embedder', () => Embedder.fromRegistry(models)), load('reranker', () => Reranker.fromRegistry(models))]);
  return { embedder: e.model, reranker: r.model, reason: e.reason, rerankerReason: r.reason };
}
