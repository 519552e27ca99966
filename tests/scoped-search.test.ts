/**
 * Scoped search and chat through the real engine and store, on the GENERATED test embedder and reranker
 * (random weights: which chunk is nearest means nothing, so the tests that need out-of-scope chunks to
 * outrank in-scope ones pick the scope from an unscoped ranking). Every filter is tried in every stage:
 * lexical alone, dense alone (float and binary), hybrid with both fusions, and with the reranker.
 * The library: 120 short notes under beta/ that say the word many times (lexically they outrank the rest),
 * a few longer texts under alpha/ (and its neighbour alphabet/) that say it once, and three PDFs added
 * later: a text PDF, one whose scanned page waits for OCR, and one whose scanned page was OCRed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnswerEvent, DocumentInfo, Scope, SearchRequest, SearchResult } from '#shared/api';
import { makeTestModels } from '../scripts/models/make-test-models.js';
import { Engine } from '../src-main/engine/engine.js';
import { CANDIDATES } from '../src-main/engine/search/lexical.js';
import { finished, fixturesDir, removeTempDirs, repoRoot, spawnCli, tempDir, writeFile } from './helpers.js';

const WORD = 'quokka';
const BETA = 120;
const FILLER = 'The survey team walked the coastal trail at dawn, counted the nesting birds, measured the dunes and wrote down the weather twice.';

let engine: Engine;
let dbPath: string;
let lib: string;
let docs: DocumentInfo[];
/** the moment between the first batch (texts) and the second (PDFs) */
let between: string;

const under = (folder: string, d: DocumentInfo) => d.paths.some((p) => p.startsWith(path.join(lib, folder) + path.sep));
const doc = (rel: string) => docs.find((d) => d.paths.includes(path.join(lib, rel)))!;

beforeAll(async () => {
  const root = tempDir();
  const models = tempDir();
  makeTestModels(models, 'tiny');
  lib = path.join(root, 'lib');
  // each note a word longer than the one before: no two score the same, in either lexical stage
  for (let i = 0; i < BETA; i++) writeFile(path.join(lib, 'beta', String(i), 'note.txt'), `${`${WORD} `.repeat(4)}beta ${'x '.repeat(i)}`);
  writeFile(path.join(lib, 'alpha', 'a1.txt'), `Field notes\n${FILLER} A ${WORD} was seen near the hut. ${FILLER}`);
  writeFile(path.join(lib, 'alpha', 'a2.md'), `# Trail log\n\n${FILLER}\n\nOne ${WORD} crossed the path.\n`);
  writeFile(path.join(lib, 'alpha', 'sub', 'a3.txt'), `Hut diary\n${FILLER} The ${WORD} came back at night.`);
  writeFile(path.join(lib, 'alpha', 'a4.md'), `# Dunes\n\n${FILLER} No ${WORD} today.\n`);
  writeFile(path.join(lib, 'alphabet', 'x.txt'), `Letters\n${FILLER} Q is for ${WORD}.`);
  const db = (dbPath = path.join(root, 's.db'));

  const first = new Engine({ dbPath: db, modelsDir: models });
  expect((await first.ingest({ paths: [lib] })).counts.indexed).toBe(BETA + 5);
  await new Promise((r) => setTimeout(r, 20));
  between = new Date().toISOString();
  first.close();
  await new Promise((r) => setTimeout(r, 20));
  // the shipped manifest without its model files: the scanned page waits for OCR
  const noOcr = tempDir();
  fs.copyFileSync(path.join(repoRoot, 'models', 'manifest.json'), path.join(noOcr, 'manifest.json'));
  fs.copyFileSync(path.join(fixturesDir, 'plain.pdf'), writeFile(path.join(lib, 'pdf', 'plain.pdf'), ''));
  fs.copyFileSync(path.join(fixturesDir, 'scan-then-text.pdf'), writeFile(path.join(lib, 'pdf', 'waiting.pdf'), ''));
  const waiting = new Engine({ dbPath: db, modelsDir: noOcr });
  expect((await waiting.ingest({ paths: [path.join(lib, 'pdf')] })).counts.indexed).toBe(2);
  waiting.close();

  // a scanned page and a text page, OCRed by the shipped OCR models, then embedded by the test embedder
  const ocred = await PDFDocument.create();
  for (const [file, page] of [['scanned-h00.pdf', 0], ['plain.pdf', 0]] as const) {
    const src = await PDFDocument.load(fs.readFileSync(path.join(fixturesDir, file)));
    ocred.addPage((await ocred.copyPages(src, [page]))[0]!);
  }
  writeFile(path.join(lib, 'pdf', 'ocred.pdf'), await ocred.save());
  const withOcr = new Engine({ dbPath: db });
  expect((await withOcr.ingest({ paths: [path.join(lib, 'pdf', 'ocred.pdf')] })).counts.indexed).toBe(1);
  withOcr.close();

  engine = new Engine({ dbPath: db, modelsDir: models });
  await engine.reindex();
  docs = engine.listDocuments();
  expect(doc('pdf/ocred.pdf')).toMatchObject({ pagesOcr: 1, pagesNeedingOcr: 0 });
  expect(doc('pdf/waiting.pdf')).toMatchObject({ pagesOcr: 0, pagesNeedingOcr: 1 });
});

