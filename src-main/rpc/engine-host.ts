/**
 * The engine process's side of the supervisor (rpc/engine-supervisor.ts): opens the engine, serves the
 * protocol on the channel to its parent, and does the start-up work of a long-running host. Shared by
 * serve's child process and Electron's utilityProcess, which only supply the channel.
 */
import { METHODS } from '#shared/api';
import { Engine, type EngineOptions } from '../engine/engine.js';
import { rpcConnection } from './dispatch.js';
import type { FromEngine, ToEngine } from './engine-supervisor.js';

export interface ParentChannel {
  send(m: FromEngine): void;
  onMessage(listener: (m: ToEngine) => void): void;
}

export function hostEngine(opts: EngineOptions, parent: ParentChannel, exit: (code: number) => void): void {
  // A bug that escapes a call leaves the engine in an unknown state: end the process, the supervisor
  // starts a clean one and the interrupted ingest resumes there.
  process.on('uncaughtException', (e) => {
    process.stderr.write(`docsearch engine: uncaught ${e.stack ?? String(e)}\n`);
    parent.send({ type: 'fatal', message: `the engine failed: ${e.message}` });
    exit(70);
  });
  let engine: Engine;
  try {
    engine = new Engine(opts);
  } catch (e) {
    // e.g. a store that cannot be opened or migrated: say why, rather than only an exit code
    parent.send({ type: 'fatal', message: (e as Error).message ?? String(e) });
    return exit(78);
  }
  // the parent's own calls, binary methods included: its adapters decide what reaches clients
  const conn = rpcConnection(engine, (r) => parent.send(r), METHODS);
  parent.onMessage((m) => {
    if (m.type === 'ping') return parent.send({ type: 'pong' });
    if (m.type !== 'shutdown') return conn.handle(m);
    // running ingests stop after their page (resumable), answers keep what arrived
    conn.closeAll();
    setTimeout(() => {
      engine.close();
      parent.send({ type: 'closed' });
      exit(0);
    }, 200);
  });
  // models verified and OCR made ready (the UI shows problems), ingests that a dead engine left behind
  // resumed (the host asks for the LLM check once, not at every restart), and the watch folders followed
  void engine.start();
  void engine.resumeInterrupted();
  void engine.startWatching();
}
