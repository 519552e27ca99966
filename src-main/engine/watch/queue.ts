/**
 * The watcher's queue, apart from the file system and the engine (so it is tested with a clock and a map):
 * paths that something happened to are coalesced, each is stat'ed until its size and modification time
 * have stayed the same for `debounceMs` (the write finished), and the paths ready together go to `run` as
 * one batch, one batch at a time.
 * A path that is gone is a removal. A rename is a removal and an addition: a removal waits for the
 * additions queued up to `debounceMs` after it, so the new path is ingested (joining the content's
 * document) before the old one is forgotten (which would otherwise remove the document and read it again).
 */

export interface FileSig {
  size: number;
  mtimeMs: number;
}

export interface Batch {
  /** files written and settled, to ingest */
  changed: string[];
  /** paths with no file any more, to forget (after `changed`) */
  gone: string[];
}

export interface QueueDeps {
  /** read at every check, so a change in settings applies to what is queued */
  debounceMs: () => number;
  /** the file's size and mtime; null when there is no file there */
  stat: (path: string) => Promise<FileSig | null>;
  run: (batch: Batch) => Promise<void>;
  /** what `run` threw (it is expected to report its own failures) */
  onError?: (e: unknown) => void;
  now?: () => number;
}

interface Entry {
  /** when the path entered the queue */
  first: number;
  /** when it last changed (an event, or a stat that differed) */
  since: number;
  /** undefined: not stat'ed since the last event */
  sig: FileSig | null | undefined;
}

/** a settled file is ready at its deadline; a timer never fires sooner than this after the last check */
const MIN_WAIT_MS = 10;
/**
 * files per ingest: a first scan of a large folder goes in parts, so a folder taken out of settings stops
 * within one part and the status moves, rather than one ingest of every file running for hours
 */
export const MAX_BATCH = 100;

export class WatchQueue {
  private readonly entries = new Map<string, Entry>();
  private timer: NodeJS.Timeout | undefined;
  private checking = false;
  private current: Promise<void> | null = null;
  /** the batch being run */
  running: Batch | null = null;
  private stopped = false;

  constructor(private readonly deps: QueueDeps) {}

  private now(): number {
    return (this.deps.now ?? Date.now)();
  }

  /** Something happened at `path` (created, written, removed, renamed to or from). */
  notify(path: string): void {
    if (this.stopped) return;
    const t = this.now();
    const e = this.entries.get(path);
    this.entries.set(path, { first: e?.first ?? t, since: t, sig: undefined });
    this.schedule(0);
  }

  /** Paths waiting (not those of the running batch). */
  queued(): string[] {
    return [...this.entries.keys()];
  }

  /** Drops the queued paths that `test` matches (a folder no longer watched). */
  drop(test: (path: string) => boolean): void {
    for (const p of [...this.entries.keys()]) if (test(p)) this.entries.delete(p);
  }

  /** Resolves when nothing is queued or running (tests, and a catch-up scan's end). */
  async idle(): Promise<void> {
    while (!this.stopped && (this.entries.size || this.current || this.checking)) {
      await (this.current ?? new Promise((r) => setTimeout(r, MIN_WAIT_MS)));
    }
  }

  /** Forgets what is queued and waits for the running batch (its caller aborts it). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.entries.clear();
    await this.current;
  }

  private schedule(delayMs: number): void {
    if (this.stopped || this.current || this.checking) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.check(), Math.max(0, delayMs));
  }

  /** Stats every queued path, runs the ready ones, and sets the timer for the next deadline. */
  private async check(): Promise<void> {
    this.checking = true;
    let batch: Batch;
    try {
      batch = await this.takeReady();
    } finally {
      this.checking = false;
    }
    if (this.stopped) return;
    if (batch.changed.length || batch.gone.length) {
      this.running = batch;
      this.current = this.deps.run(batch).catch((e: unknown) => this.deps.onError?.(e));
      await this.current;
      this.current = null;
      this.running = null;
    }
    if (this.entries.size) this.schedule(this.nextDeadline());
  }

  private async takeReady(): Promise<Batch> {
    const debounce = this.deps.debounceMs();
    const paths = [...this.entries.keys()];
    const sigs = await Promise.all(paths.map((p) => this.deps.stat(p)));
    const t = this.now();
    const changed: string[] = [];
    const gone: string[] = [];
    let waitingSince = Infinity; // the earliest queueing of an addition not in this batch
    for (const [i, p] of paths.entries()) {
      const e = this.entries.get(p);
      if (!e) continue; // dropped meanwhile
      const sig = sigs[i]!;
      if (e.sig !== undefined && !sameSig(e.sig, sig)) e.since = t;
      e.sig = sig;
      const ready = t - e.since >= debounce;
      if (sig && ready && changed.length < MAX_BATCH) changed.push(p);
      else if (sig) waitingSince = Math.min(waitingSince, e.first);
      else if (ready) gone.push(p);
    }
    // a removal waits for the additions queued by then (a rename's new name)
    const batch: Batch = { changed, gone: gone.filter((p) => waitingSince > this.entries.get(p)!.first + debounce) };
    for (const p of [...batch.changed, ...batch.gone]) this.entries.delete(p);
    return batch;
  }

  private nextDeadline(): number {
    const debounce = this.deps.debounceMs();
    const t = this.now();
    let next = Infinity;
    for (const e of this.entries.values()) {
      const due = e.sig === undefined ? t : e.since + debounce;
      // a removal held for an addition is looked at again at the addition's deadline, not at every turn
      if (e.sig !== null || due > t) next = Math.min(next, due);
    }
    return Math.max(MIN_WAIT_MS, (next === Infinity ? t + debounce : next) - t);
  }
}

const sameSig = (a: FileSig | null, b: FileSig | null) => (a === null || b === null ? a === b : a.size === b.size && a.mtimeMs === b.mtimeMs);
