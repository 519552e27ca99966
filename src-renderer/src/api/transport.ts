import type { RpcMethod } from '#shared/rpc';

/** A long call: its result, and a way to stop it (the engine keeps what is done, e.g. a partial answer). */
export interface CallHandle<T> {
  result: Promise<T>;
  cancel(): void;
}

export type ConnectionState =
  | { state: 'open' }
  | { state: 'connecting' }
  | { state: 'reconnecting'; retryInMs: number }
  /** the link has no token or one from an old session: nothing to retry */
  | { state: 'unauthorized' };

/** Something to ingest: a path the engine can read, or (browser) a local file that must be uploaded first. */
export type IngestSource =
  | { kind: 'path'; path: string; folder: boolean }
  | { kind: 'file'; file: File; relativePath: string };

/** What the engine is given for a source: a path it reads, or (browser) the id of a file uploaded to serve. */
export type IngestTarget = { path: string } | { upload: string };

export interface UploadProgress {
  loaded: number;
  total: number;
}

/**
 * How the renderer reaches the engine. Electron's preload bridge and `docsearch serve`'s WebSocket carry
 * the same RPC protocol (src-shared/rpc.ts); the rest (files, binary methods) differs per host.
 */
export interface Transport {
  call(method: RpcMethod, params: unknown, onEvent?: (event: unknown) => void): CallHandle<unknown>;
  /** the URL of a binary method's bytes, from its path (src-shared/rpc.ts binaryPath) */
  binaryUrl(path: string): string;
  connection(): ConnectionState;
  onConnection(listener: (c: ConnectionState) => void): () => void;
  /** Sources from a drop; must be called during the drop event (the item list is emptied afterwards). */
  sourcesFromDrop(dt: DataTransfer): Promise<IngestSource[]>;
  /** A native picker when the host has one (Electron); otherwise null and the UI uses <input type=file>. */
  readonly pickPaths: ((kind: 'files' | 'folder') => Promise<string[]>) | null;
  /** Makes a source readable by the engine: a path as is, a local file uploaded (its upload id). */
  resolveSource(source: IngestSource, onProgress: (p: UploadProgress) => void, signal: AbortSignal): Promise<IngestTarget>;
}
