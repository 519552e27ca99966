import type { MessageKey } from './i18n';

/** The modifier as this platform writes it. */
export const MOD = /Mac|iPhone|iPad/.test(navigator.userAgent) ? '⌘' : 'Ctrl+';

/** Listed in the settings view; handled by hooks/useShortcuts.ts, the viewer (Esc) and the chat input (Enter). */
export const SHORTCUTS: readonly { keys: string; action: MessageKey }[] = [
  { keys: `${MOD}K`, action: 'shortcut.search' },
  { keys: `${MOD}O`, action: 'shortcut.open' },
  { keys: `${MOD}1 – ${MOD}5`, action: 'shortcut.views' },
  { keys: 'Esc', action: 'shortcut.close' },
  { keys: 'Enter', action: 'shortcut.send' },
  { keys: 'Shift+Enter', action: 'shortcut.newline' },
];
