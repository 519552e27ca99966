import type { Command } from 'commander';
import type { StoreStatus } from '#shared/api';
import { print } from '../output.js';
import { withEngine } from '../with-engine.js';

export function registerStatus(program: Command): void {
  program
    .command('status')
    .description('store location and counts')
    .option('--json')
    .action((o: { json?: boolean }) =>
      withEngine(program, (engine) => {
        const s = engine.status();
        if (o.json) print(JSON.stringify(s));
        else printStatus(s);
      }),
    );
}

function printStatus(s: StoreStatus): void {
  print(`store:     ${s.dbPath} (${(s.dbBytes / 1048576).toFixed(1)} MiB, schema v${s.schemaVersion})`);
  print(`documents: ${s.documents}${s.documentsIndexing ? ` (${s.documentsIndexing} unfinished: ingest them again to resume)` : ''}`);
  print(`pages:     ${s.pages}${s.pagesNeedingOcr ? ` (${s.pagesNeedingOcr} need OCR)` : ''}`);
  print(`chunks:    ${s.chunks}`);
  print(`vectors:   ${s.vectorSpace ? `${s.vectorSpace.model} (${s.vectorSpace.dims} dims)` : 'none (no embedder configured)'}`);
  print(`search:    sqlite-vec ${s.vectorLibrary.build === 'avx' ? 'AVX build' : `portable build (${s.vectorLibrary.reason})`}`);
}
