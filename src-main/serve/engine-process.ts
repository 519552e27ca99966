/** `docsearch serve`'s engine, in a child process of serve (rpc/engine-host.ts). argv: the store's path. */
import { hostEngine } from '../rpc/engine-host.js';

const [dbPath] = process.argv.slice(2);
let sent: Promise<unknown> = Promise.resolve();
hostEngine(
  { dbPath: dbPath! },
  {
    // process.send is asynchronous: exit only after the last message (a `fatal` reason) is out
    send: (m) => void (sent = new Promise((resolve) => process.send?.(m, undefined, {}, resolve))),
    onMessage: (listener) => process.on('message', listener),
  },
  (code) => void sent.then(() => process.exit(code)),
);
