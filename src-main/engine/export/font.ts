/**
 * The font of the invisible text layer: Noto Sans JP Regular (SIL OFL 1.1, so it may be embedded and
 * redistributed), from @expo-google-fonts/noto-sans-jp. That package ships Google Fonts' static TTFs
 * (TrueType outlines), which fontkit subsets reliably; Noto's CFF (OTF) builds are what fontkit's
 * subsetter handles poorly. The installer keeps only this one weight (electron-builder.yml).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const PACKAGE = '@expo-google-fonts/noto-sans-jp';
export const FONT_FILE = path.join(path.dirname(createRequire(import.meta.url).resolve(`${PACKAGE}/package.json`)), '400Regular', 'NotoSansJP_400Regular.ttf');
export const FONT_NAME = 'NotoSansJP-Regular';

let bytes: Promise<Buffer> | undefined;

/** The TTF's bytes, read once per process. */
export function fontBytes(): Promise<Buffer> {
  return (bytes ??= fs.promises.readFile(FONT_FILE));
}

/**
 * The font's name in the PDF: a subset is named "ABCDEF+Name" (PDF 32000 9.6.4), six capitals that
 * differ between subsets; they are taken from the text so the same document gives the same bytes.
 */
export function subsetName(text: string): string {
  const digest = createHash('sha256').update(text).digest();
  const tag = Array.from(digest.subarray(0, 6), (b) => String.fromCharCode(65 + (b % 26))).join('');
  return `${tag}+${FONT_NAME}`;
}
