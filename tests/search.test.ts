/** Japanese lexical search through the real engine and CLI: short terms, ranking, snippets, batch mode. */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../src-main/engine/engine.js';
import { markSnippet } from '../src-main/engine/text/snippet.js';
import { removeTempDirs, runCli, tempDir, writeFile } from './helpers.js';

const DOCS: Record<string, string> = {
  'tokyo.txt': '東京の歴史\n東京は日本の首都である。東京タワーは1958年に完成した電波塔で、高さは333メートルある。',
  'price.md': '# 料金表\n\n入場料は大人1,000円、子供500円です。年間パスは5000円。',
  'search.txt': '検索エンジンの仕組み\n全文検索では転置索引を使う。Debian パッケージの検索には apt-cache search を使う。',
  'kyoto.txt': '京都の寺\n京都には多くの寺がある。東寺の五重塔は有名である。',
};

let dir: string;
let db: string;
let engine: Engine;

beforeAll(async () => {
  dir = tempDir();
  for (const [name, text] of Object.entries(DOCS)) writeFile(path.join(dir, 'docs', name), text);
  db = path.join(dir, 's.db');
  engine = new Engine({ dbPath: db });
  const summary = await engine.ingest({ paths: [path.join(dir, 'docs')] });
  expect(summary.counts.indexed).toBe(4);
});

afterAll(() => {
  engine.close();
  removeTempDirs();
});

const files = async (query: string) => (await engine.search({ query, k: 10 })).hits.map((h) => path.basename(h.path));

describe('Japanese queries of any length', () => {
  it('finds two-character terms (東京, 検索)', async () => {
    expect((await files('東京'))[0]).toBe('tokyo.txt');
    expect((await files('検索'))[0]).toBe('search.txt');
  });

  it('finds one-character terms (円, 寺), which a trigram index cannot', async () => {
    expect(await files('円')).toEqual(['price.md']);
    expect((await files('寺'))[0]).toBe('kyoto.txt');
  });

  it('matches Latin words whole and case-insensitively, digits as numbers', async () => {
    expect(await files('debian')).toEqual(['search.txt']);
    expect(await files('DEBIAN')).toEqual(['search.txt']);
    expect(await files('deb')).toEqual([]);
    expect((await files('1958年'))[0]).toBe('tokyo.txt');
  });

  it('ranks the document that answers a question first', async () => {
    expect((await files('東京タワーの高さは何メートルですか'))[0]).toBe('tokyo.txt');
    expect((await files('五重塔がある寺はどこ？'))[0]).toBe('kyoto.txt');
    expect((await files('子供の入場料はいくら？'))[0]).toBe('price.md');
  });

  it('returns nothing, not an error, for a query with no indexable characters', async () => {
    expect((await engine.search({ query: '。、！？' })).hits).toEqual([]);
  });

  it('rejects an empty query at the boundary', async () => {
    await expect(engine.search({ query: '   ' })).rejects.toThrow(/query is empty/);
  });
});

describe('results', () => {
  it('carry page, offsets into the page text, a positive score and a snippet with the terms marked', async () => {
    const [hit] = (await engine.search({ query: '東京タワー', k: 1 })).hits;
    expect(hit).toBeDefined();
    expect(hit!.pageNo).toBe(1);
    expect(hit!.score).toBeGreaterThan(0);
    expect(hit!.text).toContain('東京タワー');
    expect(markSnippet(hit!.snippet, '[', ']')).toContain('[東京タワー]');
  });

  it('are ordered by score', async () => {
    const scores = (await engine.search({ query: '東京 京都 寺', k: 10 })).hits.map((h) => h.score);
    expect(scores.length).toBeGreaterThan(1);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });
});

describe('CLI', () => {
  it('search --json prints the hits', async () => {
    engine.close();
    const r = await runCli(db, ['search', '円', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { hits: { path: string; pageNo: number; chunkId: number; score: number; text: string }[] };
    expect(out.hits.map((h) => path.basename(h.path))).toEqual(['price.md']);
    engine = new Engine({ dbPath: db });
  });

  it('search --batch reads one query a line and writes one JSON line per query', async () => {
    const queries = writeFile(path.join(dir, 'queries.txt'), '東京\n\n円\n存在しない語彙ゼロ件\n');
    const r = await runCli(db, ['search', '--batch', queries, '--k', '3']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { query: string; hits: { path: string; chunkId: number; pageNo: number; score: number; text: string }[] });
    expect(lines.map((l) => l.query)).toEqual(['東京', '円', '存在しない語彙ゼロ件']);
    expect(path.basename(lines[0]!.hits[0]!.path)).toBe('tokyo.txt');
    expect(lines[0]!.hits[0]).toMatchObject({ pageNo: 1, chunkId: expect.any(Number), score: expect.any(Number), text: expect.any(String) });
    expect(lines[2]!.hits).toEqual([]);
  });

  it('reports a missing query as one line with exit status 2', async () => {
    const r = await runCli(db, ['search']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/give a query/);
  });
});