afterAll(() => {
  engine?.close();
  removeTempDirs();
});

/** Each filter with the documents it must keep to, told apart by what the library says of them. */
function filters(): [string, Scope, (d: DocumentInfo) => boolean][] {
  const picked = [doc('alpha/a1.txt').id, doc('beta/7/note.txt').id];
  return [
    ['documents', { documents: picked }, (d) => picked.includes(d.id)],
    ['a folder', { under: [path.join(lib, 'alpha')] }, (d) => under('alpha', d)],
    ['a folder in Windows form', { under: [`${path.join(lib, 'alpha', 'sub').replaceAll('/', '\\')}\\`] }, (d) => under(path.join('alpha', 'sub'), d)],
    ['two folders', { under: [path.join(lib, 'alphabet'), path.join(lib, 'pdf')] }, (d) => under('alphabet', d) || under('pdf', d)],
    ['a kind', { kinds: ['markdown'] }, (d) => d.kind === 'markdown'],
    ['kinds', { kinds: ['pdf', 'markdown'] }, (d) => d.kind === 'pdf' || d.kind === 'markdown'],
    ['added from', { added: { from: between } }, (d) => d.addedAt >= between],
    ['added until', { added: { to: between } }, (d) => d.addedAt <= between],
    ['needs OCR', { ocr: 'needs-ocr' }, (d) => d.pagesNeedingOcr > 0],
    ['OCR', { ocr: 'ocr' }, (d) => d.pagesOcr > 0],
    ['text only, in a folder', { ocr: 'text', under: [path.join(lib, 'pdf')] }, (d) => d.pagesOcr === 0 && d.pagesNeedingOcr === 0 && under('pdf', d)],
  ];
}

const EMBEDDER = 'test-embedder-tiny';
const STAGES: [string, Omit<SearchRequest, 'query'>, string[]][] = [
  ['lexical', { mode: 'lexical', rerank: false }, ['lexical']],
  ['dense', { mode: 'dense', rerank: false }, [`dense:${EMBEDDER}`]],
  ['dense, binary', { mode: 'dense', binary: true, rerank: false }, [`dense-binary:${EMBEDDER}`]],
  ['hybrid, rrf', { mode: 'hybrid', fusion: 'rrf', rerank: false }, ['lexical', `dense:${EMBEDDER}`, 'fusion:rrf']],
  ['hybrid, weighted', { mode: 'hybrid', fusion: 'weighted', rerank: false }, ['lexical', `dense:${EMBEDDER}`, 'fusion:weighted']],
  ['hybrid, binary, reranked', { mode: 'hybrid', binary: true, rerank: true }, ['lexical', `dense-binary:${EMBEDDER}`, 'fusion:rrf', 'rerank:test-reranker-tiny']],
];

describe.each(STAGES)('%s', (_name, how, stages) => {
  it('keeps to every filter, and finds every document in it', async () => {
    for (const [name, scope, inScope] of filters()) {
      const expected = new Set(docs.filter(inScope).map((d) => d.id));
      expect(expected.size, name).toBeGreaterThan(0);
      const k = 30;
      const r = await engine.search({ query: WORD, k, scope, ...how });
      expect(r.stages, name).toEqual(stages);
      expect(r.hits.filter((h) => !expected.has(h.docId)), name).toEqual([]);
      // small scopes are found whole; the large one (the 125 texts) fills k
      if (expected.size > k) expect(r.hits, name).toHaveLength(k);
      else expect(new Set(r.hits.map((h) => h.docId)), name).toEqual(expected);
    }
  });

  it('gives k hits from within the scope when more chunks than its candidate pool outside score higher', async () => {
    const all = await engine.search({ query: WORD, k: 500, ...how });
    const ranked = [...new Set(all.hits.map((h) => h.docId))];
    // the beta notes are one chunk each: the last three of them have every other beta note above them
    const beta = new Set(docs.filter((d) => under('beta', d)).map((d) => d.id));
    const last = ranked.filter((id) => beta.has(id)).slice(-3);
    expect(all.hits.findIndex((h) => last.includes(h.docId))).toBeGreaterThan(CANDIDATES);
    const folders = docs.filter((d) => last.includes(d.id)).map((d) => path.dirname(d.path));
    for (const scope of [{ documents: last }, { under: folders }] as Scope[]) {
      const r = await engine.search({ query: WORD, k: 3, scope, ...how });
      expect(r.stages).toEqual(stages);
      expect(r.hits.map((h) => h.docId).sort()).toEqual([...last].sort());
      if (how.rerank) expect(r.hits.every((h) => h.scores.rerank !== null)).toBe(true);
    }
  });
});

