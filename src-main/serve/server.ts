/**
 * `docsearch serve`: the engine and the built renderer for a browser, on 127.0.0.1 only.
 * - A per-launch random token guards every API route (WebSocket /rpc, /binary/<method>, /upload); the printed
 *   URL carries it, the renderer keeps it in sessionStorage and strips it from the address bar.
 * - Requests whose Origin is not this server, or whose Host is not 127.0.0.1/localhost on this port
 *   (DNS rebinding), are refused. Responses carry a strict Content-Security-Policy and no Referer leaves.
 * - /rpc speaks the protocol of src-shared/rpc.ts (the client methods only); /binary/<method> answers the
 *   table's binary methods (page images); /upload streams a dropped file's bytes to disk (upload-store.ts:
 *   size and disk limits from the settings, stored once per content) and answers with its upload id,
 *   which the client passes to ingest: no server path is sent.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { WebSocketServer } from 'ws';
import type { EngineApi } from '#shared/api';
import type { ErrorBody } from '#shared/errors';
import { errorBody } from '../engine/errors.js';
import { answerBinary, httpStatus, rpcConnection } from '../rpc/dispatch.js';
import { binaryHeaders, contentSecurityPolicy, contentType, safeRelativePath } from './http-helpers.js';
import { removeStalePartials, storeUpload, UploadRefused } from './upload-store.js';

export interface ServeOptions {
  api: EngineApi;
  /** the built renderer (index.html and assets) */
  rendererDir: string;
  /** where uploaded files are kept (they are the documents' files from then on): engine/uploads.ts uploadsDir */
  uploadDir: string;
  port?: number;
  /** fixed token (tests); default: 32 random bytes */
  token?: string;
}

export interface RunningServer {
  url: string;
  token: string;
  /** the URL to open, token included */
  openUrl: string;
  close(): Promise<void>;
}

