import type { RpcRequest, RpcResponse } from '#shared/rpc';
import { filesFromDrop } from './drop';
import { CallError } from './errors';
import { RpcPeer } from './rpc-peer';
import type { ConnectionState, Transport } from './transport';
import { uploadFile } from './upload';

const MAX_RETRY_MS = 10_000;
/** close codes a server may use for a refused token (HTTP 401/403 are invisible to a WebSocket client) */
const AUTH_CLOSE_CODES = new Set([1008, 4401, 4403]);

/**
 * `docsearch serve`: the protocol over a WebSocket to the same host, page images and uploads over HTTP.
 * Calls made while (re)connecting wait in an outbox; calls in flight when the socket drops fail, since
 * the server stops them with the connection.
 */
export function browserTransport(token: string | null): Transport {
  const q = `token=${encodeURIComponent(token ?? '')}`;
  const listeners = new Set<(c: ConnectionState) => void>();
  let conn: ConnectionState = token ? { state: 'connecting' } : { state: 'unauthorized' };
  let socket: WebSocket | null = null;
  let attempt = 0;
  const outbox: RpcRequest[] = [];
  const inFlight = new Set<number>();

  const setConn = (c: ConnectionState) => {
    conn = c;
    for (const l of listeners) l(c);
  };
  const unauthorized = () => {
    setConn({ state: 'unauthorized' });
    for (const r of outbox.splice(0)) if (r.type === 'call') peer.fail(r.id, new CallError('unauthorized'));
  };
  const transmit = (req: RpcRequest) => {
    socket!.send(JSON.stringify(req));
    if (req.type === 'call') inFlight.add(req.id);
  };
  const peer = new RpcPeer((req) => {
    if (conn.state === 'unauthorized') {
      if (req.type === 'call') peer.fail(req.id, new CallError('unauthorized'));
    } else if (socket?.readyState === WebSocket.OPEN) {
      transmit(req);
    } else if (req.type === 'call') {
      outbox.push(req);
    } else {
      // cancelling a call that has not left yet: it never will
      const i = outbox.findIndex((r) => r.id === req.id);
      if (i >= 0) {
        outbox.splice(i, 1);
        peer.fail(req.id, new CallError('cancelled'));
      }
    }
  });

  const retry = () => {
    const retryInMs = Math.min(MAX_RETRY_MS, 500 * 2 ** attempt++);
    setConn({ state: 'reconnecting', retryInMs });
    window.setTimeout(connect, retryInMs);
  };
  /** The upgrade's status is hidden from scripts: ask the same URL over plain HTTP whether the token is refused. */
  const tokenRefused = async () => {
    try {
      const r = await fetch(`/rpc?${q}`, { cache: 'no-store' });
      return r.status === 401 || r.status === 403;
    } catch {
      return false; // server down: keep retrying
    }
  };

  function connect() {
    const ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/rpc?${q}`);
    let opened = false;
    ws.onopen = () => {
      opened = true;
      attempt = 0;
      socket = ws;
      setConn({ state: 'open' });
      for (const r of outbox.splice(0)) transmit(r);
    };
    ws.onmessage = (m) => {
      const r = JSON.parse(String(m.data)) as RpcResponse;
      if (r.type !== 'event') inFlight.delete(r.id);
      peer.receive(r);
    };
    ws.onclose = (e) => {
      socket = null;
      for (const id of inFlight) peer.fail(id, new CallError('connection-lost'));
      inFlight.clear();
      if (AUTH_CLOSE_CODES.has(e.code)) return unauthorized();
      if (opened) return retry();
      void tokenRefused().then((refused) => (refused ? unauthorized() : retry()));
    };
  }
  if (token) connect();

  return {
    call: (method, params, onEvent) => peer.call(method, params, onEvent),
    binaryUrl: (path) => `${path}&${q}`,
    connection: () => conn,
    onConnection: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    sourcesFromDrop: filesFromDrop,
    pickPaths: null,
    resolveSource: async (source, onProgress, signal) => {
      if (source.kind === 'path') return { path: source.path };
      try {
        return await uploadFile(`/upload?${q}&name=${encodeURIComponent(source.relativePath)}`, source.file, onProgress, signal);
      } catch (e) {
        if (e instanceof CallError && e.code === 'unauthorized') unauthorized();
        throw e;
      }
    },
  };
}
