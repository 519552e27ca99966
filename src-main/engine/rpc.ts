/**
 * The message protocol every transport carries (Electron's MessagePort between renderer and engine
 * process, `serve`'s WebSocket): one request per call, events for long calls, a result or an error.
 * The method table maps names to the API (contract.ts), so all adapters expose exactly the same calls.
 *
 *   client → engine  { type: 'call', id, method, params }   { type: 'cancel', id }
 *   engine → client  { type: 'event', id, event }  then  { type: 'result', id, result } | { type: 'error', id, error }
 */
import type { DocSearchApi } from './contract.js';
import { InputError } from './documents/types.js';
import { ModelError } from './models/manifest.js';
import { ZodError } from 'zod';

/** The callable API: the contract minus close() (the host process's) and pageImage (binary: HTTP / protocol). */
export type RpcApi = Omit<DocSearchApi, 'close' | 'pageImage'>;
export type RpcMethod = keyof RpcApi;

export const RPC_METHODS = [
  'ingest',
  'search',
  'listDocuments',
  'removeDocument',
  'reindexDocument',
  'reindex',
  'page',
  'status',
  'modelStatus',
  'start',
  'ocr',
  'getSettings',
  'updateSettings',
  'llmStatus',
  'ask',
] as const satisfies readonly RpcMethod[];

export type RpcRequest =
  | { type: 'call'; id: number; method: RpcMethod; params: unknown }
  | { type: 'cancel'; id: number };

export interface RpcErrorBody {
  /** `input`: the request was wrong (show the message); `model`: a model problem; `internal`: a bug */
  kind: 'input' | 'model' | 'internal';
  message: string;
}

export type RpcResponse =
  | { type: 'event'; id: number; event: unknown }
  | { type: 'result'; id: number; result: unknown }
  | { type: 'error'; id: number; error: RpcErrorBody };

export function errorBody(e: unknown): RpcErrorBody {
  if (e instanceof InputError) return { kind: 'input', message: e.message };
  if (e instanceof ModelError) return { kind: 'model', message: e.message };
  if (e instanceof ZodError) return { kind: 'input', message: e.issues.map((i) => `${i.path.join('.') || 'request'}: ${i.message}`).join('; ') };
  return { kind: 'internal', message: (e as Error)?.message ?? String(e) };
}

/**
 * Serves the protocol for one connection: feed it every request; it calls `send` with responses.
 * Cancelling a call aborts its signal (ingest stops after the page, ask keeps the answer so far).
 */
export function rpcConnection(api: RpcApi, send: (r: RpcResponse) => void): { handle(req: unknown): void; closeAll(): void } {
  const running = new Map<number, AbortController>();
  const call = async (id: number, method: RpcMethod, params: unknown) => {
    const abort = new AbortController();
    running.set(id, abort);
    const onEvent = (event: unknown) => send({ type: 'event', id, event });
    try {
      const p = params as never;
      let result: unknown;
      switch (method) {
        case 'ingest':
          result = await api.ingest(p, onEvent, abort.signal);
          break;
        case 'reindexDocument':
          result = await api.reindexDocument(p, onEvent, abort.signal);
          break;
        case 'reindex':
          result = await api.reindex(onEvent, abort.signal);
          break;
        case 'ask':
          result = await api.ask(p, onEvent, abort.signal);
          break;
        case 'ocr':
          result = await api.ocr(p, onEvent);
          break;
        case 'llmStatus':
          result = await api.llmStatus({ ...((params ?? {}) as { ensure?: boolean }), onImport: onEvent, signal: abort.signal });
          break;
        case 'modelStatus':
          result = await api.modelStatus(p);
          break;
        default:
          result = await (api[method] as (x: unknown) => unknown).call(api, params);
      }
      send({ type: 'result', id, result });
    } catch (e) {
      send({ type: 'error', id, error: errorBody(e) });
    } finally {
      running.delete(id);
    }
  };
  return {
    handle(req: unknown) {
      const r = req as RpcRequest;
      if (!r || typeof r !== 'object' || typeof r.id !== 'number') return;
      if (r.type === 'cancel') return void running.get(r.id)?.abort();
      if (r.type !== 'call') return;
      if (!(RPC_METHODS as readonly string[]).includes(r.method)) return send({ type: 'error', id: r.id, error: { kind: 'input', message: `unknown method "${String(r.method)}"` } });
      void call(r.id, r.method, r.params);
    },
    closeAll() {
      for (const a of running.values()) a.abort();
    },
  };
}

/**
 * What the Electron preload exposes as `window.docsearch` (contextBridge). The renderer speaks the same
 * protocol over it as over serve's WebSocket.
 */
export interface DesktopBridge {
  /** sends one request (call or cancel) to the engine process */
  send(req: RpcRequest): void;
  /** registers the one receiver of engine responses */
  onResponse(listener: (r: RpcResponse) => void): void;
  /** a dropped File's path on disk (webUtils.getPathForFile) */
  pathForFile(file: File): string;
  /** URL of a page image (served by the app's docsearch-page: protocol) */
  pageImageUrl(docId: number, pageNo: number): string;
  /** native file/folder picker; paths chosen (empty when cancelled) */
  pickPaths(kind: 'files' | 'folder'): Promise<string[]>;
}
