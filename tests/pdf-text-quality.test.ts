/**
 * Text-layer quality on a real born-digital Japanese PDF: the page text we store, compared with the
 * PDF's own text layer as pdftotext prints it (../shared/eval/ocr/maintguide/gt/pNN.txt, NN = PDF page).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evalDir } from '../scripts/lib/paths.js';
import { Engine } from '../src-main/engine/engine.js';

const pdfPath = path.join(evalDir, 'pdf', 'maint-guide.ja.pdf');
const gtDir = path.join(evalDir, 'ocr', 'maintguide', 'gt');

/** Per-page CER ceiling. Measured 0.00 % on all ten pages; a few characters of slack per page. */
const MAX_PAGE_CER = 0.005;

const RUNNING_HEADER = /^Debian 新メンテナーガイド$/;
const RUNNING_FOOTER = /^\d+ \/ \d+$/;
const JAPANESE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー]/u;

/** CER convention of ../shared/eval/README.md: NFKC, all whitespace removed, per code point. */
const cerForm = (s: string) => [...s.normalize('NFKC').replace(/\s+/gu, '')];

function levenshtein(a: readonly string[], b: readonly string[]): number {
  let prev = Int32Array.from({ length: b.length + 1 }, (_, j) => j);
  let cur = new Int32Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    [prev, cur] = [cur, prev];
  }
  return prev[b.length]!;
}

/** Display width of a gt line: full-width characters count 2. */
const width = (s: string) => [...s].reduce((w, ch) => w + (/[\u3000-\u9fff\uff00-\uffef]/u.test(ch) ? 2 : 1), 0);

interface GtPage {
  pageNo: number;
  /** the gt lines without the running header and footer */
  lines: string[];
}

const gtPages: GtPage[] = fs
  .readdirSync(gtDir)
  .filter((f) => /^p\d+\.txt$/.test(f))
  .sort()
  .map((f) => ({
    pageNo: Number(f.slice(1, -4)),
    lines: fs
      .readFileSync(path.join(gtDir, f), 'utf8')
      .split('\n')
      .filter((l) => !RUNNING_HEADER.test(l.trim()) && !RUNNING_FOOTER.test(l.trim())),
  }));

describe('PDF text layer quality (maint-guide.ja.pdf)', () => {
  let tmp: string;
  const stored = new Map<number, string>();

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'docsearch-pdfq-'));
    const dbPath = path.join(tmp, 'store.db');
    const engine = new Engine({ dbPath });
    try {
      const summary = await engine.ingest({ paths: [pdfPath] });
      expect(summary.files).toHaveLength(1);
      expect(summary.files[0]).toMatchObject({ outcome: 'indexed', pages: 69, pagesNeedingOcr: 0 });
    } finally {
      engine.close();
    }
    const db = new Database(dbPath, { readonly: true });
    for (const r of db.prepare(`SELECT page_no, text FROM pages`).all() as { page_no: number; text: string }[]) stored.set(r.page_no, r.text);
    db.close();
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('has ground truth for the expected pages, named by PDF page number', () => {
    expect(gtPages.map((p) => p.pageNo)).toEqual([7, 9, 13, 14, 15, 17, 19, 22, 28, 58]);
    // page 7 is the first page of chapter 1, whose footer reads "1 / 63"
    expect(stored.get(7)).toMatch(/^Chapter 1\nまずは正攻法で始めよう\n/);
  });

  it('matches the PDF text layer with a small character error rate on every page', () => {
    const results = gtPages.map((p) => {
      const ref = cerForm(p.lines.join('\n'));
      const hyp = cerForm(stored.get(p.pageNo) ?? '');
      const edits = levenshtein(hyp, ref);
      return { page: p.pageNo, refChars: ref.length, edits, cer: edits / ref.length };
    });
    const totalEdits = results.reduce((s, r) => s + r.edits, 0);
    const totalChars = results.reduce((s, r) => s + r.refChars, 0);
    console.log(
      'maint-guide.ja.pdf text-layer CER per page:\n' +
        results.map((r) => `  p${String(r.page).padStart(2, '0')}  ${(r.cer * 100).toFixed(2)} %  (${r.edits} / ${r.refChars})`).join('\n') +
        `\n  all  ${((totalEdits / totalChars) * 100).toFixed(2)} %  (${totalEdits} / ${totalChars})`,
    );
    for (const r of results) expect(r.cer, `page ${r.page}`).toBeLessThanOrEqual(MAX_PAGE_CER);
  });

  it('drops the running header and the page-number footer', () => {
    for (const p of gtPages) {
      const text = stored.get(p.pageNo)!;
      expect(text, `page ${p.pageNo}`).not.toContain('新メンテナーガイド');
      expect(text, `page ${p.pageNo}`).not.toMatch(/\d+\s*\/\s*63/);
      for (const line of text.split('\n')) expect(line.trim(), `page ${p.pageNo}`).not.toMatch(RUNNING_FOOTER);
    }
  });

  it('joins Japanese wrapped across lines without a space', () => {
    // Named examples: a word and a sentence that the PDF wraps mid-way
    expect(stored.get(13)).toContain('まず最初にしなければならないことは、ディストリビューションのアーカイブにそのパッケージがすでにあるかどうか');
    expect(stored.get(7)).toContain('この新しい入門書を第一次的な入門書として使ってください。');
    // Every wrap in the ground truth: the end of a full-width line and the start of the next, when both are Japanese
    let wraps = 0;
    for (const p of gtPages) {
      const text = stored.get(p.pageNo)!;
      const lines = p.lines.map((l) => l.normalize('NFKC'));
      for (let i = 0; i + 1 < lines.length; i++) {
        const [a, b] = [lines[i]!, lines[i + 1]!];
        if (width(a) < 90 || !JAPANESE.test(a.at(-1) ?? '') || !JAPANESE.test(b[0] ?? '')) continue;
        const joined = a.slice(-6) + b.slice(0, 6);
        if (/\s/.test(joined)) continue;
        wraps++;
        expect(text, `page ${p.pageNo}: "${a.slice(-6)}⏎${b.slice(0, 6)}"`).toContain(joined);
      }
    }
    expect(wraps).toBeGreaterThan(100);
  });

  it('has no space between two Japanese characters, even where the PDF letter-spaces a justified line', () => {
    for (const p of gtPages) {
      const spaced = stored.get(p.pageNo)!.match(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー、。「」][^\S\n]+[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー、。「」]/gu);
      expect(spaced, `page ${p.pageNo}`).toBeNull();
    }
    expect(stored.get(17)).toContain('バージョン文字列は、アップストリームバージョン (version) か、Debian リビジョン (revision)');
  });

  it('rejoins URLs broken across lines', () => {
    expect(stored.get(7)).toContain('(https://www.debian.org/doc/devel-manuals#debmake-doc)');
    expect(stored.get(14)).toContain('(http://www.debian.org/social_contract#guidelines)');
  });
});
