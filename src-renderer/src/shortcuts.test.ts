import { afterEach, describe, expect, it, vi } from 'vitest';
import { VIEWS } from './state/navigation';

async function shortcutsOn(userAgent: string) {
  Object.defineProperty(navigator, 'userAgent', { value: userAgent, configurable: true });
  vi.resetModules();
  return import('./shortcuts');
}

afterEach(() => {
  // back to jsdom's own (a getter on Navigator.prototype)
  delete (navigator as { userAgent?: string }).userAgent;
});

describe('SHORTCUTS', () => {
  it('writes the modifier as the platform does: ⌘ on Apple systems, Ctrl+ elsewhere', async () => {
    const mac = await shortcutsOn('Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/537.36 Electron/41');
    expect(mac.MOD).toBe('⌘');
    expect(mac.SHORTCUTS.find((s) => s.action === 'shortcut.search')?.keys).toBe('⌘K');

    const win = await shortcutsOn('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Electron/41');
    expect(win.MOD).toBe('Ctrl+');
    expect(win.SHORTCUTS.find((s) => s.action === 'shortcut.open')?.keys).toBe('Ctrl+O');
  });

  it('lists the number keys of exactly the views there are', async () => {
    const { SHORTCUTS } = await shortcutsOn('Linux');
    expect(SHORTCUTS.find((s) => s.action === 'shortcut.views')?.keys).toBe(`Ctrl+1 – Ctrl+${VIEWS.length}`);
  });
});
