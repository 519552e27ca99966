import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { startServer } from '../../serve/server.js';
import { print } from '../output.js';
import { storePath, withEngine } from '../with-engine.js';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('the app in a browser: engine + UI on 127.0.0.1 only, guarded by a per-launch token in the printed URL')
    .option('--port <n>', 'port (default: any free one)', (v) => Number.parseInt(v, 10))
    .action((o: { port?: number }) =>
      withEngine(program, async (engine) => {
        const running = await startServer({
          api: engine,
          // out/src-main/cli/commands/ → out/renderer
          rendererDir: fileURLToPath(new URL('../../../renderer', import.meta.url)),
          uploadDir: path.join(path.dirname(path.resolve(storePath(program))), 'uploads'),
          port: o.port,
        });
        print(`docsearch serve: open ${running.openUrl}`);
        // the LLM is checked at start (and a shipped GGUF imported if the model is missing); answers fall back
        // to extractive until it is ready
        void engine.llmStatus({ ensure: true }).then((s) => print(`LLM: ${s.state} — ${s.detail}`));
        // as the desktop app does at launch: models verified, OCR ready; the UI shows any problem
        void engine.start().then((r) => {
          for (const p of r.problems) process.stderr.write(`${p}\n`);
          print(`models: ${r.problems.length ? `${r.problems.length} problem(s)` : 'verified'}; OCR ${r.ocr.ready ? `ready (${r.ocr.strategy}${r.ocr.fallback ? `: ${r.ocr.fallback}` : ''})` : `off (${r.ocr.reason})`} in ${(r.ms.total / 1000).toFixed(1)} s`);
        });
        // runs until Ctrl-C or SIGTERM; the server closes first, then withEngine closes the engine
        await new Promise<void>((resolve) => {
          process.once('SIGINT', () => resolve());
          process.once('SIGTERM', () => resolve());
        });
        await running.close();
      }),
    );
}
