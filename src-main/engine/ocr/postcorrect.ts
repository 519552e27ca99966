/**
 * Small post-correction rules for recognised Japanese lines: look-alike characters whose script the
 * neighbours decide (ー/一, へ/ヘ, 力/カ, ロ/口, 二/ニ, エ/工, タ/夕, ト/卜), and vertical presentation forms
 * (︑︒﹁﹂…, which NFKC maps anyway but only after search normalisation) turned into the ordinary marks.
 * Each rule can be switched off; scripts/eval-ocr.ts measures them one by one for each strategy
 * (bench-results/ocr.md), and each strategy keeps those that help its recogniser (strategies.ts).
 */

export type RuleName = 'choon' | 'katakanaLookalikes' | 'kanjiLookalikes' | 'verticalForms';

export const ALL_RULES: readonly RuleName[] = ['choon', 'katakanaLookalikes', 'kanjiLookalikes', 'verticalForms'];

export interface PostCorrectOptions {
  vertical?: boolean;
  rules?: readonly RuleName[];
}

const KATA = /[\u30A1-\u30FA\u30FC]/; // katakana letters and the long-vowel mark
const HAN = /\p{Script=Han}/u;

/** katakana look-alike → the katakana (used between katakana) */
const TO_KATA: Record<string, string> = { 一: 'ー', 力: 'カ', 口: 'ロ', 二: 'ニ', 工: 'エ', 夕: 'タ', 卜: 'ト', 八: 'ハ', へ: 'ヘ', 'ｰ': 'ー', '—': 'ー', '―': 'ー', '－': 'ー' };
/** katakana → the kanji (used between kanji) */
const TO_KANJI: Record<string, string> = { ー: '一', カ: '力', ロ: '口', ニ: '二', エ: '工', タ: '夕', ト: '卜', ハ: '八' };

const VERTICAL_FORMS: Record<string, string> = {
  '︑': '、', '︒': '。', '︐': '，', '︓': '：', '︔': '；', '︕': '！', '︖': '？',
  '﹁': '「', '﹂': '」', '﹃': '『', '﹄': '』', '︵': '（', '︶': '）', '︷': '｛', '︸': '｝',
  '︹': '〔', '︺': '〕', '︻': '【', '︼': '】', '︽': '《', '︾': '》', '︿': '〈', '﹀': '〉',
  '︙': '…', '︰': '‥', '︱': 'ー', '｜': 'ー',
};

function isKata(c: string | undefined): boolean {
  return c !== undefined && KATA.test(c);
}

export function postCorrect(text: string, opts: PostCorrectOptions = {}): string {
  const rules = new Set(opts.rules ?? ALL_RULES);
  let chars = [...text];
  if (rules.has('verticalForms')) {
    chars = chars.map((c) => {
      if (c === '｜' && !opts.vertical) return c;
      return VERTICAL_FORMS[c] ?? c;
    });
  }
  const out = [...chars];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    const prev = out[i - 1];
    const next = chars[i + 1];
    if (rules.has('choon') && (c === '一' || c === 'ｰ' || c === '—' || c === '―' || c === '－')) {
      // ー after katakana (コーヒー); 一 stays among kanji and digits (一般, 第一)
      if (isKata(prev) && (next === undefined || !HAN.test(next) || isKata(chars[i + 2]))) out[i] = 'ー';
      continue;
    }
    if (rules.has('katakanaLookalikes') && c in TO_KATA && c !== '一') {
      if (isKata(prev) && isKata(next)) out[i] = TO_KATA[c]!;
      else if (c === 'へ' && isKata(prev) && (next === undefined || isKata(next))) out[i] = 'ヘ';
      continue;
    }
    if (rules.has('kanjiLookalikes') && c in TO_KANJI) {
      const p = prev !== undefined && HAN.test(prev);
      const n = next !== undefined && HAN.test(next);
      if (p && n && !isKata(prev) && !isKata(next)) out[i] = TO_KANJI[c]!;
    }
  }
  return out.join('');
}
