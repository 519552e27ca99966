/**
 * The engine process (Electron utilityProcess): OCR and ONNX work run here, so the window never freezes.
 * The main process hands over one MessagePort per window (the renderer's end is in its preload), which
 * carries the protocol of src-shared/rpc.ts; binary methods (page images) and shutdown come from the main
 * process directly.
 */
import path from 'node:path';
import type { MessagePortMain } from 'electron';
import { ApiError, errorBody } from '../engine/errors.js';
import { answerBinary, rpcConnection } from '../rpc/dispatch.js';
import { Engine } from '../engine/engine.js';
import type { HostRequest, HostResponse } from './host-messages.js';

const parentPort = process.parentPort;
const [dataDir, modelsDir, packaged] = process.argv.slice(2);
const engine = new Engine({ dbPath: path.join(dataDir!, 'docsearch.db'), modelsDir, packaged: packaged === 'packaged' });
const connections = new Set<{ closeAll(): void }>();
// checked at start: models verified and OCR made ready (the window shows problems), and a GGUF shipped in
// models/llm imported into a local Ollama that lacks the model
void engine.start();
void engine.llmStatus({ ensure: true });

parentPort.on('message', (e: { data: HostRequest; ports: MessagePortMain[] }) => {
  const msg = e.data;
  if (msg.type === 'connect' && e.ports[0]) {
    const port = e.ports[0];
    const conn = rpcConnection(engine, (r) => port.postMessage(r));
    connections.add(conn);
    port.on('message', (m) => conn.handle(m.data));
    port.on('close', () => {
      conn.closeAll();
      connections.delete(conn);
    });
    port.start();
  } else if (msg.type === 'binary') {
    const answer = answerBinary(engine, new URL(msg.url)) ?? Promise.resolve({ ok: false as const, error: errorBody(new ApiError('unknown-method', { method: msg.url })) });
    void answer.then((r) => reply(r.ok ? { type: 'binary', id: msg.id, mime: r.mime, bytes: r.bytes } : { type: 'binary', id: msg.id, error: r.error }));
  } else if (msg.type === 'shutdown') {
    // running ingests stop after their page (resumable), answers keep what arrived
    for (const c of connections) c.closeAll();
    setTimeout(() => {
      engine.close();
      reply({ type: 'closed' });
      process.exit(0);
    }, 200);
  }
});

function reply(r: HostResponse): void {
  parentPort.postMessage(r);
}
