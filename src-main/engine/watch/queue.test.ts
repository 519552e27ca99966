import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_BATCH, WatchQueue, type Batch, type FileSig } from './queue.js';

/** A folder as a map of path → size/mtime, a clock under the test's control, and the batches run. */
function setup(debounceMs = 100, runMs = 0) {
  const files = new Map<string, FileSig>();
  const batches: Batch[] = [];
  let running = 0;
  let maxRunning = 0;
  const queue = new WatchQueue({
    debounceMs: () => debounceMs,
    stat: async (p) => files.get(p) ?? null,
    run: async (b) => {
      maxRunning = Math.max(maxRunning, ++running);
      batches.push(b);
      await new Promise((r) => setTimeout(r, runMs));
      running--;
    },
  });
  const write = (p: string, size: number) => {
    files.set(p, { size, mtimeMs: Date.now() });
    queue.notify(p);
  };
  const remove = (p: string) => {
    files.delete(p);
    queue.notify(p);
  };
  return { files, batches, queue, write, remove, maxRunning: () => maxRunning };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('WatchQueue', () => {
  it('runs a written file once, after it has stayed the same for the debounce', async () => {
    const { batches, write } = setup(100);
    write('/w/a.txt', 10);
    await vi.advanceTimersByTimeAsync(90);
    expect(batches).toEqual([]);
    await vi.advanceTimersByTimeAsync(30);
    expect(batches).toEqual([{ changed: ['/w/a.txt'], gone: [] }]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(batches).toHaveLength(1);
  });

  it('waits while the file keeps growing, and coalesces its events into one run', async () => {
    const { batches, write } = setup(100);
    for (let i = 1; i <= 10; i++) {
      write('/w/big.pdf', i * 1000);
      await vi.advanceTimersByTimeAsync(60);
    }
    expect(batches).toEqual([]);
    await vi.advanceTimersByTimeAsync(120);
    expect(batches).toEqual([{ changed: ['/w/big.pdf'], gone: [] }]);
  });

  it('notices a change that came without an event (the stat differs) and waits again', async () => {
    const { batches, files, write } = setup(100);
    write('/w/a.txt', 1);
    await vi.advanceTimersByTimeAsync(50);
    files.set('/w/a.txt', { size: 2, mtimeMs: Date.now() });
    await vi.advanceTimersByTimeAsync(60); // the check at 100 ms sees the new size
    expect(batches).toEqual([]);
    await vi.advanceTimersByTimeAsync(120);
    expect(batches).toEqual([{ changed: ['/w/a.txt'], gone: [] }]);
  });

  it('batches the files ready together, and runs one batch at a time', async () => {
    const { batches, write, queue, maxRunning } = setup(50, 500);
    for (let i = 0; i < 80; i++) write(`/w/${i}.txt`, i + 1);
    await vi.advanceTimersByTimeAsync(70);
    expect(batches).toHaveLength(1);
    expect(batches[0]!.changed).toHaveLength(80);
    // written while the first batch runs: they wait for it, then go together
    for (let i = 80; i < 110; i++) {
      write(`/w/${i}.txt`, 1);
      await vi.advanceTimersByTimeAsync(5);
    }
    await vi.advanceTimersByTimeAsync(2000);
    expect(batches).toHaveLength(2);
    expect(batches[1]!.changed).toHaveLength(30);
    expect(maxRunning()).toBe(1);
    expect(queue.queued()).toEqual([]);
  });

  it('runs a large catch-up in parts, holding the removals until their part', async () => {
    const { batches, queue, remove, write } = setup(50, 100);
    for (let i = 0; i < MAX_BATCH * 2 + 50; i++) write(`/w/${String(i).padStart(3, '0')}.txt`, 1);
    remove('/w/renamed-from.txt');
    await vi.advanceTimersByTimeAsync(2000);
    expect(batches.map((b) => [b.changed.length, b.gone.length])).toEqual([
      [MAX_BATCH, 0],
      [MAX_BATCH, 0],
      [50, 1],
    ]);
    expect(new Set(batches.flatMap((b) => b.changed)).size).toBe(MAX_BATCH * 2 + 50);
    expect(queue.queued()).toEqual([]);
  });

  it('a path gone is a removal; written again before it settles, it is a change', async () => {
    const { batches, write, remove } = setup(100);
    remove('/w/old.txt');
    await vi.advanceTimersByTimeAsync(120);
    expect(batches).toEqual([{ changed: [], gone: ['/w/old.txt'] }]);
    write('/w/b.txt', 5);
    await vi.advanceTimersByTimeAsync(20);
    remove('/w/b.txt');
    await vi.advanceTimersByTimeAsync(20);
    write('/w/b.txt', 6);
    await vi.advanceTimersByTimeAsync(200);
    expect(batches[1]).toEqual({ changed: ['/w/b.txt'], gone: [] });
  });

  it('a rename: the removal waits for the new name, and both go in one batch', async () => {
    const { batches, files, queue, remove } = setup(100);
    remove('/w/a.pdf');
    await vi.advanceTimersByTimeAsync(30);
    // the new name appears a moment later and is still being written when the removal is due
    files.set('/w/b.pdf', { size: 1, mtimeMs: 1 });
    queue.notify('/w/b.pdf');
    await vi.advanceTimersByTimeAsync(90);
    expect(batches).toEqual([]);
    await vi.advanceTimersByTimeAsync(60);
    expect(batches).toEqual([{ changed: ['/w/b.pdf'], gone: ['/w/a.pdf'] }]);
  });

  it('follows a new debounce, drops a folder’s paths, and stops', async () => {
    let debounce = 1000;
    const batches: Batch[] = [];
    const files = new Map<string, FileSig>([['/w/a.txt', { size: 1, mtimeMs: 1 }], ['/v/b.txt', { size: 1, mtimeMs: 1 }]]);
    const queue = new WatchQueue({ debounceMs: () => debounce, stat: async (p) => files.get(p) ?? null, run: async (b) => void batches.push(b) });
    queue.notify('/w/a.txt');
    queue.notify('/v/b.txt');
    await vi.advanceTimersByTimeAsync(20);
    debounce = 10;
    queue.drop((p) => p.startsWith('/v/'));
    await vi.advanceTimersByTimeAsync(1000);
    expect(batches).toEqual([{ changed: ['/w/a.txt'], gone: [] }]);
    await queue.stop();
    queue.notify('/w/a.txt');
    await vi.advanceTimersByTimeAsync(2000);
    expect(batches).toHaveLength(1);
  });

  it('reports what a run threw and goes on', async () => {
    const errors: unknown[] = [];
    let runs = 0;
    const queue = new WatchQueue({
      debounceMs: () => 10,
      stat: async () => ({ size: 1, mtimeMs: 1 }),
      run: async () => {
        if (++runs === 1) throw new Error('boom');
      },
      onError: (e) => errors.push(e),
    });
    queue.notify('/w/a.txt');
    await vi.advanceTimersByTimeAsync(50);
    queue.notify('/w/b.txt');
    await vi.advanceTimersByTimeAsync(50);
    expect(runs).toBe(2);
    expect(errors).toEqual([new Error('boom')]);
  });
});
