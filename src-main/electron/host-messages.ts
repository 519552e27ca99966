/** Messages between the Electron main process and the engine process (besides the RPC ports). */
import type { ErrorBody } from '#shared/errors';

export type HostRequest =
  | { type: 'connect' }
  /** a binary method's URL (src-shared/rpc.ts binaryPath), asked through the app's binary protocol */
  | { type: 'binary'; id: number; url: string }
  | { type: 'shutdown' };

export type HostResponse =
  | { type: 'binary'; id: number; mime?: string; bytes?: Uint8Array; error?: ErrorBody }
  | { type: 'closed' };
