/**
 * The engine process (Electron utilityProcess): OCR and ONNX work run here, so the window never freezes,
 * and a crash here is survived (rpc/engine-supervisor.ts in the main process restarts it). It serves the
 * main process over parentPort (rpc/engine-host.ts); windows reach it through the main process.
 */
import path from 'node:path';
import type { MessageEvent } from 'electron';
import { hostEngine } from '../rpc/engine-host.js';
import type { ToEngine } from '../rpc/engine-supervisor.js';

const parentPort = process.parentPort;
const [dataDir, modelsDir, packaged] = process.argv.slice(2);
hostEngine(
  { dbPath: path.join(dataDir!, 'docsearch.db'), modelsDir, packaged: packaged === 'packaged' },
  {
    send: (m) => parentPort.postMessage(m),
    onMessage: (listener) => parentPort.on('message', (e: MessageEvent) => listener(e.data as ToEngine)),
  },
  // postMessage is queued: give the last message (a `fatal` reason) a moment to leave
  (code) => setTimeout(() => process.exit(code), 100),
);
