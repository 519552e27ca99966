import { act, renderHook } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { EngineClient } from '../api/client';
import { CallError } from '../api/errors';
import { useIngest } from '../state/ingest';
import { appProviders, fakeEngine } from '../test/harness';
import { useReindex } from './useReindex';

type Doc = Awaited<ReturnType<EngineClient['listDocuments']>>[number];
type Summary = Awaited<ReturnType<EngineClient['reindexDocument']>['result']>;

const doc = (id: number, path: string): Doc => ({
  id,
  sha256: `sha-${id}`,
  path,
  title: path,
  kind: 'pdf',
  bytes: 1000,
  pageCount: 10,
  pagesIndexed: 10,
  pagesNeedingOcr: 0,
  pagesOcr: 0,
  pagesUnreadable: 0,
  chunkCount: 20,
  status: 'ready',
  error: null,
  addedAt: '2024-01-01 00:00:00',
  paths: [path],
  version: 1,
  versionAt: '2024-01-01 00:00:00',
  modifiedAt: null,
});
const summary = (files: Summary['files']): Summary => ({ files, counts: { indexed: 0, unchanged: 0, skipped: 0, failed: 0, cancelled: 0 }, ms: 5 });

function setup() {
  const engine = fakeEngine();
  const hook = renderHook(() => ({ reindex: useReindex(), ingest: useIngest() }), { wrapper: appProviders(engine.client) });
  return { engine, r: () => hook.result.current.reindex, docsVersion: () => hook.result.current.ingest.docsVersion };
}

describe('useReindex', () => {
  it('follows the pages of a re-index by path, and tells the library when it ends', async () => {
    const { engine, r, docsVersion } = setup();
    act(() => r().start(doc(12, '/d/a.pdf')));
    const call = engine.of('reindexDocument')[0]!;
    expect(call.params).toEqual({ doc: '12' });
    expect(r().states.get('/d/a.pdf')).toEqual({ pagesDone: 0, pages: null, error: null, running: true });

    act(() => {
      call.emit({ type: 'file-pages', path: '/d/a.pdf', pages: 10, resumeFrom: 1 });
      call.emit({ type: 'page', path: '/d/a.pdf', page: 1, pages: 10, status: 'indexed' });
      call.emit({ type: 'page', path: '/d/a.pdf', page: 2, pages: 10, status: 'needs_ocr' });
    });
    expect(r().states.get('/d/a.pdf')).toMatchObject({ pagesDone: 2, pages: 10, running: true });

    const v0 = docsVersion();
    await act(async () => call.resolve(summary([{ path: '/d/a.pdf', outcome: 'indexed', docId: 13, pages: 10 }])));
    expect(r().states.get('/d/a.pdf')).toEqual({ pagesDone: 2, pages: 10, error: null, running: false });
    expect(docsVersion()).toBe(v0 + 1);
  });

  it("shows why the engine's file failed, or why the call failed, per document", async () => {
    const { engine, r } = setup();
    act(() => {
      r().start(doc(1, '/a.pdf'));
      r().start(doc(2, '/b.pdf'));
    });
    const [a, b] = engine.of('reindexDocument');
    await act(async () => a!.resolve(summary([{ path: '/a.pdf', outcome: 'failed', reason: 'file not found' }])));
    expect(r().states.get('/a.pdf')).toMatchObject({ running: false, error: 'file not found' });
    expect(r().states.get('/b.pdf')!.running).toBe(true);

    await act(async () => b!.reject(new CallError({ code: 'document-not-found', params: { doc: '2' }, message: 'no document 2' })));
    expect(r().states.get('/b.pdf')).toMatchObject({ running: false, error: '文書「2」が見つかりません' });
  });

  it('cancels the re-index of one path through its call', async () => {
    const { engine, r } = setup();
    act(() => {
      r().start(doc(1, '/a.pdf'));
      r().start(doc(2, '/b.pdf'));
    });
    const [a, b] = engine.of('reindexDocument');
    act(() => r().cancel('/b.pdf'));
    expect([a!.cancels, b!.cancels]).toEqual([0, 1]);

    await act(async () => b!.resolve(summary([{ path: '/b.pdf', outcome: 'cancelled', reason: 'cancelled' }])));
    expect(r().states.get('/b.pdf')).toMatchObject({ running: false, error: 'cancelled' });
    act(() => r().cancel('/b.pdf')); // finished: nothing left to cancel
    expect(b!.cancels).toBe(1);
  });
});
