/**
 * The file-system side of a watched folder: chokidar (v4, no globs: the ignore rule is a function) reports
 * that something happened to a file; what happened is decided later by the queue's stat. Folders are
 * followed to any depth; a removed folder reports each of its files.
 */
import { watch, type FSWatcher } from 'chokidar';
import { isIgnored } from './ignore.js';

export interface FolderWatch {
  /** resolves when the folder's tree is being watched (events from then on are not missed) */
  ready: Promise<void>;
  close(): Promise<void>;
}

export function watchFolder(folder: string, onFile: (path: string) => void, onError: (e: Error) => void): FolderWatch {
  const watcher: FSWatcher = watch(folder, {
    ignoreInitial: true,
    // the folder itself may be a dot folder; its entries are judged by their own names
    ignored: (p, stats) => p !== folder && isIgnored(p, stats ? stats.isFile() : undefined),
    // events as they happen: the queue coalesces a path's events itself (an editor's save by rename, a
    // rename's removal and addition), where chokidar's own smoothing would delay removals by 100 ms
    atomic: false,
  });
  // add, change and unlink are files' events; a file the ignore rule did not see stat'ed is judged here
  const onEvent = (p: string) => {
    if (!isIgnored(p, true)) onFile(p);
  };
  watcher.on('add', onEvent).on('change', onEvent).on('unlink', onEvent);
  watcher.on('error', (e) => onError(e instanceof Error ? e : new Error(String(e))));
  const ready = new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  return { ready, close: () => watcher.close() };
}
