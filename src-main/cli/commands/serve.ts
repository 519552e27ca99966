import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { uploadsDir } from '../../engine/uploads.js';
import { superviseEngine } from '../../rpc/engine-supervisor.js';
import { nodeEngineProcess } from '../../serve/engine-child.js';
import { startServer } from '../../serve/server.js';
import { print } from '../output.js';
import { storePath } from '../with-engine.js';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('the app in a browser: engine + UI on 127.0.0.1 only, guarded by a per-launch token in the printed URL')
    .option('--port <n>', 'port (default: any free one)', (v) => Number.parseInt(v, 10))
    .action(async (o: { port?: number }) => {
      const dbPath = storePath(program);
      // The engine runs in a child process that is restarted when it dies (a crash in native code, out of
      // memory): the server and the browser's connection stay up, and calls in flight fail with the reason.
      const engine = superviseEngine(nodeEngineProcess(fileURLToPath(new URL('../../serve/engine-process.js', import.meta.url)), dbPath), {
        onHealth: (h) => {
          if (h.state === 'restarting') process.stderr.write(`docsearch serve: ${h.reason}; restarting the engine in ${(h.inMs / 1000).toFixed(1)} s\n`);
          else if (h.state === 'down') process.stderr.write(`docsearch serve: the engine is down: ${h.reason}\n`);
          else if (h.restarts) process.stderr.write('docsearch serve: the engine is running again\n');
        },
      });
      // This process holds no store state: a bug in a request handler is logged and the server goes on.
      process.on('uncaughtException', (e) => process.stderr.write(`docsearch serve: uncaught ${e.stack ?? String(e)}\n`));
      const running = await startServer({
        api: engine.api,
        // out/src-main/cli/commands/ → out/renderer
        rendererDir: fileURLToPath(new URL('../../../renderer', import.meta.url)),
        uploadDir: uploadsDir(dbPath),
        port: o.port,
      });
      print(`docsearch serve: open ${running.openUrl}`);
      // the LLM is checked at start (and a shipped GGUF imported if the model is missing); answers fall back
      // to extractive until it is ready
      void Promise.resolve(engine.api.llmStatus({ ensure: true })).then((s) => print(`LLM: ${s.state} — ${s.detail}`), () => {});
      // the engine process verifies the models and makes OCR ready at start; the UI shows any problem
      void Promise.resolve(engine.api.start()).then((r) => {
        for (const p of r.problems) process.stderr.write(`${p}\n`);
        print(`models: ${r.problems.length ? `${r.problems.length} problem(s)` : 'verified'}; OCR ${r.ocr.ready ? `ready (${r.ocr.strategy}${r.ocr.fallback ? `: ${r.ocr.fallback}` : ''})` : `off (${r.ocr.reason})`} in ${(r.ms.total / 1000).toFixed(1)} s`);
      }, () => {});
      // runs until Ctrl-C or SIGTERM: the server closes first, then the engine stops its jobs and the store
      await new Promise<void>((resolve) => {
        process.once('SIGINT', () => resolve());
        process.once('SIGTERM', () => resolve());
      });
      await running.close();
      await engine.shutdown();
    });
}
