/**
 * Watch folders: keeps the folders in settings (and any given by the caller) indexed. Each folder is
 * watched (folder-watcher.ts), scanned once for what changed while nobody watched (catch-up.ts), and
 * every change goes through one queue (queue.ts), so ingests never overlap and a rename's new path joins
 * its document before the old path is forgotten. The folder list is re-read every second, so a change in
 * settings (from the app, or `docsearch watch add` beside it) applies while running.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { CallContext, DocumentInfo, IngestEvent, IngestFileResult, IngestRequest, IngestSummary, WatchFolderStatus, WatchSettings, WatchStatus } from '#shared/api';
import { fsReason } from '../documents/files.js';
import type { KnownPath } from '../store/watch-paths.js';
import { catchUp } from './catch-up.js';
import { watchFolder, type FolderWatch } from './folder-watcher.js';
import { WatchQueue, type Batch } from './queue.js';

/** What a foreground watcher prints (`docsearch watch`). */
export type WatchEvent =
  | { type: 'folder'; folder: string; state: 'scanning' | 'watching' | 'error' | 'stopped'; detail?: string }
  /** a batch begins: the ingest events of its changed files follow */
  | { type: 'batch'; changed: number; gone: number }
  | { type: 'ingest'; event: IngestEvent }
  /** a file is gone: its document was removed, or kept (still holding other paths, or by the setting) */
  | { type: 'gone'; path: string; removed: DocumentInfo | null };

export interface WatcherDeps {
  settings: () => WatchSettings;
  ingest: (req: IngestRequest, ctx: CallContext<IngestEvent>) => Promise<IngestSummary>;
  forgetPath: (path: string, keepDocument: boolean) => DocumentInfo | null;
  /** whether the store knows the path (a gone file it never read is nothing to forget) */
  isKnown: (path: string) => boolean;
  knownUnder: (folder: string) => KnownPath[];
  countUnder: (folder: string) => number;
  /** folders watched besides the settings' (the CLI's arguments) */
  extraFolders?: readonly string[];
  emit?: (e: WatchEvent) => void;
}

interface Folder {
  path: string;
  /** null: not watched (missing or unreadable: tried again at the next settings check) */
  watch: FolderWatch | null;
  scanning: boolean;
  lastEvent: WatchFolderStatus['lastEvent'];
  lastError: string | null;
}

const FOLLOW_SETTINGS_MS = 1000;

/** Whether `p` is inside `folder` (not the folder itself). */
const isUnder = (p: string, folder: string) => p.startsWith(folder.endsWith(path.sep) ? folder : folder + path.sep);

/** Why a folder cannot be watched; null when it can. */
async function folderProblem(folder: string): Promise<string | null> {
  const st = await fs.stat(folder).catch((e: unknown) => e as Error);
  return st instanceof Error ? fsReason(st) : st.isDirectory() ? null : 'not a folder';
}

export class Watcher {
  private readonly folders = new Map<string, Folder>();
  private readonly queue: WatchQueue;
  private readonly abort = new AbortController();
  private follow: NodeJS.Timeout | undefined;
  private reconciling: Promise<void> = Promise.resolve();

  constructor(private readonly deps: WatcherDeps) {
    this.queue = new WatchQueue({
      debounceMs: () => deps.settings().debounceMs,
      stat: async (p) => {
        const st = await fs.stat(p).catch(() => null);
        return st?.isFile() ? { size: st.size, mtimeMs: st.mtimeMs } : null;
      },
      run: (batch) => this.run(batch),
      onError: (e) => this.failAll(`internal error: ${(e as Error).message ?? String(e)}`),
    });
  }

  /** Starts watching; resolves when every folder reachable now is watched and its catch-up scan queued. */
  async start(): Promise<void> {
    await this.reconcile();
    this.follow = setInterval(() => void this.reconcile(), FOLLOW_SETTINGS_MS);
  }

  /** Stops the watchers; a running ingest stops after its page (the next start resumes it). */
  async stop(): Promise<void> {
    clearInterval(this.follow);
    this.abort.abort();
    await this.reconciling;
    await this.queue.stop();
    await Promise.all([...this.folders.values()].map((f) => f.watch?.close()));
    for (const f of this.folders.values()) this.deps.emit?.({ type: 'folder', folder: f.path, state: 'stopped' });
    this.folders.clear();
  }

  /** Resolves when nothing is queued or being ingested (tests and the benchmark). */
  idle(): Promise<void> {
    return this.queue.idle();
  }

  status(): WatchStatus {
    const queued = this.queue.queued();
    const running = this.queue.running;
    const folders = [...this.folders.values()].map((f): WatchFolderStatus => {
      const ingesting = running !== null && [...running.changed, ...running.gone].some((p) => isUnder(p, f.path));
      return {
        path: f.path,
        state: f.scanning ? 'scanning' : !f.watch ? 'error' : ingesting ? 'ingesting' : 'watching',
        queued: queued.filter((p) => isUnder(p, f.path)).length,
        lastEvent: f.lastEvent,
        lastError: f.lastError,
        filesKnown: this.deps.countUnder(f.path),
      };
    });
    return { running: !this.abort.signal.aborted, folders };
  }

