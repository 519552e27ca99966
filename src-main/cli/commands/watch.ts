import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { IngestEvent, WatchSettings } from '#shared/api';
import type { Engine } from '../../engine/engine.js';
import type { WatchEvent } from '../../engine/watch/watcher.js';
import { print, usageError } from '../output.js';
import { progressReporter } from '../progress.js';
import { interruptSignal, withEngine } from '../with-engine.js';

export function registerWatch(program: Command): void {
  const watch = program
    .command('watch')
    .description('keep folders indexed in the foreground: the watch folders in settings and those given (new files ingested, changed ones updated, deleted ones removed); Ctrl-C stops')
    .argument('[folders...]', 'folders to watch besides those in settings')
    .action((folders: string[], _o: unknown, command: Command) =>
      withEngine(program, async (engine) => {
        const extra = folders.map((f) => path.resolve(f));
        if (!engine.getSettings().watch.folders.length && !extra.length) usageError(command, 'no folders to watch: give one (`docsearch watch ~/scans`) or add one to settings (`docsearch watch add ~/scans`)');
        const stopped = new Promise<void>((resolve) => interruptSignal(() => process.stderr.write('\nstopping…\n')).addEventListener('abort', () => resolve()));
        await engine.startWatching({ extraFolders: extra, emit: watchPrinter() });
        await stopped;
        await engine.stopWatching();
      }),
    );
  watch
    .command('add')
    .description('add a folder to the watch folders in settings (the app and `serve` follow it while running)')
    .argument('<folder>')
    .action((folder: string) =>
      withEngine(program, (engine) => {
        const f = path.resolve(folder);
        if (!fs.existsSync(f)) process.stderr.write(`docsearch: ${f} does not exist yet; it is watched once it does\n`);
        const { folders } = engine.getSettings().watch;
        printList(folders.includes(f) ? engine.getSettings().watch : engine.updateSettings({ watch: { folders: [...folders, f] } }).watch);
      }),
    );
  watch
    .command('remove')
    .description('take a folder out of the watch folders (its documents stay in the library)')
    .argument('<folder>')
    .action((folder: string, _o: unknown, command: Command) =>
      withEngine(program, (engine) => {
        const f = path.resolve(folder);
        const { folders } = engine.getSettings().watch;
        if (!folders.includes(f)) usageError(command, `${f} is not a watch folder (see \`docsearch watch list\`)`);
        printList(engine.updateSettings({ watch: { folders: folders.filter((x) => x !== f) } }).watch);
      }),
    );
  watch
    .command('list')
    .description('show the watch folders in settings')
    .action(() => withEngine(program, (engine: Engine) => printList(engine.getSettings().watch)));
}

function printList(w: WatchSettings): void {
  for (const f of w.folders) print(f);
  process.stderr.write(`${w.folders.length} watch folder${w.folders.length === 1 ? '' : 's'}; deleted files' documents are ${w.removeDeleted ? 'removed' : 'kept'} (watch.removeDeleted); a file is read once unchanged for ${w.debounceMs} ms (watch.debounceMs)\n`);
}

/** One line per folder change and per file handled; each batch's ingest shows as `ingest` shows it (bars on a TTY). */
function watchPrinter(): (e: WatchEvent) => void {
  let ingest: (e: IngestEvent) => void = () => {};
  return (e) => {
    switch (e.type) {
      case 'folder':
        process.stderr.write(`${e.state.padEnd(8)} ${e.folder}${e.detail ? ` (${e.detail})` : ''}\n`);
        break;
      case 'batch':
        ingest = progressReporter(process.stderr);
        break;
      case 'ingest':
        ingest(e.event);
        break;
      case 'gone':
        process.stderr.write(e.removed ? `removed  ${e.path} (document ${e.removed.id})\n` : `forgot   ${e.path} (its document stays)\n`);
        break;
    }
  };
}
