import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import type { LibraryExportSummary, LibraryImportSummary, LibraryTransferEvent, LibraryTransferPhase } from '#shared/api';
import { print } from '../output.js';
import { interruptSignal, withEngine } from '../with-engine.js';

export function registerLibrary(program: Command): void {
  const library = program
    .command('library')
    .description('move a library to another machine: one archive file with the store (OCR results, chunks, vectors) and optionally the original files');
  library
    .command('export')
    .description('write the library to one archive file')
    .argument('<file>')
    .option('--with-files', "include the documents' original files")
    .option('--json', 'print the summary as JSON')
    .action((file: string, o: { withFiles?: boolean; json?: boolean }) =>
      withEngine(program, async (engine) => {
        const r = await engine.exportLibrary({ file, withFiles: Boolean(o.withFiles) }, { emit: transferProgress(process.stderr), signal: interruptSignal() });
        if (o.json) print(JSON.stringify(r));
        else printExport(r, Boolean(o.withFiles));
      }),
    );
  library
    .command('import')
    .description('verify an archive of `library export`, then merge its documents into this store (those already here are skipped)')
    .argument('<file>')
    .option('--with-files', 'restore the original files the archive holds (default folder: <data folder>/imported)')
    .option('--files-to <dir>', 'restore the original files into this folder (implies --with-files)')
    .option('--json', 'print the summary as JSON')
    .action((file: string, o: { withFiles?: boolean; filesTo?: string; json?: boolean }) =>
      withEngine(program, async (engine) => {
        const signal = interruptSignal(() => process.stderr.write('\nstopping after the current batch of documents…\n'));
        const r = await engine.importLibrary({ file, withFiles: Boolean(o.withFiles), filesTo: o.filesTo }, { emit: transferProgress(process.stderr), signal });
        if (o.json) print(JSON.stringify(r));
        else printImport(r);
        if (r.cancelled) process.exitCode = 1;
      }),
    );
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

function printExport(r: LibraryExportSummary, withFiles: boolean): void {
  const c = r.counts;
  const files = withFiles ? `, ${r.files.included} original files` : '';
  print(`exported ${c.documents} documents (${c.pages} pages, ${c.chunks} chunks, ${c.vectors} vectors${files}) to ${r.file}: ${mb(r.bytes)} in ${(r.ms / 1000).toFixed(1)} s`);
  for (const m of r.files.missing) print(`  file not included: ${m.path}: ${m.reason}`);
}

function printImport(r: LibraryImportSummary): void {
  const d = r.documents;
  const skipped = [d.present && `${d.present} already here`, d.notReady && `${d.notReady} not finished in the archive`].filter(Boolean).join(', ');
  print(`imported ${d.imported} documents (${r.pages} pages, ${r.chunks} chunks) from ${r.file}${skipped ? `; skipped ${skipped}` : ''} in ${(r.ms / 1000).toFixed(1)} s`);
  if (r.vectors) print(`${r.vectors} vectors taken from the archive`);
  if (r.vectorNote) print(r.vectorNote);
  if (r.queuedForEmbedding) print(`${r.queuedForEmbedding} chunks queued for embedding: \`docsearch reindex\` computes their vectors`);
  if (r.files.folder) print(`${r.files.restored} original files restored under ${r.files.folder}${r.files.missing ? `; ${r.files.missing} documents had no file in the archive (they keep their paths)` : ''}`);
  if (r.cancelled) print('stopped: the documents above are imported; import the same file again to go on');
}

const LABELS: Record<LibraryTransferPhase, string> = { snapshot: 'snapshot of the store', write: 'writing the archive', verify: 'verifying the archive', merge: 'merging documents' };
/** Phases counted in bytes are shown in MB, to a tenth. */
const inMb = (bytes: number) => Math.round(bytes / 104857.6) / 10;
const IN_BYTES: ReadonlySet<LibraryTransferPhase> = new Set(['write', 'verify']);

/** A bar per phase on a TTY; otherwise one line as each phase starts (logs, pipes). */
function transferProgress(stream: NodeJS.WriteStream): (e: LibraryTransferEvent) => void {
  let phase: LibraryTransferPhase | undefined;
  if (!stream.isTTY) {
    return (e) => {
      if (e.phase !== phase) stream.write(`${LABELS[e.phase]}…\n`);
      phase = e.phase;
    };
  }
  let bar: cliProgress.SingleBar | undefined;
  return (e) => {
    const [done, total] = IN_BYTES.has(e.phase) ? [inMb(e.done), inMb(e.total)] : [e.done, e.total];
    if (e.phase !== phase) {
      bar?.stop();
      const unit = IN_BYTES.has(e.phase) ? 'MB' : e.phase === 'snapshot' ? 'pages' : 'documents';
      bar = new cliProgress.SingleBar({ format: ` ${LABELS[e.phase].padEnd(22)} {bar} {percentage}% | {value}/{total} ${unit}`, hideCursor: true, stream }, cliProgress.Presets.shades_classic);
      bar.start(total, done);
      phase = e.phase;
    } else bar?.update(done);
    if (e.done === e.total) {
      bar?.stop();
      bar = undefined;
    }
  };
}
