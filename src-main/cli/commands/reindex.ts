import type { Command } from 'commander';
import { print } from '../output.js';
import { interruptSignal, withEngine } from '../with-engine.js';

export function registerReindex(program: Command): void {
  program
    .command('reindex')
    .description('compute the vectors that are missing (new embedder, or documents ingested before it was installed); resumable')
    .option('--json', 'print the summary as JSON')
    .action((o: { json?: boolean }) =>
      withEngine(program, async (engine) => {
        const r = await engine.reindex(undefined, {
          emit: (ev) => {
            if (!o.json && process.stderr.isTTY) process.stderr.write(`\rembedding ${ev.done} / ${ev.total} chunks`);
          },
          signal: interruptSignal(),
        });
        if (o.json) print(JSON.stringify(r));
        else if (r.reason) print(`nothing embedded: ${r.reason}`);
        else print(`${process.stderr.isTTY ? '\n' : ''}${r.embedded} chunks embedded with ${r.model} in ${(r.ms / 1000).toFixed(1)} s; ${r.withVector} of ${r.chunks} have vectors${r.cancelled ? ' (stopped; run again to continue)' : ''}`);
        if (r.reason || r.cancelled) process.exitCode = 1;
      }),
    );
}
