/**
 * Sentence embeddings on ONNX Runtime: texts get the manifest's prefix (query or passage), are tokenized
 * by the model's tokenizer, run shortest first in padded batches (text-model.ts), pooled per the manifest
 * (mean over tokens, or [CLS]) and L2-normalised.
 */
import type { ModelVariantId } from '#shared/api';
import { ModelError } from '../models/manifest.js';
import type { ModelRegistry } from '../models/registry.js';
import { EmbedderParams } from './models.js';
import { clsPool, l2Normalize, meanPool } from './pooling.js';
import { loadTextModel, runSorted, type TextModel } from './text-model.js';

export class Embedder {
  private constructor(private readonly model: TextModel<EmbedderParams>) {}

  /** The manifest's embedder, loaded (throws ModelError when files are missing or altered). */
  static async fromRegistry(registry: ModelRegistry, id?: string, variant?: ModelVariantId): Promise<Embedder> {
    return new Embedder(await loadTextModel(registry, 'embedder', EmbedderParams, id, variant));
  }

  /** the model and its variant (`ruri-v3-30m`, `ruri-v3-30m@int8`): the store's vector space is named by it */
  get id(): string {
    return this.model.id;
  }

  get variant(): ModelVariantId {
    return this.model.variant;
  }

  get params(): EmbedderParams {
    return this.model.params;
  }

  get dims(): number {
    return this.model.params.dims;
  }

  get sessionInfo() {
    return this.model.loaded.info;
  }

  embedQueries(texts: readonly string[]): Promise<Float32Array[]> {
    return this.embed(texts.map((t) => this.params.queryPrefix + t));
  }

  embedPassages(texts: readonly string[]): Promise<Float32Array[]> {
    return this.embed(texts.map((t) => this.params.passagePrefix + t));
  }

  private async embed(texts: readonly string[]): Promise<Float32Array[]> {
    const out: Float32Array[] = new Array(texts.length);
    const encoded = texts.map((t) => this.model.tokenizer.encode(t, this.params.maxTokens));
    await runSorted(this.model, encoded, (idx, batch, hidden) => {
      const dims = hidden.dims.at(-1)!;
      if (dims !== this.params.dims) throw new ModelError(`model ${this.id}: it gives ${dims} dimensions, the manifest says ${this.params.dims}`);
      const data = hidden.data as Float32Array;
      // a model that pools itself returns [batch, dims]
      const pooled = hidden.dims.length === 2;
      idx.forEach((i, b) => {
        const v = pooled ? data.slice(b * dims, (b + 1) * dims) : this.params.pooling === 'cls' ? clsPool(data, b, batch.seq, dims) : meanPool(data, batch.mask, b, batch.seq, dims);
        out[i] = l2Normalize(v);
      });
    });
    return out;
  }
}
