/**
 * Answers through the real engine (real store, real search) and the real `ollama` client, against the
 * Ollama TEST DOUBLE (tests/ollama-double.ts): no Ollama server exists on this machine.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AnswerEvent, LlmImportEvent } from '#shared/api';
import { Engine } from '../src-main/engine/engine.js';
import { finished, removeTempDirs, runCli, spawnCli, tempDir, writeFile } from './helpers.js';
import { OllamaDouble } from './ollama-double.js';

const MODEL = 'qwen2.5:7b-instruct';
const DOCS = {
  'tsuyu.txt': '梅雨\n梅雨は、北海道と小笠原諸島を除く日本、朝鮮半島南部、中国の南部から長江流域にかけての沿海部、および台湾など、東アジアの広範囲においてみられる特有の気象現象で、5月から7月にかけて来る曇りや雨の多い期間のこと。雨季の一種である。',
  'shinkansen.txt': '東海道新幹線\n東海道新幹線は、東京駅から新大阪駅までを結ぶ東海旅客鉄道の高速鉄道路線である。1964年10月1日に開業した。',
  'sushi.txt': '寿司\n寿司は、酢飯と魚介類などを組み合わせた日本料理である。江戸時代に握り寿司が広まった。',
};

let dir: string;
let engine: Engine;
let ollama: OllamaDouble;
let closedPort: number;

/** A loopback port with nothing listening (a server that is down). */
async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

function collect() {
  const events: AnswerEvent[] = [];
  return { events, on: (e: AnswerEvent) => void events.push(e), tokens: () => events.filter((e) => e.type === 'token').map((e) => (e as { text: string }).text) };
}

beforeAll(async () => {
  dir = tempDir();
  for (const [name, text] of Object.entries(DOCS)) writeFile(path.join(dir, 'docs', name), text);
  engine = new Engine({ dbPath: path.join(dir, 'store', 's.db') });
  await engine.ingest({ paths: [path.join(dir, 'docs')] });
  ollama = await OllamaDouble.start();
  closedPort = await freePort();
});

afterAll(async () => {
  engine.close();
  await ollama.stop();
  removeTempDirs();
});

beforeEach(() => {
  ollama.reset({ models: [MODEL] });
  engine.updateSettings({ llm: { host: ollama.url, model: MODEL, allowRemoteHost: false, contextTokens: 8192, answerTokens: 1024, firstTokenTimeoutMs: 120_000, idleTimeoutMs: 30_000 } });
});

