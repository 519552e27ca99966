import type { RpcMethod, RpcRequest, RpcResponse } from '#shared/rpc';
import { CallError } from './errors.js';
import type { CallHandle } from './transport.js';

interface Pending {
  resolve(v: unknown): void;
  reject(e: Error): void;
  onEvent?: (event: unknown) => void;
}

/** The client side of the RPC protocol: numbered calls, their events and their single result or error. */
export class RpcPeer {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly send: (req: RpcRequest) => void) {}

  call(method: RpcMethod, params: unknown, onEvent?: (event: unknown) => void): CallHandle<unknown> {
    const id = this.nextId++;
    const result = new Promise<unknown>((resolve, reject) => this.pending.set(id, { resolve, reject, onEvent }));
    this.send({ type: 'call', id, method, params });
    return {
      result,
      cancel: () => {
        if (this.pending.has(id)) this.send({ type: 'cancel', id });
      },
    };
  }

  receive(r: RpcResponse): void {
    const p = this.pending.get(r.id);
    if (!p) return;
    if (r.type === 'event') return p.onEvent?.(r.event);
    this.pending.delete(r.id);
    if (r.type === 'result') p.resolve(r.result);
    else p.reject(new CallError(r.error));
  }

  /** Ends a call without an answer from the engine (its connection is gone, or it was never sent). */
  fail(id: number, error: CallError): void {
    this.pending.get(id)?.reject(error);
    this.pending.delete(id);
  }
}
