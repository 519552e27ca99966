import { act, renderHook } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { NavigationProvider, useNavigation } from './navigation';

const setup = () => renderHook(() => useNavigation(), { wrapper: NavigationProvider });

describe('NavigationProvider', () => {
  it('starts on the ingest view and remembers every view shown (they stay mounted)', () => {
    const { result } = setup();
    expect(result.current.view).toBe('ingest');
    expect([...result.current.visited]).toEqual(['ingest']);

    act(() => result.current.go('library'));
    act(() => result.current.go('chat'));
    act(() => result.current.go('library'));
    expect(result.current.view).toBe('library');
    expect([...result.current.visited].sort()).toEqual(['chat', 'ingest', 'library']);
  });

  it('going to the view already shown changes nothing (no re-render of the consumers)', () => {
    const { result } = setup();
    const before = result.current;
    act(() => result.current.go('ingest'));
    expect(result.current).toBe(before);
  });

  it('focusSearch goes to the search view and bumps searchFocus every time', () => {
    const { result } = setup();
    act(() => result.current.focusSearch());
    expect(result.current.view).toBe('search');
    expect(result.current.searchFocus).toBe(1);
    act(() => result.current.focusSearch()); // already there: the box must still take the focus again
    expect(result.current.searchFocus).toBe(2);
    expect(result.current.visited.has('search')).toBe(true);
  });
});
