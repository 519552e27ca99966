/**
 * TEST DOUBLE of an Ollama server (no Ollama can run on this machine): a loopback HTTP server that
 * speaks the documented API (github.com/ollama/ollama docs/api.md) as far as docsearch uses it:
 * GET /api/version, GET /api/tags, POST /api/show, POST /api/chat (NDJSON stream or one object),
 * HEAD and POST /api/blobs/:digest (the body's sha256 must equal the digest), POST /api/create
 * (`files` naming uploaded blobs; NDJSON progress). Faults are injected per test: malformed or truncated
 * streams, HTTP errors, slow first byte, stalls. It does not run a model: replies are scripted.
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ChatBody {
  model: string;
  messages: { role: string; content: string }[];
  stream?: boolean;
  options?: Record<string, unknown>;
}

export interface DoubleBehaviour {
  /** installed model names */
  models: string[];
  /** the reply's pieces, streamed one NDJSON line each */
  reply: (body: ChatBody) => string[];
  /** ms between streamed pieces */
  pieceDelayMs: number;
  /** ms before the chat response's headers */
  headerDelayMs: number;
  /** after this many pieces the stream stalls (sends nothing more, keeps the connection open) */
  stallAfter: number | null;
  fault: null | 'bad-json' | 'truncated' | 'http-500' | 'no-content';
}

const DEFAULTS: DoubleBehaviour = {
  models: [],
  reply: () => ['はい', '。'],
  pieceDelayMs: 0,
  headerDelayMs: 0,
  stallAfter: null,
  fault: null,
};

export class OllamaDouble {
  behaviour: DoubleBehaviour = { ...DEFAULTS };
  readonly requests: { method: string; path: string; body?: unknown }[] = [];
  readonly blobs = new Map<string, number>();
  /** chat streams the client closed before the final message */
  chatsAborted = 0;
  chatsCompleted = 0;
  createRequests: Record<string, unknown>[] = [];

  private constructor(private readonly server: http.Server) {}

  static async start(behaviour: Partial<DoubleBehaviour> = {}): Promise<OllamaDouble> {
    const server = http.createServer();
    const d = new OllamaDouble(server);
    d.set(behaviour);
    server.on('request', (req, res) => void d.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return d;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  set(b: Partial<DoubleBehaviour>): void {
    this.behaviour = { ...DEFAULTS, ...this.behaviour, ...b };
  }

  reset(b: Partial<DoubleBehaviour> = {}): void {
    this.behaviour = { ...DEFAULTS, ...b };
    this.requests.length = 0;
    this.chatsAborted = 0;
    this.chatsCompleted = 0;
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  lastChat(): ChatBody | undefined {
    return [...this.requests].reverse().find((r) => r.path === '/api/chat')?.body as ChatBody | undefined;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    const blob = /^\/api\/blobs\/(sha256:[0-9a-f]{64})$/.exec(url.pathname);
    if (blob && req.method === 'POST') return this.uploadBlob(blob[1]!, req, res);
    const raw = await readBody(req);
    let body: unknown;
    try {
      body = raw.length ? JSON.parse(raw.toString('utf8')) : undefined;
    } catch {
      return json(res, 400, { error: 'invalid JSON' });
    }
    this.requests.push({ method: req.method ?? '', path: url.pathname, body });
    const has = (m: string) => this.behaviour.models.some((x) => tag(x) === tag(m));
    if (blob && req.method === 'HEAD') return void res.writeHead(this.blobs.has(blob[1]!) ? 200 : 404).end();
    switch (`${req.method} ${url.pathname}`) {
      case 'GET /api/version':
        return json(res, 200, { version: '0.0.0-test-double' });
      case 'GET /api/tags':
        return json(res, 200, { models: this.behaviour.models.map((name) => ({ name, model: name, modified_at: new Date(0).toISOString(), size: 1, digest: 'd', details: {} })) });
      case 'POST /api/show': {
        const model = (body as { model?: string })?.model ?? '';
        return has(model) ? json(res, 200, { modelfile: '', parameters: '', template: '', details: {} }) : json(res, 404, { error: `model '${model}' not found` });
      }
      case 'POST /api/chat':
        return this.chat(body as ChatBody, req, res);
      case 'POST /api/create':
        return this.create(body as { model: string; files?: Record<string, string> }, res);
      default:
        return json(res, 404, { error: 'not found' });
    }
  }

  private async chat(body: ChatBody, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const b = this.behaviour;
    if (!this.behaviour.models.some((x) => tag(x) === tag(body.model))) return json(res, 404, { error: `model '${body.model}' not found, try pulling it first` });
    await sleep(b.headerDelayMs);
    if (b.fault === 'http-500') return json(res, 500, { error: 'llama runner process has terminated' });
    const pieces = b.reply(body);
    const line = (content: string | undefined, done: boolean) =>
      JSON.stringify({ model: body.model, created_at: new Date().toISOString(), message: content === undefined ? { role: 'assistant' } : { role: 'assistant', content }, done, ...(done ? { done_reason: 'stop', eval_count: pieces.length } : {}) }) + '\n';
    if (body.stream === false) return json(res, 200, JSON.parse(line(pieces.join(''), true)));
    let closed = false;
    res.on('close', () => {
      if (!res.writableFinished) {
        closed = true;
        this.chatsAborted++;
      }
    });
    res.writeHead(200, { 'content-type': 'application/x-ndjson' });
    for (const [i, p] of pieces.entries()) {
      if (closed) return;
      if (b.stallAfter !== null && i >= b.stallAfter) return; // keep the connection open, send nothing
      if (b.fault === 'bad-json' && i === 1) res.write('{"model": "x", "message": {"content": \n');
      res.write(line(b.fault === 'no-content' ? undefined : p, false));
      await sleep(b.pieceDelayMs);
    }
    if (closed) return;
    if (b.fault === 'truncated') return void res.end(); // no final message
    res.end(line('', true));
    this.chatsCompleted++;
    void req;
  }

  private async uploadBlob(digest: string, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const hash = createHash('sha256');
    let bytes = 0;
    for await (const c of req) {
      hash.update(c as Buffer);
      bytes += (c as Buffer).length;
    }
    this.requests.push({ method: 'POST', path: `/api/blobs/${digest}`, body: { bytes } });
    if (`sha256:${hash.digest('hex')}` !== digest) return json(res, 400, { error: 'digest mismatch' });
    this.blobs.set(digest, bytes);
    res.writeHead(201).end();
  }

  private create(body: { model: string; files?: Record<string, string> }, res: http.ServerResponse): void {
    this.createRequests.push(body as Record<string, unknown>);
    const missing = Object.values(body.files ?? {}).filter((d) => !this.blobs.has(d));
    if (!body.files || missing.length) return json(res, 400, { error: `blob ${missing[0] ?? '(none)'} not found` });
    res.writeHead(200, { 'content-type': 'application/x-ndjson' });
    for (const status of ['parsing GGUF', 'using existing layer', 'writing manifest']) res.write(JSON.stringify({ status }) + '\n');
    this.behaviour.models = [...this.behaviour.models, body.model];
    res.end(JSON.stringify({ status: 'success' }) + '\n');
  }
}

function tag(name: string): string {
  return name.includes(':') ? name : `${name}:latest`;
}

function json(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
}

async function readBody(req: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

const sleep = (ms: number) => (ms > 0 ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve());
