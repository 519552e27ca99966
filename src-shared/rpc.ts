/**
 * The message protocol every transport carries (Electron's MessagePort between renderer and engine
 * process, `serve`'s WebSocket): one request per call, events for streams, a result or an error. Binary
 * methods are fetched by URL instead (serve: HTTP; Electron: the app's binary protocol), at `binaryPath`.
 *
 *   client → engine  { type: 'call', id, method, params }   { type: 'cancel', id }
 *   engine → client  { type: 'event', id, event }  then  { type: 'result', id, result } | { type: 'error', id, error }
 */
import { API, CLIENT_METHODS, type ClientMethod, type MethodOfKind, type Params } from './api.js';
import type { ErrorBody } from './errors.js';

/** The methods a client calls as messages: all but the binary and the CLI-only ones. */
export type RpcMethod = Exclude<ClientMethod, MethodOfKind<'binary'>>;
export type BinaryMethod = Extract<ClientMethod, MethodOfKind<'binary'>>;
export const RPC_METHODS = CLIENT_METHODS.filter((m): m is RpcMethod => API[m].kind !== 'binary');
export const BINARY_METHODS = CLIENT_METHODS.filter((m): m is BinaryMethod => API[m].kind === 'binary');

export type RpcRequest =
  | { type: 'call'; id: number; method: RpcMethod; params: unknown }
  | { type: 'cancel'; id: number };

export type RpcResponse =
  | { type: 'event'; id: number; event: unknown }
  | { type: 'result'; id: number; result: unknown }
  | { type: 'error'; id: number; error: ErrorBody };

/** Where a binary method's bytes are fetched: `/binary/<method>?params=<JSON>` (token etc. appended by the host). */
export function binaryPath<M extends BinaryMethod>(method: M, params: Params<M>): string {
  return `/binary/${method}?params=${encodeURIComponent(JSON.stringify(params))}`;
}

/** The method and params of a binary URL, or null when the URL names none. */
export function parseBinaryPath(url: URL): { method: BinaryMethod; params: unknown } | null {
  const m = /^\/binary\/([A-Za-z]+)$/.exec(url.pathname);
  const method = BINARY_METHODS.find((b) => b === m?.[1]);
  if (!method) return null;
  try {
    return { method, params: JSON.parse(url.searchParams.get('params') ?? 'null') ?? undefined };
  } catch {
    return { method, params: Symbol('malformed') };
  }
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
  /** native file/folder picker; paths chosen (empty when cancelled) */
  pickPaths(kind: 'files' | 'folder'): Promise<string[]>;
}

/** Electron's protocol for binary methods: `docsearch-binary://app/binary/<method>?params=…`. */
export const BINARY_SCHEME = 'docsearch-binary';
