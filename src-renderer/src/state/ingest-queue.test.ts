import { describe, expect, it } from 'vitest';
import { baseName, emptyQueue, percent, queueReducer, secondsLeft, type QueueAction, type QueueRow, type QueueState } from './ingest-queue';

type IngestEvent = Extract<QueueAction, { type: 'event' }>['event'];

const run = (actions: QueueAction[], from: QueueState = emptyQueue) => actions.reduce(queueReducer, from);
const ev = (batch: number, event: IngestEvent, at = 0): QueueAction => ({ type: 'event', batch, event, at });
const row = (s: QueueState, key: string): QueueRow => {
  const r = s.rows.find((x) => x.key === key);
  if (!r) throw new Error(`no row ${key} in ${s.rows.map((x) => x.key).join(', ')}`);
  return r;
};

describe('queueReducer', () => {
  it('takes a browser file from upload through its pages to indexed, with the progress numbers on the way', () => {
    let s = run([{ type: 'add', batch: 1, rows: [{ key: '1:#0', name: 'a.pdf', path: null, folder: false }] }]);
    expect(row(s, '1:#0')).toMatchObject({ stage: 'waiting', outcome: null, pagesDone: 0 });
    expect(s.batches).toEqual([{ id: 1, running: true, files: null }]);
    expect(percent(row(s, '1:#0'))).toBeNull(); // nothing measurable yet: an indeterminate bar

    s = run([{ type: 'upload-progress', key: '1:#0', loaded: 250, total: 1000 }], s);
    expect(row(s, '1:#0')).toMatchObject({ stage: 'uploading', upload: { loaded: 250, total: 1000 } });
    expect(percent(row(s, '1:#0'))).toBe(25);

    // serve answers an upload with its id; the engine's events name the stored file by a path ending in it
    const id = `${'5'.repeat(64)}/a.pdf`;
    const stored = `/srv/data/uploads/${id}`;
    s = run([{ type: 'uploaded', key: '1:#0', target: { upload: id } }, { type: 'ingest-started', batch: 1 }], s);
    expect(row(s, '1:#0')).toMatchObject({ stage: 'scanning', uploadId: id, path: null, upload: null });

    s = run([ev(1, { type: 'scan', files: 1 }), ev(1, { type: 'file-start', path: stored, index: 0, total: 1 })], s);
    expect(s.batches[0]!.files).toBe(1);
    expect(row(s, '1:#0').stage).toBe('reading');

    // resumed at page 3 of 10: pages 1–2 were done by an earlier run and do not count for the rate
    s = run([ev(1, { type: 'file-pages', path: stored, pages: 10, resumeFrom: 3 }, 1000)], s);
    expect(row(s, '1:#0')).toMatchObject({ stage: 'indexing', pages: 10, pagesDone: 2 });
    expect(percent(row(s, '1:#0'))).toBe(20);
    expect(secondsLeft(row(s, '1:#0'))).toBeNull(); // no page of this run yet

    s = run([ev(1, { type: 'page-stage', path: stored, page: 3, pages: 10, stage: 'ocr' }, 1500)], s);
    expect(row(s, '1:#0')).toMatchObject({ stage: 'ocr', page: 3 });

    s = run(
      [
        ev(1, { type: 'page', path: stored, page: 3, pages: 10, status: 'indexed' }, 3000),
        ev(1, { type: 'page', path: stored, page: 4, pages: 10, status: 'needs_ocr' }, 5000),
      ],
      s,
    );
    const mid = row(s, '1:#0');
    expect(mid).toMatchObject({ stage: 'indexing', page: null, pagesDone: 4 });
    expect(percent(mid)).toBe(40);
    // 2 pages in 4 s → 2 s a page, 6 pages left
    expect(secondsLeft(mid)).toBeCloseTo(12);

    s = run([ev(1, { type: 'embed', path: stored, done: 5, total: 20 })], s);
    expect(row(s, '1:#0')).toMatchObject({ stage: 'embedding', embed: { done: 5, total: 20 } });

    s = run([ev(1, { type: 'file-end', result: { path: stored, outcome: 'indexed', pages: 10, pagesNeedingOcr: 1, pagesUnreadable: 2 } })], s);
    expect(row(s, '1:#0')).toMatchObject({ stage: 'done', outcome: 'indexed', reason: null, pagesDone: 10, pagesNeedingOcr: 1, pagesUnreadable: 2 });
    expect(percent(row(s, '1:#0'))).toBe(100);
    expect(s.rows).toHaveLength(1); // events found the row by its path, they did not add rows

    // the call returned: finished rows keep their outcome
    s = run([{ type: 'batch-ended', batch: 1, outcome: 'cancelled', reason: 'x' }], s);
    expect(row(s, '1:#0').outcome).toBe('indexed');
    expect(s.batches[0]!.running).toBe(false);
  });

  it('lists the files found in a dropped folder above it, named from the folder, and drops the folder row at the end', () => {
    let s = run([
      {
        type: 'add',
        batch: 2,
        rows: [
          { key: '2:#0', name: 'docs', path: '/home/u/docs', folder: true },
          { key: '2:#1', name: 'memo.txt', path: '/home/u/memo.txt', folder: false },
        ],
      },
      { type: 'ingest-started', batch: 2 },
      ev(2, { type: 'scan', files: 3 }),
    ]);
    expect(row(s, '2:#1').stage).toBe('waiting');
    expect(row(s, '2:#0').stage).toBe('scanning'); // the folder stays the "still scanning" line

    s = run(
      [
        ev(2, { type: 'file-start', path: '/home/u/docs/sub/b.pdf', index: 0, total: 3 }),
        ev(2, { type: 'file-end', result: { path: '/home/u/docs/sub/b.pdf', outcome: 'skipped', reason: 'encrypted' } }),
        ev(2, { type: 'file-start', path: '/home/u/docs-old/c.pdf', index: 1, total: 3 }), // a sibling, not inside
      ],
      s,
    );
    expect(s.rows.map((r) => r.name)).toEqual(['docs/sub/b.pdf', 'docs', 'memo.txt', 'c.pdf']);
    expect(row(s, '2:/home/u/docs/sub/b.pdf')).toMatchObject({ outcome: 'skipped', reason: 'encrypted', folder: false });
    expect(percent(row(s, '2:/home/u/docs/sub/b.pdf'))).toBe(0); // skipped before any page

    s = run([{ type: 'batch-ended', batch: 2, outcome: 'cancelled', reason: '中止' }], s);
    expect(s.rows.some((r) => r.folder)).toBe(false);
    expect(row(s, '2:#1')).toMatchObject({ stage: 'done', outcome: 'cancelled', reason: '中止' });
    expect(row(s, '2:/home/u/docs-old/c.pdf').outcome).toBe('cancelled');
    expect(row(s, '2:/home/u/docs/sub/b.pdf').outcome).toBe('skipped');
  });

  it('names files inside a Windows folder with forward slashes', () => {
    const s = run([
      { type: 'add', batch: 1, rows: [{ key: '1:#0', name: 'Docs', path: 'C:\\Users\\u\\Docs', folder: true }] },
      ev(1, { type: 'file-start', path: 'C:\\Users\\u\\Docs\\a\\b.pdf', index: 0, total: 1 }),
    ]);
    expect(s.rows[0]!.name).toBe('Docs/a/b.pdf');
  });

  it('keeps batches apart: the same path in two batches has two rows', () => {
    const s = run([
      { type: 'add', batch: 1, rows: [{ key: '1:#0', name: 'a.txt', path: '/a.txt', folder: false }] },
      { type: 'add', batch: 2, rows: [{ key: '2:#0', name: 'a.txt', path: '/a.txt', folder: false }] },
      ev(2, { type: 'file-end', result: { path: '/a.txt', outcome: 'unchanged' } }),
    ]);
    expect(row(s, '1:#0').outcome).toBeNull();
    expect(row(s, '2:#0').outcome).toBe('unchanged');
  });

  it('ends a cancelled or failed batch: unfinished rows take its outcome, a cancelled file shows the pages it got through, a failed one a full bar', () => {
    const start = run([
      {
        type: 'add',
        batch: 1,
        rows: [
          { key: '1:#0', name: 'a.pdf', path: '/a.pdf', folder: false },
          { key: '1:#1', name: 'b.pdf', path: '/b.pdf', folder: false },
        ],
      },
      { type: 'add', batch: 2, rows: [{ key: '2:#0', name: 'c.pdf', path: '/c.pdf', folder: false }] },
      ev(1, { type: 'file-pages', path: '/a.pdf', pages: 8, resumeFrom: 1 }),
      ev(1, { type: 'page', path: '/a.pdf', page: 2, pages: 8, status: 'indexed' }),
    ]);

    const cancelled = queueReducer(start, { type: 'batch-ended', batch: 1, outcome: 'cancelled', reason: 'stopped' });
    expect(row(cancelled, '1:#0')).toMatchObject({ stage: 'done', outcome: 'cancelled', reason: 'stopped' });
    expect(percent(row(cancelled, '1:#0'))).toBe(25);
    expect(row(cancelled, '1:#1').outcome).toBe('cancelled');
    expect(row(cancelled, '2:#0').outcome).toBeNull(); // the other batch goes on
    expect(cancelled.batches.map((b) => b.running)).toEqual([false, true]);

    const failed = queueReducer(start, { type: 'batch-ended', batch: 1, outcome: 'failed', reason: 'engine crashed' });
    expect(row(failed, '1:#0')).toMatchObject({ outcome: 'failed', reason: 'engine crashed' });
    expect(percent(row(failed, '1:#0'))).toBe(100);
  });

  it('ends a row whose upload failed, and never starts it', () => {
    const s = run([
      {
        type: 'add',
        batch: 1,
        rows: [
          { key: '1:#0', name: 'a.pdf', path: null, folder: false },
          { key: '1:#1', name: 'b.pdf', path: null, folder: false },
        ],
      },
      { type: 'upload-progress', key: '1:#0', loaded: 10, total: 100 },
      { type: 'row-ended', key: '1:#0', outcome: 'failed', reason: 'disk full' },
      { type: 'uploaded', key: '1:#1', target: { path: '/up/b.pdf' } },
      { type: 'ingest-started', batch: 1 },
    ]);
    expect(row(s, '1:#0')).toMatchObject({ stage: 'done', outcome: 'failed', reason: 'disk full' });
    expect(row(s, '1:#1').stage).toBe('scanning');
  });

  it('adds rows that are already finished (unsupported files) as done', () => {
    const s = run([{ type: 'add', batch: 1, rows: [{ key: '1:#0', name: 'd/x.docx', path: null, folder: false, outcome: 'skipped', reason: 'unsupported' }] }]);
    expect(s.rows[0]).toMatchObject({ stage: 'done', outcome: 'skipped', reason: 'unsupported' });
  });

  it('clears finished rows and the batches left without rows, but never a running batch', () => {
    const s = run([
      { type: 'add', batch: 1, rows: [{ key: '1:#0', name: 'a', path: '/a', folder: false }] },
      { type: 'add', batch: 2, rows: [{ key: '2:#0', name: 'b', path: '/b', folder: false }, { key: '2:#1', name: 'c', path: '/c', folder: false }] },
      { type: 'add', batch: 3, rows: [{ key: '3:#0', name: 'd', path: '/d', folder: false }] },
      ev(1, { type: 'file-end', result: { path: '/a', outcome: 'indexed' } }),
      { type: 'batch-ended', batch: 1, outcome: 'cancelled', reason: '' },
      ev(2, { type: 'file-end', result: { path: '/b', outcome: 'indexed' } }),
      ev(3, { type: 'file-end', result: { path: '/d', outcome: 'indexed' } }), // batch 3 still running
      { type: 'clear-finished' },
    ]);
    expect(s.rows.map((r) => r.key)).toEqual(['2:#1']);
    expect(s.batches.map((b) => b.id)).toEqual([2, 3]);
  });
});

describe('baseName', () => {
  it('takes the last part of POSIX and Windows paths', () => {
    expect(baseName('/home/u/a.pdf')).toBe('a.pdf');
    expect(baseName('C:\\Users\\u\\Docs\\')).toBe('Docs');
  });
});
