/**
 * The engine side of the protocol (src-shared/rpc.ts), derived from the method table: any method of `API`
 * is dispatched the same way, `(params, { emit, signal })`, with no per-method code. Used by serve's
 * WebSocket, Electron's MessagePort and, for binary methods, serve's HTTP route and Electron's protocol.
 */
import { API, type CallContext, type EngineApi, type FileDownload, type Method, type MethodSpec } from '#shared/api';
import type { ErrorBody } from '#shared/errors';
import { parseBinaryPath, RPC_METHODS, type BinaryMethod, type RpcRequest, type RpcResponse } from '#shared/rpc';
import { ApiError, errorBody } from '../engine/errors.js';
import type { EngineRequest } from './remote-engine.js';

/** Calls one method of the API by name (the table guarantees every name has an implementation). */
export function invoke(api: EngineApi, method: Method, params: unknown, ctx: CallContext<unknown>): Promise<unknown> {
  const fn = api[method] as (p: unknown, c: CallContext<unknown>) => unknown;
  return Promise.resolve().then(() => fn.call(api, params, ctx));
}

/**
 * Serves the protocol for one connection: feed it every request; it calls `send` with responses.
 * Cancelling a call aborts its signal (ingest stops after the page, ask keeps the answer so far).
 * `methods`: what this connection may call (clients: the RPC methods; the supervisor: all).
 */
export function rpcConnection(
  api: EngineApi,
  send: (r: RpcResponse) => void,
  methods: readonly Method[] = RPC_METHODS,
): { handle(req: unknown): void; closeAll(): void } {
  const running = new Map<number, AbortController>();
  const call = async (id: number, method: Method, params: unknown) => {
    const abort = new AbortController();
    running.set(id, abort);
    const emit = API[method].kind === 'stream' ? (event: unknown) => send({ type: 'event', id, event }) : undefined;
    try {
      send({ type: 'result', id, result: await invoke(api, method, params, { emit, signal: abort.signal }) });
    } catch (e) {
      send({ type: 'error', id, error: errorBody(e) });
    } finally {
      running.delete(id);
    }
  };
  return {
    handle(req: unknown) {
      const r = req as RpcRequest | EngineRequest;
      if (!r || typeof r !== 'object' || typeof r.id !== 'number') return;
      if (r.type === 'cancel') return void running.get(r.id)?.abort();
      if (r.type !== 'call') return;
      if (!methods.includes(r.method)) return send({ type: 'error', id: r.id, error: errorBody(new ApiError('unknown-method', { method: String(r.method) })) });
      void call(r.id, r.method, r.params);
    },
    closeAll() {
      for (const a of running.values()) a.abort();
    },
  };
}

/** `fileName`: the answer is a file to save (the method returns a FileDownload), sent as an attachment. */
export type BinaryAnswer = { ok: true; mime: string; bytes: Uint8Array; fileName?: string } | { ok: false; error: ErrorBody };

/**
 * Answers the URL of a binary method (src-shared/rpc.ts binaryPath; serve's HTTP route, Electron's
 * protocol): its bytes and their MIME type, or the error. Null when the URL names no binary method.
 */
export function answerBinary(api: EngineApi, url: URL): Promise<BinaryAnswer> | null {
  const b = parseBinaryPath(url);
  return b && callBinary(api, b.method, b.params);
}

async function callBinary(api: EngineApi, method: BinaryMethod, params: unknown): Promise<BinaryAnswer> {
  try {
    const spec = API[method] as Extract<MethodSpec, { kind: 'binary' }>;
    const out = await invoke(api, method, params, {});
    if (!spec.download) return { ok: true, mime: spec.mime, bytes: out as Uint8Array };
    const { bytes, fileName } = out as FileDownload;
    return { ok: true, mime: spec.mime, bytes, fileName };
  } catch (e) {
    return { ok: false, error: errorBody(e) };
  }
}

/** The HTTP status of a failed binary call: the request named nothing that exists, or a fault. */
export function httpStatus(e: ErrorBody): number {
  return e.code === 'internal' || e.code === 'model' ? 500 : e.code === 'invalid-request' ? 400 : 404;
}
