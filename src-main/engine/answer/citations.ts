/**
 * Citation markers in a generated answer: [n], ［n］, 【n】 and lists such as [1, 3] or [1][2] are
 * normalised to [n]; markers that name no given passage are removed (with the space before them).
 */

const MARKER = /(\s*)[[［【]\s*([0-9０-９]{1,3}(?:\s*[,，、・]\s*[0-9０-９]{1,3})*)\s*[\]］】]/g;

export interface VerifiedCitations {
  text: string;
  /** passage numbers cited, in order of first use */
  cited: number[];
  /** numbers the model wrote that name no passage */
  dropped: number[];
}

const toInt = (s: string) => Number(s.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0)));

export function verifyCitations(text: string, passageCount: number): VerifiedCitations {
  const cited: number[] = [];
  const dropped: number[] = [];
  const out = text.replace(MARKER, (_whole, space: string, list: string) => {
    const ns = list.split(/[,，、・]/).map((x) => toInt(x.trim()));
    const kept = ns.filter((n) => Number.isInteger(n) && n >= 1 && n <= passageCount);
    for (const n of ns) if (!kept.includes(n) && !dropped.includes(n)) dropped.push(n);
    for (const n of kept) if (!cited.includes(n)) cited.push(n);
    if (!kept.length) return '';
    return space + [...new Set(kept)].map((n) => `[${n}]`).join('');
  });
  return { text: out.trim(), cited, dropped };
}
