/** The engine's lifetime around one command, and Ctrl-C as a cancel signal. */
import type { Command } from 'commander';
import { defaultDbPath } from '../engine/paths.js';
import { Engine } from '../engine/engine.js';

/** The store of this run: `--db`, else the default one. */
export function storePath(program: Command): string {
  return program.opts<{ db?: string }>().db ?? defaultDbPath();
}

/** Opens the engine on the store, runs `body` and closes the engine, also when `body` throws. */
export async function withEngine<T>(program: Command, body: (engine: Engine) => T | Promise<T>): Promise<T> {
  const engine = new Engine({ dbPath: storePath(program) });
  try {
    return await body(engine);
  } finally {
    engine.close();
  }
}

/**
 * A signal aborted by the first Ctrl-C (after `onInterrupt`), so a long command stops cleanly and
 * reports what it did; a second Ctrl-C is Node's default and ends the process.
 */
export function interruptSignal(onInterrupt?: () => void): AbortSignal {
  const abort = new AbortController();
  process.once('SIGINT', () => {
    onInterrupt?.();
    abort.abort();
  });
  return abort.signal;
}
