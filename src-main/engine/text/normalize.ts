/**
 * Text normalisation shared by ingestion, indexing and querying.
 * NFKC folds full-width Latin/digits, half-width kana and the Kangxi radicals some PDFs emit (⽬ → 目).
 */

const JAPANESE_CHAR = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー〆〇\u3000-\u303F\u30FB]/u;

export function isJapaneseChar(ch: string | undefined): boolean {
  return ch !== undefined && JAPANESE_CHAR.test(ch);
}

/** NFKC, unified newlines, no zero-width or soft-hyphen characters, runs of blanks collapsed. */
export function normalizeText(s: string): string {
  return s
    .normalize('NFKC')
    .replace(/\r\n?/g, '\n')
    .replace(/[\u200B-\u200D\u2060\uFEFF\u00AD]/g, '')
    .replace(/[^\S\n]+/g, ' ');
}

/**
 * How two visual lines join into running text: Japanese needs no space at a line break, Latin words do,
 * and a Latin word hyphenated across the break is rejoined. Returns the separator and whether the
 * previous line's trailing hyphen must be dropped.
 */
export function lineJoint(prev: string, next: string): { separator: string; dropHyphen: boolean } {
  const a = prev.trimEnd();
  const b = next.trimStart();
  // A URL broken across lines never takes a space; a hyphen right after '/' marks the break (dblatex
  // and others add it), while one after another character is the URL's own (…/debian-⏎faq/…).
  if (/(?:[a-z][a-z0-9+.-]*:\/\/|www\.)\S*-$/i.test(a.slice(-400)) && /^\S/.test(b)) return { separator: '', dropHyphen: a.endsWith('/-') };
  if (/[A-Za-z]{2}-$/.test(a) && /^[a-z]/.test(b)) return { separator: '', dropHyphen: true };
  // A compound broken after its hyphen (Build-Conflicts-⏎Indep) keeps the hyphen and takes no space.
  if (/[A-Za-z0-9]-$/.test(a) && /^[A-Z0-9]/.test(b)) return { separator: '', dropHyphen: false };
  if (isJapaneseChar(a.at(-1)) || isJapaneseChar(b[0])) return { separator: '', dropHyphen: false };
  if (a === '' || b === '') return { separator: '', dropHyphen: false };
  return { separator: ' ', dropHyphen: false };
}

/** Joins visual lines into one paragraph string using {@link lineJoint}. */
export function joinLines(lines: readonly string[]): string {
  let out = '';
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '') continue;
    if (out === '') {
      out = line;
      continue;
    }
    const { separator, dropHyphen } = lineJoint(out, line);
    out = (dropHyphen ? out.slice(0, -1) : out) + separator + line;
  }
  return out;
}

/** Lower-cases Latin letters without changing string length, so offsets stay valid. */
export function foldCase(s: string): string {
  let out = '';
  for (const ch of s) {
    const lower = ch.toLowerCase();
    out += lower.length === ch.length ? lower : ch;
  }
  return out;
}
