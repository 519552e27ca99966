import { API, CLIENT_METHODS, type ClientMethod, type Event, type MethodOfKind, type Params, type Result } from '#shared/api';
import { binaryPath, type BinaryMethod } from '#shared/rpc';
import type { CallHandle, Transport } from './transport.js';

type Calls = { [M in Extract<ClientMethod, MethodOfKind<'call'>>]: (params: Params<M>) => Promise<Result<M>> };
/** Streams return a handle: the result, and `cancel` (the engine keeps what is done, e.g. a partial answer). */
type Streams = { [M in Extract<ClientMethod, MethodOfKind<'stream'>>]: (params: Params<M>, onEvent?: (e: Event<M>) => void) => CallHandle<Result<M>> };
/** Binary methods give the URL their bytes are fetched from (an <img src>, say). */
type Binaries = { [M in BinaryMethod]: (params: Params<M>) => string };

/** The engine's API as the renderer calls it, derived from the method table (src-shared/api.ts), less its CLI-only methods. */
export type EngineClient = Calls & Streams & Binaries & { readonly transport: Transport };

export function engineClient(transport: Transport): EngineClient {
  const client: Record<string, unknown> = { transport };
  for (const m of CLIENT_METHODS) {
    const kind = API[m].kind;
    client[m] =
      kind === 'call'
        ? (params: unknown) => transport.call(m as never, params).result
        : kind === 'stream'
          ? (params: unknown, onEvent?: (e: unknown) => void) => transport.call(m as never, params, onEvent)
          : (params: unknown) => transport.binaryUrl(binaryPath(m as BinaryMethod, params as never));
  }
  return client as EngineClient;
}
