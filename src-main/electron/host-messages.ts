/** Messages between the Electron main process and the engine process (besides the RPC ports). */
export type HostRequest =
  | { type: 'connect' }
  | { type: 'page-image'; id: number; docId: number; pageNo: number }
  | { type: 'shutdown' };

export type HostResponse =
  | { type: 'page-image'; id: number; png?: Uint8Array; error?: string }
  | { type: 'closed' };
