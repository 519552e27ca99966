/**
 * The engine's API in another process: every method of the table forwarded as the RPC protocol
 * (src-shared/rpc.ts) over a message channel, derived from the table with no per-method code. The
 * engine supervisor gives it to serve's routes and Electron's ports as if it were the engine itself.
 */
import { API, METHODS, type CallContext, type EngineApi, type Method } from '#shared/api';
import type { RpcResponse } from '#shared/rpc';
import { ApiError } from '../engine/errors.js';

/** A request to the engine process: any method of the table (binary ones included), or a cancel. */
export type EngineRequest = { type: 'call'; id: number; method: Method; params: unknown } | { type: 'cancel'; id: number };

export interface RemoteEngine {
  api: EngineApi;
  /** feed it every response the engine process sends */
  receive(r: RpcResponse): void;
  /** ends every call still waiting for an answer (the process is gone) */
  failAll(e: ApiError): void;
  /** calls waiting for an answer */
  readonly waiting: number;
}

interface Pending {
  resolve(v: unknown): void;
  reject(e: Error): void;
  emit?: (event: unknown) => void;
}

/** `send` may throw (no engine to send to): the call then fails with that error. */
export function remoteEngine(send: (req: EngineRequest) => void): RemoteEngine {
  let nextId = 1;
  const pending = new Map<number, Pending>();
  const call = (method: Method, params: unknown, ctx: CallContext<unknown> = {}) =>
    new Promise<unknown>((resolve, reject) => {
      const id = nextId++;
      if (ctx.signal?.aborted) return reject(new ApiError('cancelled'));
      pending.set(id, { resolve, reject, emit: API[method].kind === 'stream' ? ctx.emit : undefined });
      ctx.signal?.addEventListener('abort', () => pending.has(id) && send({ type: 'cancel', id }), { once: true });
      try {
        send({ type: 'call', id, method, params });
      } catch (e) {
        pending.delete(id);
        reject(e as Error);
      }
    });
  const api = Object.fromEntries(METHODS.map((m) => [m, (params: unknown, ctx?: CallContext<unknown>) => call(m, params, ctx)])) as unknown as EngineApi;
  return {
    api,
    receive(r) {
      const p = pending.get(r.id);
      if (!p) return;
      if (r.type === 'event') return p.emit?.(r.event);
      pending.delete(r.id);
      if (r.type === 'result') p.resolve(r.result);
      else p.reject(new ApiError(r.error.code, r.error.params));
    },
    failAll(e) {
      const all = [...pending.values()];
      pending.clear();
      for (const p of all) p.reject(e);
    },
    get waiting() {
      return pending.size;
    },
  };
}
