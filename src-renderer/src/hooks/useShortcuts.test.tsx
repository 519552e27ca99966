import { act, renderHook } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { useNavigation } from '../state/navigation';
import { appProviders, fakeEngine } from '../test/harness';
import { useShortcuts } from './useShortcuts';

function setup() {
  const pickPaths = vi.fn(async (): Promise<string[]> => []);
  const engine = fakeEngine({ host: { pickPaths } });
  const { result } = renderHook(
    () => {
      useShortcuts();
      return useNavigation();
    },
    { wrapper: appProviders(engine.client) },
  );
  /** presses a key on the window; returns whether the app took it (preventDefault) */
  const press = (key: string, mods: KeyboardEventInit = { ctrlKey: true }) => {
    const e = new KeyboardEvent('keydown', { key, cancelable: true, ...mods });
    act(() => void window.dispatchEvent(e));
    return e.defaultPrevented;
  };
  return { nav: () => result.current, press, pickPaths };
}

describe('useShortcuts', () => {
  it('Ctrl/Cmd+1…5 switch views, Ctrl/Cmd+K goes to the search box', () => {
    const { nav, press } = setup();
    expect(press('3')).toBe(true);
    expect(nav().view).toBe('search');
    expect(press('2', { metaKey: true })).toBe(true);
    expect(nav().view).toBe('library');
    expect(press('5')).toBe(true);
    expect(nav().view).toBe('settings');

    const focus = nav().searchFocus;
    expect(press('K')).toBe(true); // Caps Lock
    expect(nav()).toMatchObject({ view: 'search', searchFocus: focus + 1 });
  });

  it('Ctrl/Cmd+O goes to the ingest view and opens the file picker', () => {
    const { nav, press, pickPaths } = setup();
    press('4');
    expect(press('o')).toBe(true);
    expect(nav().view).toBe('ingest');
    expect(pickPaths).toHaveBeenCalledWith('files');
  });

  it('leaves other keys to the page: no modifier, Shift or Alt with it, or a key it does not know', () => {
    const { nav, press, pickPaths } = setup();
    expect(press('k', {})).toBe(false);
    expect(press('2', { ctrlKey: true, shiftKey: true })).toBe(false);
    expect(press('k', { ctrlKey: true, altKey: true })).toBe(false);
    expect(press('6')).toBe(false);
    expect(press('c')).toBe(false); // copy
    expect(nav()).toMatchObject({ view: 'ingest', searchFocus: 0 });
    expect(pickPaths).not.toHaveBeenCalled();
  });
});
