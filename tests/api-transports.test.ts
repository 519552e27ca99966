/**
 * Every method of the method table (src-shared/api.ts), called through the renderer's real client and RPC
 * peer over both transports, in process: serve's WebSocket (and its HTTP route for binary methods), and a
 * MessagePort as Electron's engine process uses (and Electron's binary protocol handler, answerBinary).
 * The list of methods comes from the table, so a method added there without a way through fails here; the
 * CLI-only ones (the UI does not use them) must be refused by both transports and absent from the client.
 */
import fs from 'node:fs';
import path from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { API, METHODS, type ClientMethod, type Method, type MethodSpec, type Params, type Result } from '#shared/api';
import { BINARY_SCHEME, type RpcResponse } from '#shared/rpc';
import { Engine } from '../src-main/engine/engine.js';
import { answerBinary, rpcConnection } from '../src-main/rpc/dispatch.js';
import { startServer, type RunningServer } from '../src-main/serve/server.js';
import { engineClient, type EngineClient } from '../src-renderer/src/api/client.js';
import { RpcPeer } from '../src-renderer/src/api/rpc-peer.js';
import type { Transport } from '../src-renderer/src/api/transport.js';
import { fixturesDir, removeTempDirs, repoRoot, tempDir } from './helpers.js';

let dir: string;
let engine: Engine;
let server: RunningServer;
const pdf = path.join(fixturesDir, 'plain.pdf');
const scan = path.join(fixturesDir, 'scanned-h00.pdf');

beforeAll(async () => {
  dir = tempDir();
  fs.copyFileSync(pdf, path.join(dir, 'plain.pdf'));
  engine = new Engine({ dbPath: path.join(dir, 'data', 'docsearch.db') });
  server = await startServer({ api: engine, rendererDir: path.join(repoRoot, 'out', 'renderer'), uploadDir: path.join(dir, 'uploads') });
}, 120_000);

afterAll(async () => {
  await server?.close();
  engine?.close();
  removeTempDirs();
});

/** The rest of a Transport is the host's (drops, uploads, pickers): not what this test is about. */
function transport(send: (req: unknown) => void, binaryUrl: (p: string) => string): { peer: RpcPeer; transport: Transport } {
  const peer = new RpcPeer(send);
  const unused = () => {
    throw new Error('not used here');
  };
  return {
    peer,
    transport: {
      call: (m, p, onEvent) => peer.call(m, p, onEvent),
      binaryUrl,
      connection: () => ({ state: 'open' }),
      onConnection: () => () => {},
      sourcesFromDrop: unused,
      pickPaths: null,
      resolveSource: unused,
    },
  };
}

/** A binary method's bytes, or the code of its refusal (as the renderer gets either). */
type BinaryFetched = { mime: string; bytes: Buffer } | { refused: string };

async function overWebSocket(): Promise<{ client: EngineClient; fetchBinary: (url: string) => Promise<BinaryFetched>; close(): void }> {
  const ws = new WebSocket(`ws://127.0.0.1:${new URL(server.url).port}/rpc?token=${server.token}`, { headers: { origin: server.url } });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  const t = transport((req) => ws.send(JSON.stringify(req)), (p) => `${server.url}${p}&token=${server.token}`);
  ws.on('message', (data) => t.peer.receive(JSON.parse(String(data)) as RpcResponse));
  const fetchBinary = async (url: string) => {
    const r = await fetch(url, { headers: { origin: server.url } });
    if (!r.ok) return { refused: ((await r.json()) as { code: string }).code };
    return { mime: r.headers.get('content-type') ?? '', bytes: Buffer.from(await r.arrayBuffer()) };
  };
  return { client: engineClient(t.transport), fetchBinary, close: () => ws.close() };
}

async function overMessagePort(): Promise<{ client: EngineClient; fetchBinary: (url: string) => Promise<BinaryFetched>; close(): void }> {
  const { port1, port2 } = new MessageChannel();
  const conn = rpcConnection(engine, (r) => port1.postMessage(r));
  port1.on('message', (m) => conn.handle(m));
  const t = transport((req) => port2.postMessage(req), (p) => `${BINARY_SCHEME}://app${p}`);
  port2.on('message', (r: RpcResponse) => t.peer.receive(r));
  const fetchBinary = async (url: string) => {
    const r = await answerBinary(engine, new URL(url));
    if (!r) throw new Error(`no binary method at ${url}`);
    return r.ok ? { mime: r.mime, bytes: Buffer.from(r.bytes) } : { refused: r.error.code };
  };
  return { client: engineClient(t.transport), fetchBinary, close: () => (port1.close(), port2.close()) };
}

/**
 * Params for every method (typed by the table: a new method must be added here), given the document
 * ingested first; the order runs the ones that change the library last.
 */
