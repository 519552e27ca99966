/**
 * Sentence embeddings on ONNX Runtime: texts get the manifest's prefix (query or passage), are tokenized
 * by the model's tokenizer, sorted by length and run in batches padded to their longest item (little
 * padding wasted), pooled per the manifest (mean over tokens, or [CLS]) and L2-normalised.
 */
import type { LoadedSession } from '../models/onnx-session.js';
import { ort } from '../models/onnx-session.js';
import { ModelError } from '../models/manifest.js';
import type { ModelRegistry } from '../models/registry.js';
import { EmbedderParams, fileNamed, modelOfRole, params } from './models.js';
import { clsPool, l2Normalize, meanPool } from './pooling.js';
import { ModelTokenizer } from './tokenizer.js';

export class Embedder {
  private constructor(
    readonly id: string,
    readonly params: EmbedderParams,
    private readonly loaded: LoadedSession,
    private readonly tokenizer: ModelTokenizer,
  ) {}

  /** The manifest's embedder, loaded (throws ModelError when files are missing or altered). */
  static async fromRegistry(registry: ModelRegistry, id = modelOfRole(registry, 'embedder')?.id): Promise<Embedder> {
    if (!id) throw new ModelError('no embedder in the model manifest');
    const m = registry.model(id);
    const p = params(EmbedderParams, m);
    const tokenizerFile = fileNamed(registry, m, 'tokenizer.json');
    if (!tokenizerFile) throw new ModelError(`model ${id}: the manifest lists no tokenizer.json`);
    const loaded = await registry.onnxLoaded(id);
    return new Embedder(id, p, loaded, new ModelTokenizer(tokenizerFile, fileNamed(registry, m, 'tokenizer_config.json')));
  }

  get dims(): number {
    return this.params.dims;
  }

  get sessionInfo() {
    return this.loaded.info;
  }

  embedQueries(texts: readonly string[]): Promise<Float32Array[]> {
    return this.embed(texts.map((t) => this.params.queryPrefix + t));
  }

  embedPassages(texts: readonly string[]): Promise<Float32Array[]> {
    return this.embed(texts.map((t) => this.params.passagePrefix + t));
  }

  private async embed(texts: readonly string[]): Promise<Float32Array[]> {
    const encoded = texts.map((t) => this.tokenizer.encode(t, this.params.maxTokens));
    const order = encoded.map((_, i) => i).sort((a, b) => encoded[a]!.length - encoded[b]!.length);
    const out: Float32Array[] = new Array(texts.length);
    const session = this.loaded.session;
    for (let start = 0; start < order.length; start += this.params.batchSize) {
      const idx = order.slice(start, start + this.params.batchSize);
      const batch = this.tokenizer.batch(idx.map((i) => encoded[i]!));
      const shape = [idx.length, batch.seq];
      const result = await session.run({ input_ids: new ort.Tensor('int64', batch.ids, shape), attention_mask: new ort.Tensor('int64', batch.mask, shape) });
      const hidden = result[session.outputNames[0]!]!;
      const dims = hidden.dims.at(-1)!;
      if (dims !== this.params.dims) throw new ModelError(`model ${this.id}: it gives ${dims} dimensions, the manifest says ${this.params.dims}`);
      const data = hidden.data as Float32Array;
      // a model that pools itself returns [batch, dims]
      const pooled = hidden.dims.length === 2;
      idx.forEach((i, b) => {
        const v = pooled ? data.slice(b * dims, (b + 1) * dims) : this.params.pooling === 'cls' ? clsPool(data, b, batch.seq, dims) : meanPool(data, batch.mask, b, batch.seq, dims);
        out[i] = l2Normalize(v);
      });
    }
    return out;
  }
}
