import { act, renderHook } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { useViewer, ViewerProvider, type ViewerTarget } from './viewer';

describe('ViewerProvider', () => {
  it('opens a target, replaces it with the next one, and closes', () => {
    const { result } = renderHook(() => useViewer(), { wrapper: ViewerProvider });
    expect(result.current.target).toBeNull();
    const hit: ViewerTarget = { docId: 3, pageNo: 2, title: '規程', boxes: [], span: { start: 5, end: 9 } };
    const citation: ViewerTarget = { docId: 4, pageNo: 1, title: 'memo', boxes: [], span: null };

    act(() => result.current.open(hit));
    expect(result.current.target).toEqual(hit);
    act(() => result.current.open(citation));
    expect(result.current.target).toEqual(citation);
    act(() => result.current.close());
    expect(result.current.target).toBeNull();
  });
});
