/**
 * The embedder and reranker of the manifest, each on when its files are present and intact, else off with
 * the reason (search degrades: lexical only, no rerank). Each runs the chosen variant (settings'
 * models.variant) when it is prepared and intact, else fp32 with a note.
 */
import type { ModelVariantId } from '#shared/api';
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
  /** why a model runs fp32 although another variant was chosen */
  variantNotes: string[];
}

/** `registry` throws when the manifest is missing or invalid: both are then off with that reason. */
export async function loadSemantic(registry: () => ModelRegistry, variant: ModelVariantId = 'fp32'): Promise<SemanticModels> {
  let models: ModelRegistry;
  try {
    models = registry();
  } catch (e) {
    return { reason: (e as Error).message, rerankerReason: (e as Error).message, variantNotes: [] };
  }
  const variantNotes: string[] = [];
  const load = async <T>(role: 'embedder' | 'reranker', make: (id: string, v: ModelVariantId) => Promise<T>): Promise<{ model?: T; reason?: string }> => {
    const m = modelOfRole(models, role);
    if (!m) return { reason: `no ${role} installed (models/manifest.json has no model with role ${role})` };
    try {
      const pick = await models.pickVariant(m.id, variant);
      if (pick.note) variantNotes.push(pick.note);
      return { model: await make(m.id, pick.variant) };
    } catch (e) {
      return { reason: (e as Error).message };
    }
  };
  const [e, r] = await Promise.all([
    load('embedder', (id, v) => Embedder.fromRegistry(models, id, v)),
    load('reranker', (id, v) => Reranker.fromRegistry(models, id, v)),
  ]);
  return { embedder: e.model, reranker: r.model, reason: e.reason, rerankerReason: r.reason, variantNotes };
}