describe('LLM answers through Ollama (test double)', () => {
  it('streams tokens, prompts in Japanese with numbered passages, and verifies the citations', async () => {
    ollama.set({ reply: () => ['梅雨がないのは', '北海道と', '小笠原諸島です', '[1]', '［9］', '。'] });
    const c = collect();
    const a = await engine.ask({ question: '日本で梅雨がないのは北海道とどこか。' }, { emit: c.on });
    expect(await engine.llmStatus()).toMatchObject({ state: 'ready', serverVersion: '0.0.0-test-double' });
    expect(c.tokens()).toEqual(['梅雨がないのは', '北海道と', '小笠原諸島です', '[1]', '［9］', '。']);
    expect(a).toMatchObject({ mode: 'llm', model: MODEL, extractiveReason: null, cancelled: false, error: null, droppedMarkers: [9] });
    expect(a.text).toBe('梅雨がないのは北海道と小笠原諸島です[1]。');
    expect(a.citations).toHaveLength(1);
    expect(a.citations[0]).toMatchObject({ n: 1, pageNo: 1, title: '梅雨', path: path.join(dir, 'docs', 'tsuyu.txt') });
    expect(a.passages[0]!.text).toContain('小笠原諸島');
    expect(a.ms.firstToken).toBeGreaterThan(0);

    const sent = ollama.lastChat()!;
    expect(sent.model).toBe(MODEL);
    expect(sent.options).toMatchObject({ num_ctx: 8192, num_predict: 1024 });
    expect(sent.messages[0]).toMatchObject({ role: 'system', content: expect.stringContaining('資料には記載がありません') });
    const user = sent.messages.at(-1)!.content;
    expect(user).toMatch(/^資料:\n\n\[1\] 『梅雨』 1ページ\n梅雨/);
    expect(user).toMatch(/質問: 日本で梅雨がないのは北海道とどこか。$/);
    expect(events(c.events)).toEqual(['retrieved', 'mode', 'token', 'done']);
  });

  it('keeps a follow-up in the conversation: retrieval and prompt see the previous turn', async () => {
    ollama.set({ reply: () => ['1964年10月1日です[1]。'] });
    const first = await engine.ask({ question: '東海道新幹線はどこからどこまでを結ぶか' });
    const second = await engine.ask({ question: 'それはいつ開業した？', conversationId: first.conversationId });
    expect(second.conversationId).toBe(first.conversationId);
    expect(second.retrievalQuery).toBe('東海道新幹線はどこからどこまでを結ぶか\nそれはいつ開業した？');
    expect(second.citations[0]!.title).toBe('東海道新幹線');
    const msgs = ollama.lastChat()!.messages;
    expect(msgs.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(msgs[1]!.content).toBe('東海道新幹線はどこからどこまでを結ぶか');
    expect(msgs[2]!.content).not.toMatch(/\[\d\]/);
  });

  it('gives only the passages that fit the context window', async () => {
    engine.updateSettings({ llm: { contextTokens: 1024, answerTokens: 700 } });
    const a = await engine.ask({ question: '日本の梅雨と新幹線と寿司' });
    const sent = ollama.lastChat()!.messages.at(-1)!.content;
    expect(a.passages.length).toBeGreaterThanOrEqual(1);
    expect(a.passages.length).toBeLessThan(3);
    expect(sent.match(/^\[\d\] 『/gm)).toHaveLength(a.passages.length);
  });

  it('stops mid-stream when cancelled, keeping what arrived, and closes the request', async () => {
    ollama.set({ reply: () => Array.from({ length: 200 }, (_, i) => `語${i}`), pieceDelayMs: 20 });
    const abort = new AbortController();
    const c = collect();
    const a = await engine.ask(
      { question: '寿司とは' },
      {
        emit: (e) => {
          c.on(e);
          if (c.tokens().length === 3) abort.abort();
        },
        signal: abort.signal,
      },
    );
    expect(a).toMatchObject({ mode: 'llm', cancelled: true, error: null, text: '語0語1語2' });
    await expect.poll(() => ollama.chatsAborted).toBe(1);
    expect(ollama.chatsCompleted).toBe(0);
  });
});

describe('when the LLM cannot answer', () => {
  it('falls back to an extractive answer when the server is down, saying so', async () => {
    engine.updateSettings({ llm: { host: `http://127.0.0.1:${closedPort}` } });
    expect(await engine.llmStatus()).toMatchObject({ state: 'server-down', detail: expect.stringMatching(/not running at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/) });
    const c = collect();
    const a = await engine.ask({ question: '日本で梅雨がないのは北海道とどこか。' }, { emit: c.on });
    expect(a.mode).toBe('extractive');
    expect(a.extractiveReason).toMatch(/LLM を使えません: Ollama is not running/);
    expect(a.text).toMatch(/小笠原諸島.*\[1\]/);
    expect(c.tokens().join('')).toBe(a.text);
    // the citation points at the sentence used, inside the page text
    const cit = a.citations[0]!;
    const page = fs.readFileSync(path.join(dir, 'docs', 'tsuyu.txt'), 'utf8');
    expect(page.slice(cit.start, cit.end)).toContain('小笠原諸島を除く日本');
  });

  it('reports a missing model with what to do, and answers extractively', async () => {
    ollama.set({ models: ['llama3:8b'] });
    expect(await engine.llmStatus()).toMatchObject({ state: 'model-missing', importable: null, detail: expect.stringContaining(`${MODEL} is not installed`) });
    const a = await engine.ask({ question: '寿司とは何か' });
    expect(a).toMatchObject({ mode: 'extractive', extractiveReason: expect.stringContaining('not installed') });
    expect(ollama.requests.some((r) => r.path === '/api/chat')).toBe(false);
  });

  it('never contacts a host that is not on this machine unless allowed', async () => {
    engine.updateSettings({ llm: { host: 'http://192.0.2.7:11434' } });
    expect(await engine.llmStatus()).toMatchObject({ state: 'host-not-allowed', detail: expect.stringContaining('allowRemoteHost') });
    expect((await engine.ask({ question: '寿司とは何か' })).mode).toBe('extractive');
  });

  it('falls back when the server fails before the first token (HTTP 500)', async () => {
    ollama.set({ fault: 'http-500' });
    const a = await engine.ask({ question: '寿司とは何か' });
    expect(a).toMatchObject({ mode: 'extractive', extractiveReason: expect.stringContaining('llama runner process has terminated') });
  });

  it('keeps the partial answer and says why when the stream ends early', async () => {
    ollama.set({ reply: () => ['寿司は', '日本料理', 'です'], fault: 'truncated', pieceDelayMs: 10 });
    const a = await engine.ask({ question: '寿司とは何か' });
    expect(a).toMatchObject({ mode: 'llm', text: '寿司は日本料理です', cancelled: false, error: expect.stringContaining('ended early') });
  });

  it('skips a malformed line of the stream and rejects a reply without content', async () => {
    ollama.set({ reply: () => ['寿司は', '日本料理', 'です'], fault: 'bad-json' });
    const a = await engine.ask({ question: '寿司とは何か' });
    expect(a).toMatchObject({ mode: 'llm', text: '寿司は日本料理です', error: null });
    ollama.set({ fault: 'no-content' });
    const b = await engine.ask({ question: '寿司とは何か' });
    expect(b).toMatchObject({ mode: 'extractive', extractiveReason: expect.stringContaining('without content') });
  });

  it('times out a server that does not start answering, or stops sending', async () => {
    engine.updateSettings({ llm: { firstTokenTimeoutMs: 1000, idleTimeoutMs: 1000 } });
    ollama.set({ headerDelayMs: 3000 });
    const slow = await engine.ask({ question: '寿司とは何か' });
    expect(slow).toMatchObject({ mode: 'extractive', extractiveReason: expect.stringMatching(/no answer from .* within 1 s/) });
    ollama.set({ headerDelayMs: 0, reply: () => ['寿司は', '日本料理です'], stallAfter: 1 });
    const stalled = await engine.ask({ question: '寿司とは何か' });
    expect(stalled).toMatchObject({ mode: 'llm', text: '寿司は', error: expect.stringMatching(/stopped sending for 1 s/) });
  });
});

describe('importing the shipped GGUF', () => {
  it('uploads the blob (digest checked by the server) and creates the model, with progress', async () => {
    const models = tempDir();
    const gguf = Buffer.concat([Buffer.from('GGUF'), Buffer.alloc(3 * 1048576 - 4, 7)]);
    writeFile(path.join(models, 'llm', 'test.gguf'), gguf);
    const sha256 = createHash('sha256').update(gguf).digest('hex');
    const manifest = { version: 1, models: [{ id: 'test-llm', role: 'llm', engine: 'gguf', files: [{ path: 'llm/test.gguf', sha256, bytes: gguf.length }], origin: 'generated by the test', licence: 'none', params: { ollamaModel: 'shipped:q4' } }] };
    writeFile(path.join(models, 'manifest.json'), JSON.stringify(manifest));
    const e = new Engine({ dbPath: path.join(tempDir(), 's.db'), modelsDir: models });
    try {
      e.updateSettings({ llm: { host: ollama.url, model: 'shipped:q4' } });
      expect(await e.llmStatus()).toMatchObject({ state: 'model-missing', importable: { id: 'test-llm', path: path.join(models, 'llm', 'test.gguf') } });
      const progress: LlmImportEvent[] = [];
      const st = await e.llmStatus({ ensure: true }, { emit: (ev) => progress.push(ev) });
      expect(st.state).toBe('ready');
      expect(ollama.blobs.get(`sha256:${sha256}`)).toBe(gguf.length);
      expect(ollama.createRequests.at(-1)).toMatchObject({ model: 'shipped:q4', files: { 'test.gguf': `sha256:${sha256}` } });
      const uploads = progress.filter((p) => p.type === 'upload');
      expect(uploads.at(-1)).toEqual({ type: 'upload', bytesDone: gguf.length, bytesTotal: gguf.length });
      expect(uploads.length).toBeGreaterThan(2);
      expect(progress.filter((p) => p.type === 'create').map((p) => (p as { status: string }).status).at(-1)).toBe('success');

      // an altered file is not offered for import
      fs.appendFileSync(path.join(models, 'llm', 'test.gguf'), 'x');
      e.updateSettings({ llm: { model: 'other' } });
      writeFile(path.join(models, 'manifest.json'), JSON.stringify({ ...manifest, models: [{ ...manifest.models[0], params: { ollamaModel: 'other' } }] }));
    } finally {
      e.close();
    }
    const e2 = new Engine({ dbPath: path.join(tempDir(), 's.db'), modelsDir: models });
    try {
      e2.updateSettings({ llm: { host: ollama.url, model: 'other' } });
      expect(await e2.llmStatus({ ensure: true })).toMatchObject({ state: 'model-missing', importable: null });
    } finally {
      e2.close();
    }
  });
});

describe('CLI', () => {
  it('`ask` streams the answer and lists the sources; `--json` and `--no-llm` work', async () => {
    const db = path.join(dir, 'store', 's.db');
    ollama.set({ reply: () => ['東京駅から', '新大阪駅までです', '[1]。'] });
    const set = await runCli(db, ['settings', 'set', 'llm.host', ollama.url]);
    expect(set.code).toBe(0);
    const r = await runCli(db, ['ask', '東海道新幹線はどこからどこまでか']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`（${MODEL} が回答します）`);
    expect(r.stdout).toContain('東京駅から新大阪駅までです[1]。');
    expect(r.stdout).toMatch(/出典:\n {2}\[1\] 東海道新幹線 — p\.1 {2}.*shinkansen\.txt/);
    const j = await runCli(db, ['ask', '--no-llm', '--json', '東海道新幹線はいつ開業した']);
    const answer = JSON.parse(j.stdout) as { mode: string; text: string; citations: unknown[] };
    expect(answer.mode).toBe('extractive');
    expect(answer.text).toContain('1964年10月1日に開業した。[1]');
    const bad = await runCli(db, ['settings', 'set', 'llm.host', 'not a url']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/invalid settings: llm\.host: Invalid URL/);
  });
});

describe('CLI Ctrl-C', () => {
  it('stops a streaming answer, keeps what arrived and says so', async () => {
    const db = path.join(dir, 'store', 's.db');
    ollama.set({ reply: () => Array.from({ length: 500 }, (_, i) => `語${i} `), pieceDelayMs: 20 });
    await runCli(db, ['settings', 'set', 'llm.host', ollama.url]);
    const child = spawnCli(db, ['ask', '寿司とは何か']);
    const run = finished(child);
    await new Promise<void>((resolve) => child.stdout.on('data', (s: string) => s.includes('語3 ') && resolve()));
    child.kill('SIGINT');
    const r = await run;
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/語0 語1 語2 語3 [\s\S]*（中断しました）/);
    expect(r.stdout).not.toContain('語499');
    await expect.poll(() => ollama.chatsAborted).toBe(1);
  });
});

function events(list: AnswerEvent[]): string[] {
  return [...new Set(list.map((e) => e.type))];
}
