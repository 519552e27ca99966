/**
 * Uploads to `docsearch serve` over real HTTP, against a real Engine: the size limit (a setting, read per
 * upload) by Content-Length and while streaming, the free-disk check (the real disk, and a small tmpfs
 * when this process may mount one), one stored copy per content, copies deleted with their document,
 * upload ids instead of server paths, partial files cleaned up, and the CLI-only `ocr` refused.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { RpcResponse } from '#shared/rpc';
import { Engine } from '../src-main/engine/engine.js';
import { uploadsDir } from '../src-main/engine/uploads.js';
import { startServer, type RunningServer } from '../src-main/serve/server.js';
import { removeTempDirs, tempDir, writeFile } from './helpers.js';

const MB = 1024 * 1024;
let dir: string;
let uploads: string;
let engine: Engine;
let server: RunningServer;
let rendererDir: string;

beforeAll(async () => {
  dir = tempDir();
  rendererDir = path.join(dir, 'renderer');
  writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>docsearch</title>');
  const dbPath = path.join(dir, 'data', 's.db');
  engine = new Engine({ dbPath });
  uploads = uploadsDir(dbPath);
  server = await startServer({ api: engine, rendererDir, uploadDir: uploads });
});

afterAll(async () => {
  await server?.close();
  engine?.close();
  removeTempDirs();
});

const setLimits = (limits: { uploadMaxBytes?: number; uploadMinFreeBytes?: number }) => engine.updateSettings({ limits });
const entries = (folder: string) => (fs.existsSync(folder) ? fs.readdirSync(folder) : []);
const partials = (root = uploads) => entries(path.join(root, '.partial'));

interface Answer {
  status: number;
  body: Record<string, unknown>;
  text: string;
  /** chunks written before the answer came (streamed bodies) */
  sent: number;
}

/**
 * PUT /upload. `bytes`: sent whole with its Content-Length. `declared`: a Content-Length and no body
 * (an early refusal must not wait for it). `stream`: chunked, no Content-Length, a chunk every few ms
 * until the answer comes or all are sent.
 */
function put(
  name: string,
  body: { bytes: Buffer } | { declared: number } | { stream: { chunk: number; count: number } },
  srv: RunningServer = server,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers = 'bytes' in body ? { 'content-length': body.bytes.length } : 'declared' in body ? { 'content-length': body.declared } : {};
    const req = http.request({ host: '127.0.0.1', port: new URL(srv.url).port, method: 'PUT', path: `/upload?token=${srv.token}&name=${encodeURIComponent(name)}`, headers });
    let sent = 0;
    let answered = false;
    req.on('response', (res) => {
      answered = true;
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) as Record<string, unknown>, text, sent }));
    });
    // once answered, the server closes the connection on the rest of the body: that is expected
    req.on('error', (e) => !answered && reject(e));
    if ('bytes' in body) req.end(body.bytes);
    else if ('stream' in body) {
      const tick = () => {
        if (answered || req.destroyed) return;
        if (sent === body.stream.count) return void req.end();
        sent++;
        req.write(Buffer.alloc(body.stream.chunk, sent % 256), () => setTimeout(tick, 2));
      };
      tick();
    } else req.flushHeaders();
  });
}

/** Opens /rpc; call() resolves with the method's result or error response. */
async function rpc() {
  const ws = new WebSocket(`ws://127.0.0.1:${new URL(server.url).port}/rpc?token=${server.token}`, { headers: { origin: server.url } });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  let next = 1;
  const pending = new Map<number, (r: RpcResponse) => void>();
  ws.on('message', (d) => {
    const r = JSON.parse(String(d)) as RpcResponse;
    if (r.type !== 'event') pending.get(r.id)?.(r);
  });
  return {
    call: (method: string, params?: unknown) =>
      new Promise<RpcResponse>((resolve) => {
        const id = next++;
        pending.set(id, resolve);
        ws.send(JSON.stringify({ type: 'call', id, method, params }));
      }),
    close: () => ws.close(),
  };
}

