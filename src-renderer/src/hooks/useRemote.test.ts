import { act, renderHook, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { deferred } from '../test/harness';
import { useRemote } from './useRemote';

describe('useRemote', () => {
  it('loads, and keeps the data while reloading so the view does not flash', async () => {
    const answers = [deferred<string>(), deferred<string>()];
    const load = vi.fn(() => answers[load.mock.calls.length - 1]!.promise);
    const { result } = renderHook(() => useRemote(load));
    expect(result.current).toMatchObject({ data: undefined, error: null, loading: true });

    await act(async () => answers[0]!.resolve('v1'));
    expect(result.current).toMatchObject({ data: 'v1', error: null, loading: false });

    act(() => result.current.reload());
    expect(load).toHaveBeenCalledTimes(2);
    expect(result.current).toMatchObject({ data: 'v1', loading: true });
    await act(async () => answers[1]!.resolve('v2'));
    expect(result.current).toMatchObject({ data: 'v2', loading: false });
  });

  it('keeps the last data on an error, and clears the error on the next success', async () => {
    let n = 0;
    const load = vi.fn(async () => {
      n++;
      if (n === 2) throw new Error('engine busy');
      if (n === 3) throw 'plain string';
      return n;
    });
    const { result } = renderHook(() => useRemote(load));
    await waitFor(() => expect(result.current.data).toBe(1));

    act(() => result.current.reload());
    await waitFor(() => expect(result.current.loading).toBe(false));
    expect(result.current.data).toBe(1);
    expect(result.current.error?.message).toBe('engine busy');

    act(() => result.current.reload());
    await waitFor(() => expect(result.current.error?.message).toBe('plain string'));

    act(() => result.current.reload());
    await waitFor(() => expect(result.current).toMatchObject({ data: 4, error: null, loading: false }));
  });

  it('loads again when the key changes, and ignores an answer that came too late', async () => {
    const pending: ReturnType<typeof deferred<string>>[] = [];
    const load = () => {
      const d = deferred<string>();
      pending.push(d);
      return d.promise;
    };
    const { result, rerender } = renderHook(({ q }) => useRemote(load, q), { initialProps: { q: 'a' } });
    rerender({ q: 'b' });
    expect(pending).toHaveLength(2);
    await act(async () => pending[1]!.resolve('for b'));
    expect(result.current).toMatchObject({ data: 'for b', loading: false });
    await act(async () => pending[0]!.resolve('for a'));
    expect(result.current.data).toBe('for b');
  });

  it('loads again when given a new load function', async () => {
    const { result, rerender } = renderHook(({ load }) => useRemote(load), { initialProps: { load: async () => 'x' } });
    await waitFor(() => expect(result.current.data).toBe('x'));
    rerender({ load: async () => 'y' });
    expect(result.current.loading).toBe(true);
    await waitFor(() => expect(result.current.data).toBe('y'));
  });
});
