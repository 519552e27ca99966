import { renderHook, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { EngineClient } from '../api/client';
import { CallError } from '../api/errors';
import { appProviders, fakeEngine, type FakeCall } from '../test/harness';
import { usePageSource } from './usePageSource';

type Doc = Awaited<ReturnType<EngineClient['listDocuments']>>[number];

// the hook caches per document version for the whole window: every test uses its own ids
let nextId = 100;
const doc = (d: Partial<Doc>): Doc => ({
  id: nextId++,
  sha256: 'sha',
  path: '/d/x',
  title: 'x',
  kind: 'pdf',
  bytes: 1,
  pageCount: 3,
  pagesIndexed: 3,
  pagesNeedingOcr: 0,
  pagesUnreadable: 0,
  chunkCount: 3,
  status: 'ready',
  error: null,
  addedAt: '2024-01-01 00:00:00',
  ...d,
});

function setup(answer: (c: FakeCall) => void) {
  const engine = fakeEngine({ onCall: (c) => c.method === 'page' && answer(c) });
  return { engine, wrapper: appProviders(engine.client) };
}

describe('usePageSource', () => {
  it('answers for text, Markdown and image files without asking the engine', async () => {
    const { engine, wrapper } = setup(() => {});
    const { result } = renderHook(() => [usePageSource(doc({ kind: 'text' })), usePageSource(doc({ kind: 'markdown' })), usePageSource(doc({ kind: 'image' }))], { wrapper });
    await waitFor(() => expect(result.current).toEqual(['text', 'text', 'ocr']));
    expect(engine.calls).toHaveLength(0);
  });

  it('judges a PDF by its first page, asking once per document version', async () => {
    const { engine, wrapper } = setup((c) => c.resolve({ source: 'ocr' }));
    const scan = doc({ kind: 'pdf', sha256: 'v1' });
    const first = renderHook(() => usePageSource(scan), { wrapper });
    await waitFor(() => expect(first.result.current).toBe('ocr'));
    expect(engine.calls.map((c) => c.params)).toEqual([{ docId: scan.id, pageNo: 1 }]);

    // another row of the same document version: no second call
    const second = renderHook(() => usePageSource({ ...scan }), { wrapper });
    await waitFor(() => expect(second.result.current).toBe('ocr'));
    expect(engine.calls).toHaveLength(1);

    // re-indexed from a changed file: asked again
    const third = renderHook(() => usePageSource({ ...scan, sha256: 'v2' }), { wrapper });
    await waitFor(() => expect(third.result.current).toBe('ocr'));
    expect(engine.calls).toHaveLength(2);
  });

  it('does not ask about a PDF with no page indexed yet, and answers null when the page cannot be read', async () => {
    const { engine, wrapper } = setup((c) => c.reject(new CallError({ code: 'page-not-found', params: { title: 'a', pageNo: 1, pageCount: 0 }, message: 'no such page' })));
    const empty = renderHook(() => usePageSource(doc({ kind: 'pdf', pagesIndexed: 0 })), { wrapper });
    const broken = renderHook(() => usePageSource(doc({ kind: 'pdf' })), { wrapper });
    await waitFor(() => expect(engine.calls).toHaveLength(1));
    await new Promise((r) => setTimeout(r, 10));
    expect(empty.result.current).toBeNull();
    expect(broken.result.current).toBeNull();
  });
});