describe('serve uploads', () => {
  it('answers an upload with an id, never a server path, and ingests and removes it by that id', async () => {
    await setLimits({ uploadMaxBytes: 64 * MB, uploadMinFreeBytes: 0 });
    const text = Buffer.from('アップロードの本文です。\nuploaded words for the store\n');
    const up = await put('フォルダ/メモ.txt', { bytes: text });
    expect(up.status).toBe(201);
    expect(Object.keys(up.body)).toEqual(['upload']);
    expect(up.body.upload).toMatch(/^[0-9a-f]{64}\/メモ\.txt$/);
    expect(up.text).not.toContain(dir);
    expect(up.text).not.toContain('uploads');
    const stored = path.join(uploads, ...String(up.body.upload).split('/'));
    expect(fs.readFileSync(stored).equals(text)).toBe(true);

    const c = await rpc();
    try {
      const ingest = await c.call('ingest', { uploads: [up.body.upload] });
      expect(ingest).toMatchObject({ type: 'result', result: { counts: { indexed: 1 } } });
      // ids are names inside the uploads folder, nothing else
      for (const bad of ['../../etc/passwd', '/etc/passwd', `${'a'.repeat(64)}/..`, `${'a'.repeat(64)}/x/y.txt`, 'a.txt']) {
        expect(await c.call('ingest', { uploads: [bad] }), bad).toMatchObject({ type: 'error', error: { code: 'invalid-request' } });
      }
      const removed = await c.call('removeDocument', { doc: stored });
      expect(removed).toMatchObject({ type: 'result', result: { path: stored } });
      // the copy and its folder are gone; the uploads folder stays
      expect(fs.existsSync(stored)).toBe(false);
      expect(fs.existsSync(path.dirname(stored))).toBe(false);
      expect(fs.existsSync(uploads)).toBe(true);

      // a document indexed where it lies is removed from the store only, its file stays
      const own = writeFile(path.join(dir, 'mine', 'own.txt'), 'a file the user indexed in place\n');
      expect(await c.call('ingest', { paths: [own] })).toMatchObject({ type: 'result', result: { counts: { indexed: 1 } } });
      expect(await c.call('removeDocument', { doc: own })).toMatchObject({ type: 'result' });
      expect(fs.readFileSync(own, 'utf8')).toBe('a file the user indexed in place\n');
    } finally {
      c.close();
    }
  });

  it('keeps no copy of an upload that did not become its document\'s file: failed, or its content indexed from elsewhere', async () => {
    await setLimits({ uploadMaxBytes: 64 * MB, uploadMinFreeBytes: 0 });
    const c = await rpc();
    try {
      const broken = await put('broken.pdf', { bytes: Buffer.from('not a PDF at all') });
      expect(await c.call('ingest', { uploads: [broken.body.upload] })).toMatchObject({ type: 'result', result: { counts: { failed: 1 } } });
      const known = writeFile(path.join(dir, 'mine', 'known.txt'), 'indexed where it lies, then dropped in the browser too\n');
      expect(await c.call('ingest', { paths: [known] })).toMatchObject({ type: 'result', result: { counts: { indexed: 1 } } });
      const dropped = await put('known.txt', { bytes: fs.readFileSync(known) });
      expect(await c.call('ingest', { uploads: [dropped.body.upload] })).toMatchObject({ type: 'result', result: { counts: { unchanged: 1 } } });
      for (const id of [broken.body.upload, dropped.body.upload]) expect(fs.existsSync(path.join(uploads, String(id).split('/')[0]!))).toBe(false);
      expect(fs.readFileSync(known, 'utf8')).toContain('indexed where it lies');
    } finally {
      c.close();
    }
  });

  it('stores one copy of a content uploaded twice, under the name it came with first', async () => {
    await setLimits({ uploadMaxBytes: 64 * MB, uploadMinFreeBytes: 0 });
    const bytes = Buffer.from('the same content, dropped twice\n');
    const first = await put('first.txt', { bytes });
    const again = await put('again.txt', { bytes });
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(again.body.upload).toBe(first.body.upload);
    const folder = path.join(uploads, String(first.body.upload).split('/')[0]!);
    expect(fs.readdirSync(folder)).toEqual(['first.txt']);
    expect(partials()).toEqual([]);
  });

  it('refuses a file over the size limit from its Content-Length, before its body, and applies a changed limit at once', async () => {
    await setLimits({ uploadMaxBytes: 64 * 1024, uploadMinFreeBytes: 0 });
    // no body is sent: an answer that waited for it would never come
    const big = await put('big.pdf', { declared: 5 * MB });
    expect(big.status).toBe(413);
    expect(big.body).toMatchObject({ code: 'upload-too-large', params: { limitMb: 0.1 }, error: expect.stringContaining('limits.uploadMaxBytes') });
    expect(partials()).toEqual([]);

    await setLimits({ uploadMaxBytes: 10 * MB });
    expect((await put('big.txt', { bytes: Buffer.alloc(MB / 2, 'a') })).status).toBe(201);
  });

  it('stops a streamed upload (no Content-Length) as soon as it grows past the limit, and keeps nothing of it', async () => {
    await setLimits({ uploadMaxBytes: 64 * 1024, uploadMinFreeBytes: 0 });
    const before = entries(uploads);
    const r = await put('stream.pdf', { stream: { chunk: 16 * 1024, count: 200 } });
    expect(r.status).toBe(413);
    expect(r.body).toMatchObject({ code: 'upload-too-large' });
    // answered while the body was still coming (200 chunks would be 3.2 MB)
    expect(r.sent).toBeLessThan(200);
    await expect.poll(() => partials(), { timeout: 5000 }).toEqual([]);
    expect(entries(uploads)).toEqual(before);
  });

  it('refuses an upload that would leave less than the free-space margin on the real disk', async () => {
    await setLimits({ uploadMaxBytes: 2 ** 52, uploadMinFreeBytes: 0 });
    const r = await put('huge.pdf', { declared: 2 ** 51 }); // 2 PiB: more than this disk holds
    expect(r.status).toBe(507);
    expect(r.body).toMatchObject({ code: 'disk-full', params: { keepMb: 0 }, error: expect.stringContaining('not enough disk space') });
    expect(partials()).toEqual([]);
  });

  it('removes partial uploads that a dead serve left behind when it starts, not those of a live one', async () => {
    const dead = writeFile(path.join(uploads, '.partial', '999999999-dead', 'half.pdf'), 'half');
    const live = writeFile(path.join(uploads, '.partial', `${process.pid}-live`, 'half.pdf'), 'half');
    const other = await startServer({ api: engine, rendererDir, uploadDir: uploads });
    try {
      expect(fs.existsSync(path.dirname(dead))).toBe(false);
      expect(fs.existsSync(live)).toBe(true);
    } finally {
      await other.close();
      fs.rmSync(path.dirname(live), { recursive: true });
    }
  });

  it('leaves no partial file when the client breaks off', async () => {
    await setLimits({ uploadMaxBytes: 64 * MB, uploadMinFreeBytes: 0 });
    const before = entries(uploads);
    await new Promise<void>((resolve) => {
      const req = http.request({ host: '127.0.0.1', port: new URL(server.url).port, method: 'PUT', path: `/upload?token=${server.token}&name=half.pdf`, headers: { 'content-length': 1_000_000 } });
      req.on('error', () => resolve());
      req.on('close', () => resolve());
      req.write(Buffer.alloc(1000));
      setTimeout(() => req.destroy(), 200);
    });
    await expect.poll(() => partials(), { timeout: 5000 }).toEqual([]);
    expect(entries(uploads).filter((e) => e !== '.partial')).toEqual(before.filter((e) => e !== '.partial'));
  });

  it('refuses the CLI-only ocr method over the WebSocket', async () => {
    const c = await rpc();
    try {
      const r = await c.call('ocr', { path: '/dev/zero' });
      expect(r).toMatchObject({ type: 'error', error: { code: 'unknown-method', params: { method: 'ocr' } } });
    } finally {
      c.close();
    }
  });
});

