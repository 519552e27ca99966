/**
 * A model's own tokenizer (tokenizer.json + tokenizer_config.json beside it) through the maintained
 * @huggingface/tokenizers; batches are padded to their longest item and truncated at the model's limit.
 */
import fs from 'node:fs';
import { Tokenizer } from '@huggingface/tokenizers';

export interface TokenBatch {
  ids: BigInt64Array;
  mask: BigInt64Array;
  /** tokens per item before padding */
  lengths: number[];
  seq: number;
}

export class ModelTokenizer {
  private readonly tokenizer: Tokenizer;
  private readonly padId: number;

  constructor(tokenizerJson: string, configJson: string | null) {
    const json = JSON.parse(fs.readFileSync(tokenizerJson, 'utf8')) as { added_tokens?: { id: number; content: string }[] };
    const config = configJson ? (JSON.parse(fs.readFileSync(configJson, 'utf8')) as { pad_token?: string }) : {};
    this.tokenizer = new Tokenizer(json, config);
    const pad = config.pad_token ?? '[PAD]';
    this.padId = json.added_tokens?.find((t) => t.content === pad || t.content === '<pad>')?.id ?? 0;
  }

  /** Token ids of one text (or a text pair), special tokens included, cut to maxTokens keeping the end token. */
  encode(text: string, maxTokens: number, pair?: string): number[] {
    const ids = this.tokenizer.encode(text, pair === undefined ? {} : { text_pair: pair }).ids;
    return ids.length <= maxTokens ? ids : [...ids.slice(0, maxTokens - 1), ids.at(-1)!];
  }

  batch(items: number[][]): TokenBatch {
    const seq = Math.max(1, ...items.map((x) => x.length));
    const ids = new BigInt64Array(items.length * seq).fill(BigInt(this.padId));
    const mask = new BigInt64Array(items.length * seq);
    items.forEach((x, b) => {
      x.forEach((id, t) => {
        ids[b * seq + t] = BigInt(id);
        mask[b * seq + t] = 1n;
      });
    });
    return { ids, mask, lengths: items.map((x) => x.length), seq };
  }
}
