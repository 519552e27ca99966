import type { Command } from 'commander';
import { print } from '../output.js';
import { progressReporter } from '../progress.js';
import { interruptSignal, withEngine } from '../with-engine.js';

export function registerIngest(program: Command): void {
  program
    .command('ingest')
    .description('index files and folders (PDF, text, Markdown); run again to resume an interrupted ingest')
    .argument('<paths...>')
    .option('--json', 'print the summary as JSON')
    .action((paths: string[], o: { json?: boolean }) =>
      withEngine(program, async (engine) => {
        const signal = interruptSignal(() => process.stderr.write('\ncancelling after the current page…\n'));
        const summary = await engine.ingest({ paths }, { emit: progressReporter(process.stderr), signal });
        const c = summary.counts;
        if (o.json) print(JSON.stringify(summary));
        else print(`${c.indexed} indexed, ${c.unchanged} unchanged, ${c.skipped} skipped, ${c.failed} failed${c.cancelled ? `, ${c.cancelled} cancelled` : ''} in ${(summary.ms / 1000).toFixed(1)} s`);
        if (c.failed || c.cancelled) process.exitCode = 1;
      }),
    );
}
