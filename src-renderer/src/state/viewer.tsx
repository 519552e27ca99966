import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import type { Box } from '#shared/api';

/** What to show: a page, and on it what a search hit or citation points at. */
export interface ViewerTarget {
  docId: number;
  pageNo: number;
  title: string;
  /** drawn over the page image */
  boxes: Box[];
  /** offsets into the page text, marked when the document has no page images */
  span: { start: number; end: number } | null;
}

interface ViewerControl {
  target: ViewerTarget | null;
  open(target: ViewerTarget): void;
  close(): void;
}

const ViewerContext = createContext<ViewerControl | null>(null);

export function ViewerProvider({ children }: { children: ReactNode }) {
  const [target, setTarget] = useState<ViewerTarget | null>(null);
  const value = useMemo<ViewerControl>(() => ({ target, open: setTarget, close: () => setTarget(null) }), [target]);
  return <ViewerContext.Provider value={value}>{children}</ViewerContext.Provider>;
}

export function useViewer(): ViewerControl {
  const v = useContext(ViewerContext);
  if (!v) throw new Error('useViewer outside ViewerProvider');
  return v;
}