export async function startServer(opts: ServeOptions): Promise<RunningServer> {
  if (!fs.existsSync(path.join(opts.rendererDir, 'index.html'))) {
    throw new Error(`the renderer is not built (${path.join(opts.rendererDir, 'index.html')} is missing): run \`npm run build\``);
  }
  const token = opts.token ?? randomBytes(32).toString('hex');
  await removeStalePartials(opts.uploadDir);
  const server = http.createServer();
  const wss = new WebSocketServer({ noServer: true, maxPayload: 16 * 1024 * 1024 });
  let port = 0;
  const origins = () => [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
  const hosts = () => [`127.0.0.1:${port}`, `localhost:${port}`];

  /** null when the request may proceed, else the status to refuse it with */
  const refusal = (req: http.IncomingMessage, url: URL, needsToken: boolean): number | null => {
    if (!hosts().includes(req.headers.host ?? '')) return 403;
    const origin = req.headers.origin;
    if (origin !== undefined && !origins().includes(origin)) return 403;
    if (needsToken && !sameToken(url.searchParams.get('token') ?? '', token)) return 401;
    return null;
  };

  server.on('request', (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    setSecurityHeaders(res, port);
    const api = url.pathname === '/upload' || url.pathname.startsWith('/binary/') || url.pathname === '/rpc';
    const refused = refusal(req, url, api);
    if (refused) return sendJson(res, refused, { error: refused === 401 ? 'missing or wrong token: open the URL printed by `docsearch serve`' : 'forbidden origin or host' });
    void route(req, res, url).catch((e) => sendError(res, 500, errorBody(e)));
  });

  const route = async (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => {
    const binary = req.method === 'GET' ? answerBinary(opts.api, url) : null;
    if (binary) {
      const r = await binary;
      if (r.ok) res.writeHead(200, { ...binaryHeaders(r), 'cache-control': 'private, max-age=60' }).end(r.bytes);
      else sendError(res, httpStatus(r.error), r.error);
      return;
    }
    if (url.pathname === '/upload' && req.method === 'PUT') return upload(req, res, url);
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { error: 'method not allowed' });
    return serveStatic(res, url.pathname);
  };

  const upload = async (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => {
    // the file is stored under its own name; the folders it was dropped in are the client's to show
    const name = safeRelativePath(url.searchParams.get('name') ?? '')?.split('/').pop();
    if (!name) return sendJson(res, 400, { error: 'upload needs ?name=<file name>' });
    const length = req.headers['content-length'];
    try {
      // read per upload, so a changed limit applies at once
      const { limits } = await opts.api.getSettings();
      const id = await storeUpload(req, opts.uploadDir, name, length === undefined ? null : Number(length), {
        maxBytes: limits.uploadMaxBytes,
        minFreeBytes: limits.uploadMinFreeBytes,
      });
      sendJson(res, 201, { upload: id });
    } catch (e) {
      if (req.destroyed) return; // the client went away: nobody to answer
      if (e instanceof UploadRefused) sendError(res, e.status, errorBody(e));
      else sendJson(res, 500, { error: `upload failed: ${(e as NodeJS.ErrnoException).code ?? 'error'}` });
      lingerThenCut(req);
    }
  };

  const serveStatic = async (res: http.ServerResponse, pathname: string) => {
    const rel = safeRelativePath(decodeURIComponent(pathname)) ?? 'index.html';
    const file = path.join(opts.rendererDir, rel);
    const stat = await fs.promises.stat(file).catch(() => null);
    // unknown paths get the app (client-side views), assets that do not exist a 404
    const target = stat?.isFile() ? file : rel.startsWith('assets/') ? null : path.join(opts.rendererDir, 'index.html');
    if (!target) return sendJson(res, 404, { error: 'not found' });
    // a file can vanish between stat and open (a renderer rebuild): answer 404, never crash the engine
    const stream = fs.createReadStream(target);
    stream.once('error', () => (res.headersSent ? res.destroy() : sendJson(res, 404, { error: 'not found' })));
    stream.once('open', () => {
      res.writeHead(200, { 'content-type': contentType(target), 'cache-control': target.endsWith('index.html') ? 'no-cache' : 'public, max-age=3600' });
      stream.pipe(res);
    });
  };

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const refused = url.pathname !== '/rpc' ? 404 : refusal(req, url, true);
    if (refused) {
      socket.end(`HTTP/1.1 ${refused} ${http.STATUS_CODES[refused]}\r\nConnection: close\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const conn = rpcConnection(opts.api, (r) => ws.readyState === ws.OPEN && ws.send(JSON.stringify(r)));
      ws.on('message', (data) => {
        try {
          conn.handle(JSON.parse(String(data)));
        } catch {
          ws.close(1003, 'messages are JSON');
        }
      });
      ws.on('close', () => conn.closeAll());
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const base = `http://127.0.0.1:${port}`;
  return {
    url: base,
    token,
    openUrl: `${base}/?token=${token}`,
    close: async () => {
      for (const c of wss.clients) c.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** How long the rest of a refused upload is read and dropped before its connection is cut. */
const LINGER_MS = 2000;

/**
 * After answering before the body was all read: the rest is read and dropped for a moment, so the client
 * reads the answer (closing at once resets the connection, and a reset can lose the answer); a body still
 * coming after that is cut off.
 */
function lingerThenCut(req: http.IncomingMessage): void {
  req.resume();
  setTimeout(() => req.complete || req.socket.destroy(), LINGER_MS).unref();
}

function sameToken(given: string, token: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function setSecurityHeaders(res: http.ServerResponse, port: number): void {
  res.setHeader(
    'content-security-policy',
    contentSecurityPolicy({ connect: [`ws://127.0.0.1:${port}`, `ws://localhost:${port}`] }),
  );
  res.setHeader('x-content-type-options', 'nosniff');
  // the page URL carries the token: never send it on as a Referer
  res.setHeader('referrer-policy', 'no-referrer');
  res.setHeader('cross-origin-resource-policy', 'same-origin');
}

/** An API error over HTTP: its English line, and its code and parameters for the renderer to word. */
function sendError(res: http.ServerResponse, status: number, e: ErrorBody): void {
  sendJson(res, status, { error: e.message, code: e.code, params: e.params });
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return void res.end();
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
}