function paramsFor(docId: number, docPath: string): { [M in Method]: Params<M> } {
  return {
    ingest: { paths: [path.join(dir, 'plain.pdf')] },
    search: { query: 'docsearch' },
    reindex: undefined,
    listDocuments: undefined,
    page: { docId, pageNo: 1 },
    pageImage: { docId, pageNo: 1, maxSide: 300 },
    exportSearchablePdf: { doc: docPath },
    status: undefined,
    libraryStats: undefined,
    modelStatus: {},
    start: undefined,
    ocr: { path: scan },
    getSettings: undefined,
    watchStatus: undefined,
    updateSettings: { llm: { answerTokens: 1024 } },
    llmStatus: { ensure: false },
    ask: { question: 'docsearch とは', llm: false },
    exportLibrary: { file: path.join(dir, 'library.tar') },
    importLibrary: { file: path.join(dir, 'library.tar') },
    reindexDocument: { doc: docPath },
    removeDocument: { doc: docPath },
  };
}

/** What each client method's result must look like (enough to tell it came from that method). */
const checks: { [M in ClientMethod]: (r: Result<M>) => void } = {
  ingest: (r) => expect(r.counts.indexed + r.counts.unchanged).toBe(1),
  search: (r) => expect(r.query).toBe('docsearch'),
  reindex: (r) => expect(r).toHaveProperty('withVector'),
  listDocuments: (r) => expect(r).toHaveLength(1),
  page: (r) => expect(r).toMatchObject({ pageNo: 1, renderable: true }),
  pageImage: (r) => expect(Buffer.from(r).subarray(1, 4).toString()).toBe('PNG'),
  // a born-digital PDF has no OCR text to add: the refusal comes through (tests/export-pdf.test.ts: the PDF)
  exportSearchablePdf: (r) => expect(r).toEqual({ refused: 'nothing-to-export' }),
  status: (r) => expect(r.documents).toBe(1),
  libraryStats: (r) => expect(r).toMatchObject({ documents: 1, byKind: { pdf: { documents: 1 } }, pages: { total: 3, text: 3, ocr: 0 } }),
  modelStatus: (r) => expect(r.length).toBeGreaterThan(0),
  start: (r) => expect(r.ocr).toHaveProperty('ready'),
  getSettings: (r) => expect(r.llm).toHaveProperty('host'),
  watchStatus: (r) => expect(r).toMatchObject({ running: false, folders: [] }),
  updateSettings: (r) => expect(r.llm.answerTokens).toBe(1024),
  llmStatus: (r) => expect(r).toHaveProperty('state'),
  ask: (r) => expect(r.mode).toBe('extractive'),
  exportLibrary: (r) => expect(r.counts.documents).toBe(1),
  importLibrary: (r) => expect(r.documents).toMatchObject({ imported: 0, present: 1 }),
  reindexDocument: (r) => expect(r.counts.indexed).toBe(1),
  removeDocument: (r) => expect(r.path).toBe(path.join(dir, 'plain.pdf')),
};

describe.each([
  ['WebSocket (serve)', overWebSocket],
  ['MessagePort (Electron engine process)', overMessagePort],
])('every API method over %s', (_name, connect) => {
  it('answers each method of the table, streams their events and serves the binary ones', async () => {
    const { client, fetchBinary, close } = await connect();
    const call = async <M extends ClientMethod>(m: M, params: Params<M>): Promise<{ result: Result<M>; events: unknown[] }> => {
      const events: unknown[] = [];
      const fn = client[m] as unknown as (p: unknown, onEvent?: (e: unknown) => void) => unknown;
      const kind = API[m].kind;
      if (kind === 'binary') {
        const fetched = await fetchBinary(fn(params) as string);
        if ('refused' in fetched) return { result: fetched as Result<M>, events };
        expect(fetched.mime).toBe((API[m] as { mime: string }).mime);
        return { result: fetched.bytes as Result<M>, events };
      }
      if (kind === 'call') return { result: (await fn(params)) as Result<M>, events };
      const handle = fn(params, (e) => events.push(e)) as { result: Promise<Result<M>> };
      return { result: await handle.result, events };
    };
    try {
      const ingested = await call('ingest', { paths: [path.join(dir, 'plain.pdf')] });
      const doc = (await call('listDocuments', undefined)).result[0]!;
      const params = paramsFor(doc.id, doc.path);
      const order = Object.keys(params) as Method[];
      expect(new Set(order)).toEqual(new Set(METHODS));
      const streamed: Method[] = [];
      for (const m of order) {
        if ((API[m] as MethodSpec).cliOnly) {
          expect(client).not.toHaveProperty(m);
          await expect(client.transport.call(m as never, params[m]).result).rejects.toMatchObject({ code: 'unknown-method', params: { method: m } });
          continue;
        }
        const cm = m as ClientMethod;
        const { result, events } = cm === 'ingest' ? ingested : await call(cm, params[cm] as never);
        (checks[cm] as (r: unknown) => void)(result);
        if (events.length) streamed.push(cm);
      }
      // the streams that always emit did so through the transport
      expect(streamed).toEqual(expect.arrayContaining(['ingest', 'ask', 'reindexDocument', 'exportLibrary', 'importLibrary']));
    } finally {
      close();
    }
  }, 240_000);
});

describe('a method the engine does not have', () => {
  it('is refused by code, not left hanging', async () => {
    const { client, close } = await overMessagePort();
    try {
      await expect(client.transport.call('noSuchMethod' as never, {}).result).rejects.toMatchObject({ code: 'unknown-method', params: { method: 'noSuchMethod' } });
    } finally {
      close();
    }
  });
});
