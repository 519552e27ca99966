import type { Command } from 'commander';
import { print } from '../output.js';
import { withEngine } from '../with-engine.js';

export function registerRemove(program: Command): void {
  program
    .command('remove')
    .description('remove a document (by id, sha256 prefix or path) and everything indexed from it')
    .argument('<doc>')
    .action((doc: string) =>
      withEngine(program, (engine) => {
        const d = engine.removeDocument({ doc });
        print(`removed ${d.id}: ${d.title} (${d.path})`);
      }),
    );
}
