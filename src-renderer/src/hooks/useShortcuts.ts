import { useEffect } from 'react';
import { useIngest } from '../state/ingest';
import { useNavigation, VIEWS } from '../state/navigation';

/** App-wide keys: Ctrl/Cmd+K search, Ctrl/Cmd+O add files, Ctrl/Cmd+1…5 views (Esc belongs to the viewer). */
export function useShortcuts(): void {
  const { go, focusSearch } = useNavigation();
  const { pick } = useIngest();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey || e.shiftKey) return;
      const key = e.key.toLowerCase();
      const view = /^[1-5]$/.test(key) ? VIEWS[Number(key) - 1] : undefined;
      if (key === 'k') focusSearch();
      else if (key === 'o') {
        go('ingest');
        pick('files');
      } else if (view) go(view);
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [go, focusSearch, pick]);
}