  /** The folders to watch now: settings' and the caller's, absolute, each once. */
  private wanted(): string[] {
    return [...new Set([...this.deps.settings().folders, ...(this.deps.extraFolders ?? [])].map((f) => path.resolve(f)))];
  }

  /** Follows the folder list: watches new folders (and failed ones again), closes those taken out. */
  private reconcile(): Promise<void> {
    // one at a time: a slow catch-up scan must not start the same folder twice
    return (this.reconciling = this.reconciling.then(async () => {
      if (this.abort.signal.aborted) return;
      const wanted = this.wanted();
      for (const [p, f] of this.folders) {
        if (wanted.includes(p)) continue;
        this.folders.delete(p);
        await f.watch?.close();
        this.queue.drop((q) => isUnder(q, p) && !wanted.some((w) => isUnder(q, w)));
        this.deps.emit?.({ type: 'folder', folder: p, state: 'stopped' });
      }
      for (const p of wanted) {
        const f = this.folders.get(p) ?? this.add(p);
        // a watched folder that was removed is watched again (and scanned) when it comes back
        const problem = await folderProblem(p);
        if (f.watch && !problem) continue;
        try {
          await this.open(f, problem);
        } catch (e) {
          this.fail(f, (e as Error).message ?? String(e));
        } finally {
          f.scanning = false;
        }
      }
    }));
  }

  private add(p: string): Folder {
    // 'scanning' until its first open decides: watched and scanned, or a problem
    const f: Folder = { path: p, watch: null, scanning: true, lastEvent: null, lastError: null };
    this.folders.set(p, f);
    return f;
  }

  /** Watches the folder, then queues what changed since the store last saw it. */
  private async open(f: Folder, problem: string | null): Promise<void> {
    await f.watch?.close();
    f.watch = null;
    if (problem) {
      // said once, not at every check while it stays missing
      if (f.lastError !== problem) this.fail(f, problem);
      return;
    }
    f.lastError = null;
    f.scanning = true;
    this.deps.emit?.({ type: 'folder', folder: f.path, state: 'scanning' });
    f.watch = watchFolder(f.path, (p) => this.queue.notify(p), (e) => this.fail(f, e.message));
    await f.watch.ready;
    const changed = await catchUp(f.path, this.deps.knownUnder(f.path), this.abort.signal);
    for (const p of changed) this.queue.notify(p);
    f.scanning = false;
    if (!this.abort.signal.aborted) this.deps.emit?.({ type: 'folder', folder: f.path, state: 'watching', detail: `${changed.length} changed while not watched` });
  }

  private fail(f: Folder, message: string): void {
    f.lastError = message;
    this.deps.emit?.({ type: 'folder', folder: f.path, state: 'error', detail: message });
  }

  private failAll(message: string): void {
    for (const f of this.folders.values()) this.fail(f, message);
  }

  /** The folders a path is in (watched folders may nest). */
  private foldersOf(p: string): Folder[] {
    return [...this.folders.values()].filter((f) => isUnder(p, f.path));
  }

  private note(p: string, action: NonNullable<WatchFolderStatus['lastEvent']>['action'], error?: string): void {
    const at = new Date().toISOString();
    for (const f of this.foldersOf(p)) {
      f.lastEvent = { at, path: p, action };
      if (error !== undefined) f.lastError = `${path.basename(p)}: ${error}`;
      else if (action === 'indexed') f.lastError = null;
    }
  }

  /**
   * One batch: the changed files ingested first (a renamed file joins its document), then the gone paths
   * forgotten, so a document is removed only when no path holds it any more.
   */
  private async run({ changed, gone }: Batch): Promise<void> {
    const emit = this.deps.emit;
    emit?.({ type: 'batch', changed: changed.length, gone: gone.length });
    if (changed.length) {
      const summary = await this.deps.ingest({ paths: changed }, { emit: emit && ((event) => emit({ type: 'ingest', event })), signal: this.abort.signal });
      for (const r of summary.files) this.noteResult(r);
    }
    if (this.abort.signal.aborted) return;
    const keep = !this.deps.settings().removeDeleted;
    // files of a folder that is itself gone (an unplugged drive, an unmounted share) were not deleted: they
    // are left to the catch-up scan when the folder is back
    const vanished = new Set<Folder>();
    if (gone.length) for (const f of this.folders.values()) if (await folderProblem(f.path)) vanished.add(f);
    for (const p of gone.filter((g) => this.deps.isKnown(g) && !this.foldersOf(g).some((f) => vanished.has(f)))) {
      const removed = this.deps.forgetPath(p, keep);
      this.note(p, removed ? 'removed' : 'kept');
      emit?.({ type: 'gone', path: p, removed });
    }
  }

  private noteResult(r: IngestFileResult): void {
    if (r.outcome === 'cancelled') return;
    this.note(r.path, r.outcome, r.outcome === 'failed' ? (r.reason ?? 'failed') : undefined);
  }
}
