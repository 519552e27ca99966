/** Starts serve's engine process with Node's child_process, for the supervisor (rpc/engine-supervisor.ts). */
import { fork } from 'node:child_process';
import type { FromEngine, SpawnEngine } from '../rpc/engine-supervisor.js';

/** `entry`: the built engine-process.js; `dbPath`: the store it opens. */
export function nodeEngineProcess(entry: string, dbPath: string): SpawnEngine {
  return ({ message, exit }) => {
    // 'advanced' serialization carries page images as bytes, not JSON arrays
    // no execArgv: the parent's flags (a test runner's loaders and conditions) are not the engine's
    const child = fork(entry, [dbPath], { serialization: 'advanced', execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let gone = false;
    const ended = (why: string) => {
      if (gone) return;
      gone = true;
      exit(why);
    };
    child.on('message', (m) => message(m as FromEngine));
    child.on('error', (e) => ended(`the engine process failed: ${e.message}`));
    child.on('exit', (code, signal) =>
      ended(signal ? `the engine process was killed (${signal}${signal === 'SIGKILL' ? ', e.g. out of memory' : ''})` : `the engine process ended with code ${code}`),
    );
    return {
      pid: child.pid,
      send: (m) => {
        if (child.connected) child.send(m);
      },
      kill: () => child.kill('SIGKILL'),
    };
  };
}
