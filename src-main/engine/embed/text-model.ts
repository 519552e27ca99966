/**
 * What the embedder and the reranker share: loading a tokenizer + ONNX encoder of a manifest role, and
 * running token sequences through it sorted by length in batches padded to their longest item.
 */
import type { z } from 'zod';
import type { ModelVariantId } from '#shared/api';
import { ModelError, variantModelId } from '../models/manifest.js';
import type { LoadedSession } from '../models/onnx-session.js';
import { ort } from '../models/onnx-session.js';
import type { ModelRegistry } from '../models/registry.js';
import { fileNamed, modelOfRole, params } from './models.js';
import { ModelTokenizer, type TokenBatch } from './tokenizer.js';

export interface TextModel<P> {
  /** the manifest id, with the variant when it is not fp32 (`ruri-v3-30m@int8`): vectors of two variants are two spaces */
  id: string;
  variant: ModelVariantId;
  params: P;
  loaded: LoadedSession;
  tokenizer: ModelTokenizer;
}

/**
 * The manifest's model of a role (or the one named), with the given variant's weights, loaded; ModelError
 * when files are missing or altered.
 */
export async function loadTextModel<S extends z.ZodType>(registry: ModelRegistry, role: 'embedder' | 'reranker', schema: S, id = modelOfRole(registry, role)?.id, variant: ModelVariantId = 'fp32'): Promise<TextModel<z.infer<S>>> {
  if (!id) throw new ModelError(`no ${role} in the model manifest`);
  const m = registry.model(id);
  const p = params(schema, m);
  const tokenizerFile = fileNamed(registry, m, 'tokenizer.json');
  if (!tokenizerFile) throw new ModelError(`model ${id}: the manifest lists no tokenizer.json`);
  const loaded = await registry.onnxLoaded(id, variant);
  return { id: variantModelId(id, variant), variant, params: p, loaded, tokenizer: new ModelTokenizer(tokenizerFile, fileNamed(registry, m, 'tokenizer_config.json')) };
}

/**
 * Runs every token sequence through the model, shortest first in batches of `batchSize`; `take` gets the
 * original indexes of a batch, the batch and the model's first output.
 */
export async function runSorted(model: TextModel<{ batchSize: number }>, encoded: readonly number[][], take: (idx: number[], batch: TokenBatch, output: ort.Tensor) => void): Promise<void> {
  const order = encoded.map((_, i) => i).sort((a, b) => encoded[a]!.length - encoded[b]!.length);
  const session = model.loaded.session;
  for (let start = 0; start < order.length; start += model.params.batchSize) {
    const idx = order.slice(start, start + model.params.batchSize);
    const batch = model.tokenizer.batch(idx.map((i) => encoded[i]!));
    const shape = [idx.length, batch.seq];
    const result = await session.run({ input_ids: new ort.Tensor('int64', batch.ids, shape), attention_mask: new ort.Tensor('int64', batch.mask, shape) });
    take(idx, batch, result[session.outputNames[0]!]!);
  }
}
