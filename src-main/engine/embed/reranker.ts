/** Cross-encoder scores for (query, passage) pairs on ONNX Runtime, batched; higher is more relevant. */
import type { LoadedSession } from '../models/onnx-session.js';
import { ort } from '../models/onnx-session.js';
import { ModelError } from '../models/manifest.js';
import type { ModelRegistry } from '../models/registry.js';
import { fileNamed, modelOfRole, params, RerankerParams } from './models.js';
import { ModelTokenizer } from './tokenizer.js';

export class Reranker {
  private constructor(
    readonly id: string,
    readonly params: RerankerParams,
    private readonly loaded: LoadedSession,
    private readonly tokenizer: ModelTokenizer,
  ) {}

  static async fromRegistry(registry: ModelRegistry, id = modelOfRole(registry, 'reranker')?.id): Promise<Reranker> {
    if (!id) throw new ModelError('no reranker in the model manifest');
    const m = registry.model(id);
    const p = params(RerankerParams, m);
    const tokenizerFile = fileNamed(registry, m, 'tokenizer.json');
    if (!tokenizerFile) throw new ModelError(`model ${id}: the manifest lists no tokenizer.json`);
    const loaded = await registry.onnxLoaded(id);
    return new Reranker(id, p, loaded, new ModelTokenizer(tokenizerFile, fileNamed(registry, m, 'tokenizer_config.json')));
  }

  get sessionInfo() {
    return this.loaded.info;
  }

  /** One score (the logit) per passage, in the passages' order. */
  async score(query: string, passages: readonly string[]): Promise<number[]> {
    const encoded = passages.map((p) => this.tokenizer.encode(query, this.params.maxTokens, p));
    const order = encoded.map((_, i) => i).sort((a, b) => encoded[a]!.length - encoded[b]!.length);
    const scores: number[] = new Array(passages.length);
    const session = this.loaded.session;
    for (let start = 0; start < order.length; start += this.params.batchSize) {
      const idx = order.slice(start, start + this.params.batchSize);
      const batch = this.tokenizer.batch(idx.map((i) => encoded[i]!));
      const shape = [idx.length, batch.seq];
      const result = await session.run({ input_ids: new ort.Tensor('int64', batch.ids, shape), attention_mask: new ort.Tensor('int64', batch.mask, shape) });
      const logits = result[session.outputNames[0]!]!;
      const per = logits.data.length / idx.length;
      // one logit, or [irrelevant, relevant]: the last column is relevance
      idx.forEach((i, b) => (scores[i] = Number((logits.data as Float32Array)[b * per + per - 1])));
    }
    return scores;
  }
}
