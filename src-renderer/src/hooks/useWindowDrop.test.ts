import { act, renderHook } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { useWindowDrop } from './useWindowDrop';

/** jsdom has no DragEvent: an Event with the one DataTransfer field the hook reads. */
function drag(type: 'dragenter' | 'dragover' | 'dragleave' | 'drop', types: string[] = ['Files']) {
  const dataTransfer = { types, dropEffect: 'none' } as unknown as DataTransfer;
  const e = Object.assign(new Event(type, { cancelable: true }), { dataTransfer });
  act(() => void window.dispatchEvent(e));
  return { prevented: e.defaultPrevented, dataTransfer };
}

describe('useWindowDrop', () => {
  it('shows the overlay while files are over the window, counting enter/leave of child elements', () => {
    const onDrop = vi.fn(); // memoised, as App does: a new function starts the listeners (and the count) over
    const { result } = renderHook(() => useWindowDrop(onDrop));
    expect(result.current).toBe(false);
    expect(drag('dragenter').prevented).toBe(true);
    drag('dragenter'); // into a child element
    expect(result.current).toBe(true);
    drag('dragleave'); // out of the child
    expect(result.current).toBe(true);
    drag('dragleave'); // out of the window
    expect(result.current).toBe(false);
    drag('dragleave'); // an extra leave does not go below zero…
    drag('dragenter');
    expect(result.current).toBe(true);
    drag('dragleave'); // …so the next leave still hides the overlay
    expect(result.current).toBe(false);
  });

  it('allows the drop as a copy and hands the files over', () => {
    const onDrop = vi.fn();
    const { result } = renderHook(() => useWindowDrop(onDrop));
    drag('dragenter');
    drag('dragenter');
    const over = drag('dragover');
    expect(over.prevented).toBe(true); // else the browser would open the file
    expect(over.dataTransfer.dropEffect).toBe('copy');

    const drop = drag('drop');
    expect(drop.prevented).toBe(true);
    expect(onDrop).toHaveBeenCalledExactlyOnceWith(drop.dataTransfer);
    expect(result.current).toBe(false);
    drag('dragenter'); // the depth was reset by the drop
    drag('dragleave');
    expect(result.current).toBe(false);
  });

  it('ignores drags without files (text, links)', () => {
    const onDrop = vi.fn();
    const { result } = renderHook(() => useWindowDrop(onDrop));
    expect(drag('dragenter', ['text/plain']).prevented).toBe(false);
    expect(drag('dragover', ['text/uri-list']).prevented).toBe(false);
    expect(result.current).toBe(false);
    expect(drag('drop', ['text/plain']).prevented).toBe(false);
    expect(onDrop).not.toHaveBeenCalled();
  });

  it('stops listening when unmounted', () => {
    const onDrop = vi.fn();
    const { unmount } = renderHook(() => useWindowDrop(onDrop));
    unmount();
    expect(drag('drop').prevented).toBe(false);
    expect(onDrop).not.toHaveBeenCalled();
  });
});
