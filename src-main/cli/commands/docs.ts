import type { Command } from 'commander';
import type { DocumentInfo } from '#shared/api';
import { print } from '../output.js';
import { withEngine } from '../with-engine.js';

export function registerDocs(program: Command): void {
  program
    .command('docs')
    .description('list indexed documents')
    .option('--json')
    .action((o: { json?: boolean }) =>
      withEngine(program, (engine) => {
        const docs = engine.listDocuments();
        if (o.json) print(JSON.stringify(docs));
        else printDocs(docs);
      }),
    );
}

function printDocs(docs: DocumentInfo[]): void {
  if (!docs.length) return print('no documents yet: docsearch ingest <files or folders>');
  for (const d of docs) {
    const ocr = d.pagesNeedingOcr ? `, ${d.pagesNeedingOcr} need OCR` : '';
    const unreadable = d.pagesUnreadable ? `, ${d.pagesUnreadable} unreadable` : '';
    const byOcr = d.pagesOcr ? `, ${d.pagesOcr} by OCR` : '';
    print(`${String(d.id).padStart(4)}  ${d.status.padEnd(8)} ${d.kind.padEnd(8)} ${d.pageCount} p, ${d.chunkCount} chunks${byOcr}${ocr}${unreadable}  ${d.title}`);
    const version = d.version > 1 ? `  version ${d.version} of ${d.versionAt}` : '';
    print(`      ${d.sha256.slice(0, 12)}  ${d.path}${version}`);
    for (const other of d.paths.filter((p) => p !== d.path)) print(`      ${' '.repeat(12)}  also ${other}`);
  }
}
