/**
 * Runs the engine in a child process and keeps it running: when the process dies (a crash in native
 * code, out of memory, a kill), every call waiting on it is rejected with `engine-restarted` and the
 * reason, and a new process is started after a back-off. Calls made while it restarts wait for the new
 * one. After too many deaths in a row the engine is `down` and calls fail with that reason at once.
 * The host (serve, Electron main) only supplies `spawn`; the child runs rpc/engine-host.ts.
 */
import type { EngineApi } from '#shared/api';
import type { RpcResponse } from '#shared/rpc';
import { ApiError } from '../engine/errors.js';
import { remoteEngine, type EngineRequest } from './remote-engine.js';

/** `ping`: answered with `pong` by the engine's event loop (the watchdog's heartbeat) */
export type ToEngine = EngineRequest | { type: 'shutdown' } | { type: 'ping' };
/** `fatal`: the engine could not start (e.g. a failed store migration), sent before it exits */
export type FromEngine = RpcResponse | { type: 'fatal'; message: string } | { type: 'closed' } | { type: 'pong' };

export interface EngineProcess {
  readonly pid?: number;
  send(msg: ToEngine): void;
  kill(): void;
}

/** Starts one engine process; `exit` must be called once when it is gone, with why in words. */
export type SpawnEngine = (on: { message(m: FromEngine): void; exit(why: string): void }) => EngineProcess;

export type EngineHealth =
  | { state: 'running'; restarts: number }
  | { state: 'restarting'; reason: string; inMs: number; restarts: number }
  | { state: 'down'; reason: string; restarts: number };

export interface SupervisorOptions {
  /** waits before each restart of a series; a death after the last one leaves the engine down */
  backoffMs?: readonly number[];
  /** a process that lived this long starts the series again */
  stableMs?: number;
  /**
   * an engine that answers no heartbeat for this long is stuck (a synchronous loop in a library on a
   * crafted file, which no timer inside it can stop): it is killed and restarted like a dead one
   */
  hangMs?: number;
  /** how often the heartbeat is sent */
  pingMs?: number;
  onHealth?: (h: EngineHealth) => void;
}

export interface SupervisedEngine {
  api: EngineApi;
  health(): EngineHealth;
  /** the engine process now running, if any */
  pid(): number | undefined;
  /** asks the engine to stop its jobs (resumable) and close the store; kills it after `timeoutMs` */
  shutdown(timeoutMs?: number): Promise<void>;
}

export const DEFAULT_BACKOFF_MS = [500, 2_000, 5_000, 15_000, 30_000] as const;

export function superviseEngine(spawn: SpawnEngine, opts: SupervisorOptions = {}): SupervisedEngine {
  const backoff = opts.backoffMs ?? DEFAULT_BACKOFF_MS;
  const stableMs = opts.stableMs ?? 60_000;
  // above anything legitimate that holds the event loop (opening a 1 GB PDF, a store migration)
  const hangMs = opts.hangMs ?? 120_000;
  let lastPong = 0;
  let stuck: string | null = null;
  let child: EngineProcess | null = null;
  let startedAt = 0;
  let series = 0;
  let restarts = 0;
  let fatal: string | null = null;
  let stopping: (() => void) | null = null;
  let closed = false;
  const queue: EngineRequest[] = [];
  let health: EngineHealth = { state: 'running', restarts: 0 };
  const setHealth = (h: EngineHealth) => {
    health = h;
    opts.onHealth?.(h);
  };

  const remote = remoteEngine((req) => {
    if (health.state === 'down') throw new ApiError('engine-down', { reason: health.reason });
    if (child) child.send(req);
    else queue.push(req);
  });

  const start = () => {
    if (closed) return;
    fatal = null;
    stuck = null;
    startedAt = lastPong = Date.now();
    const proc = spawn({
      message: (m) => {
        if (m.type === 'pong') lastPong = Date.now();
        else if (m.type === 'fatal') fatal = m.message;
        else if (m.type !== 'closed') remote.receive(m);
      },
      exit: (why) => exited(proc, stuck ?? fatal ?? why),
    });
    child = proc;
    for (const req of queue.splice(0)) proc.send(req);
    if (health.state !== 'running') setHealth({ state: 'running', restarts });
  };

  const exited = (proc: EngineProcess, reason: string) => {
    if (child !== proc) return;
    child = null;
    if (stopping) return stopping();
    remote.failAll(new ApiError('engine-restarted', { reason }));
    queue.length = 0;
    series = Date.now() - startedAt >= stableMs ? 1 : series + 1;
    const wait = backoff[series - 1];
    if (wait === undefined) return setHealth({ state: 'down', reason, restarts });
    restarts++;
    setHealth({ state: 'restarting', reason, inMs: wait, restarts });
    setTimeout(start, wait).unref?.();
  };

  const watchdog = setInterval(() => {
    if (!child || stopping) return;
    if (Date.now() - lastPong <= hangMs) return child.send({ type: 'ping' });
    stuck = `the engine stopped responding for ${Math.round(hangMs / 1000)} s (stuck on a file it could not read)`;
    child.kill();
  }, opts.pingMs ?? Math.max(100, hangMs / 12));
  watchdog.unref?.();

  start();
  return {
    api: remote.api,
    health: () => health,
    pid: () => child?.pid,
    shutdown(timeoutMs = 10_000) {
      closed = true;
      clearInterval(watchdog);
      const proc = child;
      if (!proc) {
        setHealth({ state: 'down', reason: 'shut down', restarts });
        return Promise.resolve();
      }
      return new Promise<void>((resolve) => {
        const timer = setTimeout(() => proc.kill(), timeoutMs);
        stopping = () => {
          clearTimeout(timer);
          resolve();
        };
        proc.send({ type: 'shutdown' });
      });
    },
  };
}
