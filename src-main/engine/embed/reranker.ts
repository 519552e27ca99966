/** Cross-encoder scores for (query, passage) pairs on ONNX Runtime, batched; higher is more relevant. */
import type { ModelVariantId } from '#shared/api';
import type { ModelRegistry } from '../models/registry.js';
import { RerankerParams } from './models.js';
import { loadTextModel, runSorted, type TextModel } from './text-model.js';

export class Reranker {
  private constructor(private readonly model: TextModel<RerankerParams>) {}

  static async fromRegistry(registry: ModelRegistry, id?: string, variant?: ModelVariantId): Promise<Reranker> {
    return new Reranker(await loadTextModel(registry, 'reranker', RerankerParams, id, variant));
  }

  /** the model and its variant (`japanese-reranker-xsmall-v2@int8`) */
  get id(): string {
    return this.model.id;
  }

  get variant(): ModelVariantId {
    return this.model.variant;
  }

  get sessionInfo() {
    return this.model.loaded.info;
  }

  /** One score (the logit) per passage, in the passages' order. */
  async score(query: string, passages: readonly string[]): Promise<number[]> {
    const scores: number[] = new Array(passages.length);
    const encoded = passages.map((p) => this.model.tokenizer.encode(query, this.model.params.maxTokens, p));
    await runSorted(this.model, encoded, (idx, _batch, logits) => {
      const per = logits.data.length / idx.length;
      // one logit, or [irrelevant, relevant]: the last column is relevance
      idx.forEach((i, b) => (scores[i] = Number((logits.data as Float32Array)[b * per + per - 1])));
    });
    return scores;
  }
}