describe('a scope', () => {
  it('that holds no document finds nothing and says so; an empty one is everything', async () => {
    const none = await engine.search({ query: WORD, scope: { under: [path.join(lib, 'nowhere')] } });
    expect(none.hits).toEqual([]);
    expect(none.notes).toContainEqual({ code: 'scope-empty', params: {}, message: 'no document is in the scope' });
    const everything = await engine.search({ query: WORD, k: 5, scope: { documents: [], under: [] } });
    expect(everything.hits.map((h) => h.chunkId)).toEqual((await engine.search({ query: WORD, k: 5 })).hits.map((h) => h.chunkId));
  });

  it('stays with a conversation: a follow-up keeps it until it gives another', async () => {
    const alpha = { under: [path.join(lib, 'alpha')] };
    const inAlpha = (ids: number[]) => ids.every((id) => under('alpha', docs.find((d) => d.id === id)!));
    const events: AnswerEvent[] = [];
    const first = await engine.ask({ question: `${WORD}?`, scope: alpha, llm: false }, { emit: (e) => events.push(e) });
    expect(first.scope).toEqual(alpha);
    expect(events.find((e) => e.type === 'retrieved')).toMatchObject({ scope: alpha });
    expect(first.passages.length).toBeGreaterThan(0);
    expect(inAlpha(first.passages.map((p) => p.docId))).toBe(true);

    const followUp = await engine.ask({ question: `where was the ${WORD}?`, conversationId: first.conversationId, llm: false });
    expect(followUp.scope).toEqual(alpha);
    expect(followUp.passages.length).toBeGreaterThan(0);
    expect(inAlpha(followUp.passages.map((p) => p.docId))).toBe(true);

    const widened = await engine.ask({ question: WORD, conversationId: first.conversationId, scope: {}, llm: false });
    expect(widened.scope).toBeNull();
    expect(inAlpha(widened.passages.map((p) => p.docId))).toBe(false);
    const again = await engine.ask({ question: WORD, conversationId: first.conversationId, llm: false });
    expect(again.scope).toBeNull();
  });
});

describe('the CLI', () => {
  it('takes the scope from --doc, --under, --type, --added-after/--added-before and --ocr', async () => {
    const hits = async (...args: string[]) => {
      const run = await finished(spawnCli(dbPath, ['search', WORD, '--json', '--k', '50', ...args]));
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      return new Set((JSON.parse(run.stdout) as SearchResult).hits.map((h) => h.docId));
    };
    const ids = (inScope: (d: DocumentInfo) => boolean) => new Set(docs.filter(inScope).map((d) => d.id));
    const a1 = doc('alpha/a1.txt');
    expect(await hits('--doc', a1.sha256.slice(0, 12), '--doc', path.join(lib, 'alpha', 'a2.md'))).toEqual(new Set([a1.id, doc('alpha/a2.md').id]));
    // a relative folder is taken from the working folder
    expect(await hits('--under', path.relative(repoRoot, path.join(lib, 'alpha')), '--type', 'markdown', '--type', 'pdf')).toEqual(ids((d) => under('alpha', d) && d.kind === 'markdown'));
    expect(await hits('--added-after', between, '--ocr', 'text')).toEqual(ids((d) => d.addedAt >= between && d.pagesOcr + d.pagesNeedingOcr === 0));
    expect(await hits('--added-before', between, '--under', path.join(lib, 'alphabet'))).toEqual(ids((d) => under('alphabet', d)));

    const run = await finished(spawnCli(dbPath, ['ask', WORD, '--no-llm', '--under', path.join(lib, 'alpha')]));
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`（範囲: under ${path.join(lib, 'alpha')}）`);
    const bad = await finished(spawnCli(dbPath, ['search', WORD, '--type', 'docx']));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--type.*one of pdf, text, markdown, image/);
  });
});
