import type { RpcErrorBody } from '../../../src-main/engine/rpc';

/**
 * Why a call failed: the engine's kinds (input / model / internal), plus what only the client can tell:
 * the connection dropped, the link's token was refused, or the user cancelled before it was sent.
 */
export type CallErrorKind = RpcErrorBody['kind'] | 'connection' | 'auth' | 'cancelled';

export class CallError extends Error {
  constructor(
    readonly kind: CallErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'CallError';
  }
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
