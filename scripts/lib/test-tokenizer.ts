/**
 * A real BERT WordPiece tokenizer.json (Hugging Face format) over characters, for the generated test
 * models: CJK ideographs are single tokens (the normaliser isolates them), kana, Latin and punctuation
 * are characters with `##` continuations. The normaliser keeps case and accents (no lower-casing: it would
 * strip dakuten after NFD), as a Japanese model's must.
 */

const SPECIAL = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];

function range(from: number, to: number): string[] {
  return Array.from({ length: to - from + 1 }, (_, i) => String.fromCodePoint(from + i));
}

export function testTokenizer(): { tokenizer: object; config: object; vocabSize: number } {
  const ideographs = range(0x4e00, 0x9fff);
  const joined = [
    ...range(0x21, 0x7e), // ASCII
    ...range(0x3001, 0x303f), // CJK punctuation
    ...range(0x3041, 0x3096), // hiragana
    ...range(0x30a1, 0x30fc), // katakana, ー
    ...range(0xff01, 0xff5e), // full-width forms
  ];
  const tokens = [...SPECIAL, ...ideographs, ...joined, ...joined.map((c) => `##${c}`)];
  const vocab = Object.fromEntries(tokens.map((t, i) => [t, i]));
  const special = (content: string) => ({ id: vocab[content], content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true });
  const tok = (id: string, type_id: number) => ({ SpecialToken: { id, type_id } });
  const seq = (id: 'A' | 'B', type_id: number) => ({ Sequence: { id, type_id } });
  const tokenizer = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: SPECIAL.map(special),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: false, lowercase: false },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [tok('[CLS]', 0), seq('A', 0), tok('[SEP]', 0)],
      pair: [tok('[CLS]', 0), seq('A', 0), tok('[SEP]', 0), seq('B', 1), tok('[SEP]', 1)],
      special_tokens: {
        '[CLS]': { id: '[CLS]', ids: [vocab['[CLS]']], tokens: ['[CLS]'] },
        '[SEP]': { id: '[SEP]', ids: [vocab['[SEP]']], tokens: ['[SEP]'] },
      },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: { type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100, vocab },
  };
  const config = { tokenizer_class: 'BertTokenizer', model_max_length: 512, do_lower_case: false, cls_token: '[CLS]', sep_token: '[SEP]', pad_token: '[PAD]', unk_token: '[UNK]', mask_token: '[MASK]' };
  return { tokenizer, config, vocabSize: tokens.length };
}
