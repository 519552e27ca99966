import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';

export const VIEWS = ['ingest', 'library', 'search', 'chat', 'settings'] as const;
export type View = (typeof VIEWS)[number];

interface Navigation {
  view: View;
  /** views shown so far: they stay mounted (hidden), so a chat or a search survives switching views */
  visited: ReadonlySet<View>;
  go(view: View): void;
  /** bumped by Ctrl/Cmd+K: the search view focuses its box when it changes */
  searchFocus: number;
  focusSearch(): void;
}

const NavigationContext = createContext<Navigation | null>(null);

export function NavigationProvider({ children }: { children: ReactNode }) {
  const [{ view, visited }, setState] = useState<{ view: View; visited: ReadonlySet<View> }>({ view: 'ingest', visited: new Set(['ingest']) });
  const [searchFocus, setSearchFocus] = useState(0);
  const value = useMemo<Navigation>(() => {
    const go = (v: View) => setState((s) => (s.view === v ? s : { view: v, visited: new Set(s.visited).add(v) }));
    return {
      view,
      visited,
      go,
      searchFocus,
      focusSearch: () => {
        go('search');
        setSearchFocus((n) => n + 1);
      },
    };
  }, [view, visited, searchFocus]);
  return <NavigationContext.Provider value={value}>{children}</NavigationContext.Provider>;
}

export function useNavigation(): Navigation {
  const v = useContext(NavigationContext);
  if (!v) throw new Error('useNavigation outside NavigationProvider');
  return v;
}
