/** Requirement 3: text files in UTF-8 (with or without a BOM) and Shift_JIS, and Markdown titles. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturesDir, ingestJson, outcomeOf, removeTempDirs, searchPaths, storeProblems, tempDir, withStore, writeFile, type CliRun, type JsonSummary } from './helpers.js';

afterAll(removeTempDirs);

describe('text files', () => {
  const dir = tempDir();
  const db = path.join(dir, 'store.db');
  const f = {
    utf8: path.join(dir, 'in', 'utf8.txt'),
    bom: path.join(dir, 'in', 'bom.txt'),
    sjis: path.join(dir, 'in', 'sjis.txt'),
    md: path.join(dir, 'in', 'guide.md'),
    mdNoHeading: path.join(dir, 'in', 'memo.md'),
  };
  let run: CliRun & { summary: JsonSummary };

  beforeAll(async () => {
    writeFile(f.utf8, '防災マニュアル\n\n地震の際は机の下に身を隠し、揺れが収まるまで待つ。\n');
    writeFile(f.bom, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('経費精算の手引き\n\n領収書の原本は三年間保管する。\n')]));
    // Shift_JIS of: 社内規程集 / 出張旅費の精算は、帰着後十日以内に経理課へ申請すること。/ 宿泊費の上限は一泊一万二千円とする。
    fs.copyFileSync(path.join(fixturesDir, 'sjis.txt'), f.sjis);
    writeFile(f.md, '本書は社内向けの資料です。\n\n## 第一章 導入手順\n\n端末の初期設定は情報システム課が行う。\n\n# 後の見出し\n');
    writeFile(f.mdNoHeading, '短いメモ\n\n複合機の保守契約は毎年四月に更新する。\n');
    run = await ingestJson(db, Object.values(f));
  });

  const page = (file: string) =>
    withStore(db, (d) =>
      d
        .prepare(`SELECT d.title, d.kind, p.text FROM documents d JOIN pages p ON p.doc_id = d.id WHERE d.path = ? ORDER BY p.page_no`)
        .all(file),
    ) as { title: string; kind: string; text: string }[];

  it('indexes all of them', () => {
    expect(run.code).toBe(0);
    expect(run.summary.counts).toMatchObject({ indexed: 5, failed: 0 });
    expect(storeProblems(db)).toEqual([]);
  });

  it('reads UTF-8', async () => {
    expect(page(f.utf8)).toEqual([{ title: '防災マニュアル', kind: 'text', text: '防災マニュアル\n\n地震の際は机の下に身を隠し、揺れが収まるまで待つ。' }]);
    expect((await searchPaths(db, '机の下'))[0]).toBe(f.utf8);
  });

  it('reads UTF-8 with a BOM, without keeping the BOM', async () => {
    const [p] = page(f.bom);
    expect(p).toEqual({ title: '経費精算の手引き', kind: 'text', text: '経費精算の手引き\n\n領収書の原本は三年間保管する。' });
    expect((await searchPaths(db, '領収書'))[0]).toBe(f.bom);
  });

  it('reads Shift_JIS', async () => {
    expect(outcomeOf(run.summary, f.sjis).outcome).toBe('indexed');
    expect(page(f.sjis)).toEqual([
      {
        title: '社内規程集',
        kind: 'text',
        text: '社内規程集\n\n出張旅費の精算は、帰着後十日以内に経理課へ申請すること。\n宿泊費の上限は一泊一万二千円とする。',
      },
    ]);
    expect((await searchPaths(db, '出張旅費'))[0]).toBe(f.sjis);
  });

  it('titles Markdown by its first heading, whatever its level', async () => {
    const [p] = page(f.md);
    expect(p).toMatchObject({ title: '第一章 導入手順', kind: 'markdown' });
    expect((await searchPaths(db, '初期設定'))[0]).toBe(f.md);
    // without a heading the first short line is the title, as for plain text
    expect(page(f.mdNoHeading)[0]).toMatchObject({ title: '短いメモ', kind: 'markdown' });
  });
});