/** A 8 MB tmpfs, when this process may mount one (root on Linux): a real small disk. */
function mountSmallDisk(): string | null {
  const at = path.join(tempDir('docsearch-tmpfs-'), 'disk');
  fs.mkdirSync(at);
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', at], { stdio: 'ignore' });
    return at;
  } catch {
    return null;
  }
}

describe('serve uploads on a small disk', () => {
  let disk: string | null = null;
  let small: RunningServer;
  beforeAll(async () => {
    disk = mountSmallDisk();
    if (disk) small = await startServer({ api: engine, rendererDir, uploadDir: path.join(disk, 'uploads') });
  });
  afterAll(async () => {
    await small?.close();
    // lazily: a request the server is still tearing down may hold a file open
    if (disk) execFileSync('umount', ['-l', disk]);
  });
  const free = () => {
    const s = fs.statfsSync(disk!);
    return s.bavail * s.bsize;
  };

  it.runIf(process.platform === 'linux')('keeps the free-space margin, and a disk that fills while writing ends in a clear 507 with nothing left', async (ctx) => {
    if (!disk) return ctx.skip(); // mounting needs root
    await setLimits({ uploadMaxBytes: 64 * MB, uploadMinFreeBytes: 4 * MB });
    const refused = await put('six.pdf', { declared: 6 * MB }, small);
    expect(refused.status).toBe(507);
    expect(refused.body).toMatchObject({ code: 'disk-full', params: { keepMb: 4 } });
    expect((await put('two.txt', { bytes: Buffer.alloc(2 * MB, 'b') }, small)).status).toBe(201);

    // streamed, so nothing is known beforehand: the disk fills while the file is written
    await setLimits({ uploadMinFreeBytes: 0 });
    const freeBefore = free();
    const full = await put('twelve.pdf', { stream: { chunk: 256 * 1024, count: 48 } }, small);
    expect(full.status).toBe(507);
    expect(full.body).toMatchObject({ code: 'disk-full', params: { freeMb: 0 } });
    await expect.poll(() => partials(path.join(disk!, 'uploads')), { timeout: 5000 }).toEqual([]);
    expect(free()).toBe(freeBefore);
  });
});
