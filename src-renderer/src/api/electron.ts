import { BINARY_SCHEME, type DesktopBridge } from '#shared/rpc';
import { RpcPeer } from './rpc-peer';
import type { ConnectionState, IngestSource, Transport } from './transport';

/** Electron: the preload's bridge carries the protocol to the engine process; files have real paths. */
export function electronTransport(bridge: DesktopBridge): Transport {
  const peer = new RpcPeer((req) => bridge.send(req));
  bridge.onResponse((r) => peer.receive(r));
  const open: ConnectionState = { state: 'open' };
  return {
    call: (method, params, onEvent) => peer.call(method, params, onEvent),
    binaryUrl: (path) => `${BINARY_SCHEME}://app${path}`,
    connection: () => open,
    onConnection: () => () => {},
    sourcesFromDrop: async (dt) => {
      const entries = [...dt.items].map((item) => item.webkitGetAsEntry());
      return [...dt.files].map((file, i): IngestSource => ({ kind: 'path', path: bridge.pathForFile(file), folder: entries[i]?.isDirectory ?? false }));
    },
    pickPaths: (kind) => bridge.pickPaths(kind),
    resolveSource: async (source) => {
      // the engine reads paths itself; a File from an <input> still has one in Electron
      return { path: source.kind === 'path' ? source.path : bridge.pathForFile(source.file) };
    },
  };
}
