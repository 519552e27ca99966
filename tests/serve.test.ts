/**
 * `docsearch serve` with the real engine: the token and origin rules, the RPC protocol over WebSocket,
 * streamed uploads that are then ingested, and page images. (Upload limits: serve-uploads.test.ts; the UI
 * itself is tested by e2e/.)
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { binaryPath, type RpcResponse } from '#shared/rpc';
import { Engine } from '../src-main/engine/engine.js';
import { startServer, type RunningServer } from '../src-main/serve/server.js';
import { fixturesDir, removeTempDirs, tempDir, writeFile } from './helpers.js';

let dir: string;
let engine: Engine;
let server: RunningServer;

beforeAll(async () => {
  dir = tempDir();
  writeFile(path.join(dir, 'renderer', 'index.html'), '<!doctype html><title>docsearch</title>');
  writeFile(path.join(dir, 'renderer', 'assets', 'app.js'), 'console.log(1)');
  engine = new Engine({ dbPath: path.join(dir, 'data', 's.db') });
  server = await startServer({ api: engine, rendererDir: path.join(dir, 'renderer'), uploadDir: path.join(dir, 'data', 'uploads') });
});

afterAll(async () => {
  await server.close();
  engine.close();
  removeTempDirs();
});

/** Opens /rpc and makes calls; resolves each with its events and result or error. */
async function rpc(query: string, headers: Record<string, string> = {}) {
  const ws = new WebSocket(`ws://127.0.0.1:${new URL(server.url).port}/rpc${query}`, { headers });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
  let next = 1;
  const pending = new Map<number, { events: unknown[]; done: (r: RpcResponse) => void }>();
  ws.on('message', (d) => {
    const r = JSON.parse(String(d)) as RpcResponse;
    const p = pending.get(r.id)!;
    if (r.type === 'event') p.events.push(r.event);
    else p.done(r);
  });
  return {
    call(method: string, params?: unknown) {
      const id = next++;
      return new Promise<{ events: unknown[]; response: RpcResponse }>((resolve) => {
        const events: unknown[] = [];
        pending.set(id, { events, done: (response) => resolve({ events, response }) });
        ws.send(JSON.stringify({ type: 'call', id, method, params }));
      });
    },
    close: () => ws.close(),
  };
}

describe('docsearch serve', () => {
  it('listens on 127.0.0.1 only and prints a URL with the token', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.openUrl).toBe(`${server.url}/?token=${server.token}`);
    expect(server.token).toMatch(/^[0-9a-f]{64}$/);
  });

  it('answers 404 and stays up when the renderer files are gone (a rebuild in progress)', async () => {
    const index = path.join(dir, 'renderer', 'index.html');
    const kept = fs.readFileSync(index);
    fs.rmSync(index);
    try {
      expect((await fetch(`${server.url}/library`)).status).toBe(404);
      expect((await fetch(`${server.url}/`)).status).toBe(404);
    } finally {
      fs.writeFileSync(index, kept);
    }
    expect((await fetch(`${server.url}/`)).status).toBe(200);
  });

  it('serves the UI with a strict CSP and no referrer', async () => {
    const r = await fetch(`${server.url}/`);
    expect(r.status).toBe(200);
    expect(await r.text()).toContain('<title>docsearch</title>');
    expect(r.headers.get('content-security-policy')).toMatch(/^default-src 'self'/);
    expect(r.headers.get('referrer-policy')).toBe('no-referrer');
    expect((await fetch(`${server.url}/assets/missing.js`)).status).toBe(404);
    // paths cannot climb out of the renderer folder (the store sits beside it here)
    expect(await (await fetch(`${server.url}/../data/s.db`)).text()).toContain('<title>docsearch</title>');
    const raw = await new Promise<string>((resolve) => {
      // a literal ../ in the request line (fetch would normalise it away)
      http.get({ host: '127.0.0.1', port: new URL(server.url).port, path: '/assets/../../data/s.db' }, (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (d: string) => (body += d)).on('end', () => resolve(body));
      });
    });
    expect(raw).toContain('<title>docsearch</title>');
  });

  it('refuses API requests without the token, from another origin, or via another host name', async () => {
    await expect(rpc('')).rejects.toThrow('HTTP 401');
    await expect(rpc('?token=wrong')).rejects.toThrow('HTTP 401');
    await expect(rpc(`?token=${server.token}`, { origin: 'http://evil.example' })).rejects.toThrow('HTTP 403');
    await expect(rpc(`?token=${server.token}`, { host: 'rebound.example' })).rejects.toThrow('HTTP 403');
    expect((await fetch(`${server.url}${binaryPath('pageImage', { docId: 1, pageNo: 1 })}`)).status).toBe(401);
    expect((await fetch(`${server.url}/upload?name=a.txt`, { method: 'PUT', body: 'x' })).status).toBe(401);
    const cross = await fetch(`${server.url}/upload?token=${server.token}&name=a.txt`, { method: 'PUT', body: 'x', headers: { origin: 'http://evil.example' } });
    expect(cross.status).toBe(403);
  });

  it('streams an upload to disk, ingests it over RPC with progress, searches it and draws its page', async () => {
    const text = path.join(fixturesDir, 'plain.pdf');
    const up = await fetch(`${server.url}/upload?token=${server.token}&name=${encodeURIComponent('フォルダ/plain.pdf')}`, {
      method: 'PUT',
      body: fs.createReadStream(text) as unknown as RequestInit['body'],
      duplex: 'half',
      headers: { origin: server.url },
    } as RequestInit);
    expect(up.status).toBe(201);
    // the upload's id (content hash and name), not where the server put it (tests/serve-uploads.test.ts)
    const { upload } = (await up.json()) as { upload: string };
    const stored = path.join(dir, 'data', 'uploads', ...upload.split('/'));
    expect(fs.readFileSync(stored).equals(fs.readFileSync(text))).toBe(true);

    const c = await rpc(`?token=${server.token}`, { origin: server.url });
    const ingest = await c.call('ingest', { uploads: [upload] });
    expect(ingest.response).toMatchObject({ type: 'result', result: { counts: { indexed: 1 } } });
    expect(ingest.events.map((e) => (e as { type: string }).type)).toContain('file-end');
    const docs = await c.call('listDocuments');
    const doc = (docs.response as { result: { id: number; path: string }[] }).result.find((d) => d.path === stored)!;
    const page = await c.call('page', { docId: doc.id, pageNo: 1 });
    expect(page.response).toMatchObject({ type: 'result', result: { docId: doc.id, pageNo: 1, renderable: true } });
    const bad = await c.call('search', { query: '' });
    expect(bad.response).toMatchObject({ type: 'error', error: { code: 'invalid-request', params: { issues: expect.stringContaining('query is empty') } } });
    const unknown = await c.call('close');
    expect(unknown.response).toMatchObject({ type: 'error', error: { code: 'unknown-method', params: { method: 'close' }, message: 'unknown method "close"' } });
    c.close();

    const img = await fetch(`${server.url}${binaryPath('pageImage', { docId: doc.id, pageNo: 1 })}&token=${server.token}`);
    expect(img.status).toBe(200);
    expect(img.headers.get('content-type')).toBe('image/png');
    const png = Buffer.from(await img.arrayBuffer());
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    const missing = await fetch(`${server.url}${binaryPath('pageImage', { docId: doc.id, pageNo: 99 })}&token=${server.token}`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ code: 'page-not-found', params: { pageNo: 99 }, error: expect.stringMatching(/has no page 99/) });
  });
});
