import { act, renderHook, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { CallError } from '../api/errors';
import type { IngestSource, IngestTarget, Transport } from '../api/transport';
import { ja } from '../i18n/ja';
import { appProviders, deferred, fakeEngine, type FakeEngine } from '../test/harness';
import { useIngest } from './ingest';

function setup(host?: Partial<Omit<Transport, 'call'>>) {
  const engine = fakeEngine({ host });
  const hook = renderHook(() => useIngest(), { wrapper: appProviders(engine.client) });
  return { engine, hook, ingest: () => hook.result.current };
}

const paths = (...ps: string[]): IngestSource[] => ps.map((path) => ({ kind: 'path', path, folder: false }));
const summary = { files: [], counts: { indexed: 0, unchanged: 0, skipped: 0, failed: 0, cancelled: 0 }, ms: 1 };
const ingestCalls = async (engine: FakeEngine, n: number) => {
  await waitFor(() => expect(engine.of('ingest')).toHaveLength(n));
  return engine.of('ingest');
};

describe('IngestProvider', () => {
  it('ingests a drop in one call, follows its events, and tells when documents changed', async () => {
    const { engine, ingest } = setup();
    act(() => ingest().add([...paths('/d/a.pdf'), { kind: 'path', path: '/d/scans', folder: true }]));
    const [call] = await ingestCalls(engine, 1);
    expect(call!.params).toEqual({ paths: ['/d/a.pdf', '/d/scans'] });
    // the rows move to scanning in the render after the call is made (a busy machine can see the call first)
    await waitFor(() =>
      expect(ingest().queue.rows.map((r) => [r.name, r.stage, r.folder])).toEqual([
        ['a.pdf', 'scanning', false],
        ['scans', 'scanning', true],
      ]),
    );
    const v0 = ingest().docsVersion;

    act(() => {
      call!.emit({ type: 'scan', files: 2 });
      call!.emit({ type: 'file-end', result: { path: '/d/a.pdf', outcome: 'indexed', pages: 3 } });
      call!.emit({ type: 'file-end', result: { path: '/d/scans/p1.png', outcome: 'failed', reason: 'unreadable' } });
    });
    expect(ingest().docsVersion).toBe(v0 + 1); // only the indexed file changed the documents
    expect(ingest().queue.rows.map((r) => [r.name, r.outcome])).toEqual([
      ['a.pdf', 'indexed'],
      ['scans/p1.png', 'failed'],
      ['scans', null],
    ]);

    await act(async () => call!.resolve(summary));
    expect(ingest().queue.batches).toEqual([{ id: 1, running: false, files: 2 }]);
    expect(ingest().queue.rows.map((r) => r.name)).toEqual(['a.pdf', 'scans/p1.png']); // the folder row had stood in for its files
    expect(ingest().docsVersion).toBe(v0 + 2);
  });

  it('runs batches one after another, and a batch cancelled while waiting never reaches the engine', async () => {
    const { engine, ingest } = setup();
    act(() => ingest().add(paths('/a.pdf')));
    act(() => ingest().add(paths('/b.pdf')));
    act(() => ingest().add(paths('/c.pdf')));
    const [first] = await ingestCalls(engine, 1);
    act(() => ingest().cancel(2));

    await act(async () => first!.resolve(summary));
    const calls = await ingestCalls(engine, 2);
    expect(calls.map((c) => c.params)).toEqual([{ paths: ['/a.pdf'] }, { paths: ['/c.pdf'] }]);
    const b = ingest().queue.rows.find((r) => r.name === 'b.pdf')!;
    expect(b).toMatchObject({ outcome: 'cancelled', reason: ja['ingest.cancelled'] });
  });

  it('cancels a running ingest through its call; files the engine did not reach end as cancelled', async () => {
    const { engine, ingest } = setup();
    act(() => ingest().add(paths('/a.pdf', '/b.pdf')));
    const [call] = await ingestCalls(engine, 1);
    act(() => call!.emit({ type: 'file-end', result: { path: '/a.pdf', outcome: 'indexed' } }));

    act(() => ingest().cancel(1));
    expect(call!.cancels).toBe(1);
    await act(async () => call!.resolve(summary)); // the engine stops after the page and answers
    expect(ingest().queue.rows.map((r) => [r.name, r.outcome, r.reason])).toEqual([
      ['a.pdf', 'indexed', null],
      ['b.pdf', 'cancelled', ja['ingest.cancelled']],
    ]);
  });

  it('marks the unfinished files failed with the error when the ingest call fails', async () => {
    const { engine, ingest } = setup();
    act(() => ingest().add(paths('/a.pdf')));
    const [call] = await ingestCalls(engine, 1);
    await act(async () => call!.reject(new CallError({ code: 'internal', params: { reason: 'database is locked' }, message: 'internal error: database is locked' })));
    expect(ingest().queue.rows[0]).toMatchObject({ outcome: 'failed', reason: '内部エラー: database is locked' });
    expect(ingest().queue.batches[0]!.running).toBe(false);
  });

  it('uploads browser files first with progress, skips unsupported files of a folder, and ingests what was uploaded by its id', async () => {
    const uploads = new Map<string, ReturnType<typeof deferred<IngestTarget>>>();
    const resolveSource = vi.fn<Transport['resolveSource']>((source, onProgress) => {
      if (source.kind !== 'file') throw new Error('expected a file');
      onProgress({ loaded: 1, total: 4 });
      const d = deferred<IngestTarget>();
      uploads.set(source.relativePath, d);
      return d.promise;
    });
    const { engine, ingest } = setup({ resolveSource });
    const file = (relativePath: string): IngestSource => ({ kind: 'file', file: new File(['x'], relativePath.split('/').pop()!), relativePath });
    act(() => ingest().add([file('dir/a.pdf'), file('dir/notes.docx'), file('dir/big.pdf'), file('dir/b.md'), file('c.txt')]));

    await waitFor(() => expect(uploads.has('dir/a.pdf')).toBe(true));
    const row = (name: string) => ingest().queue.rows.find((r) => r.name === name)!;
    expect(row('dir/notes.docx')).toMatchObject({ outcome: 'skipped', reason: ja['ingest.unsupported'].replace('{ext}', '.docx') });
    expect(row('dir/a.pdf')).toMatchObject({ stage: 'uploading', upload: { loaded: 1, total: 4 } });
    expect(row('dir/big.pdf').stage).toBe('waiting'); // one upload at a time

    const sha = (c: string) => c.repeat(64);
    await act(async () => uploads.get('dir/a.pdf')!.resolve({ upload: `${sha('a')}/a.pdf` }));
    await waitFor(() => expect(uploads.has('dir/big.pdf')).toBe(true));
    await act(async () => uploads.get('dir/big.pdf')!.reject(new CallError({ code: 'internal', params: { reason: 'file too large' }, message: 'file too large' })));
    await waitFor(() => expect(uploads.has('dir/b.md')).toBe(true));
    await act(async () => uploads.get('dir/b.md')!.reject(new CallError('unauthorized')));
    await waitFor(() => expect(uploads.has('c.txt')).toBe(true));
    await act(async () => uploads.get('c.txt')!.resolve({ upload: `${sha('c')}/c.txt` }));

    const [call] = await ingestCalls(engine, 1);
    expect(call!.params).toEqual({ uploads: [`${sha('a')}/a.pdf`, `${sha('c')}/c.txt`] });
    expect(resolveSource.mock.calls.map(([s]) => (s.kind === 'file' ? s.relativePath : s.path))).not.toContain('dir/notes.docx');
    await waitFor(() => expect(row('dir/a.pdf')).toMatchObject({ uploadId: `${sha('a')}/a.pdf`, stage: 'scanning', upload: null }));
    expect(row('dir/big.pdf')).toMatchObject({ outcome: 'failed', reason: '内部エラー: file too large' });
    expect(row('dir/b.md')).toMatchObject({ outcome: 'failed', reason: ja['error.unauthorized'] });
    // the engine reports the file by its path in the server's uploads folder: the row is found by the id in it
    act(() => call!.emit({ type: 'file-end', result: { path: `/srv/data/uploads/${sha('c')}/c.txt`, outcome: 'indexed', pages: 1 } }));
    expect(row('c.txt')).toMatchObject({ outcome: 'indexed', pagesDone: 1 });
    expect(ingest().queue.rows).toHaveLength(5);
  });

  it('stops uploading when the batch is cancelled, and does not call the engine', async () => {
    const resolveSource = vi.fn<Transport['resolveSource']>(
      (_source, _onProgress, signal) => new Promise((_, reject) => signal.addEventListener('abort', () => reject(new CallError('cancelled')))),
    );
    const { engine, ingest } = setup({ resolveSource });
    const f = (name: string): IngestSource => ({ kind: 'file', file: new File(['x'], name), relativePath: name });
    act(() => ingest().add([f('a.pdf'), f('b.pdf')]));
    await waitFor(() => expect(resolveSource).toHaveBeenCalledTimes(1));

    await act(async () => ingest().cancel(1));
    await waitFor(() => expect(ingest().queue.batches[0]!.running).toBe(false));
    expect(resolveSource).toHaveBeenCalledTimes(1);
    expect(engine.calls).toHaveLength(0);
    expect(ingest().queue.rows.map((r) => [r.name, r.outcome, r.reason])).toEqual([
      ['a.pdf', 'cancelled', ja['ingest.cancelled']],
      ['b.pdf', 'cancelled', ja['ingest.cancelled']],
    ]);
  });

  it('adds what the native picker chose (a folder stands for its files)', async () => {
    const pickPaths = vi.fn(async () => ['/home/u/scans']);
    const { engine, ingest } = setup({ pickPaths });
    act(() => ingest().pick('folder'));
    const [call] = await ingestCalls(engine, 1);
    expect(pickPaths).toHaveBeenCalledWith('folder');
    expect(call!.params).toEqual({ paths: ['/home/u/scans'] });
    expect(ingest().queue.rows[0]).toMatchObject({ name: 'scans', folder: true });
  });

  it('ignores an empty drop', async () => {
    const { engine, ingest } = setup();
    act(() => ingest().add([]));
    await new Promise((r) => setTimeout(r, 10));
    expect(ingest().queue).toEqual({ rows: [], batches: [] });
    expect(engine.calls).toHaveLength(0);
  });
});
