import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import type { DocumentKind, Scope } from '#shared/api';
import { useNavigation } from './navigation';

/** A scope as the chips show it: documents with their titles (the API takes ids). */
export interface ScopeDraft {
  docs: { id: number; title: string }[];
  under: string[];
  kinds: DocumentKind[];
  ocr: Scope['ocr'];
}

export const EMPTY_SCOPE: ScopeDraft = { docs: [], under: [], kinds: [], ocr: undefined };

export const isEmptyScope = (d: ScopeDraft): boolean => !d.docs.length && !d.under.length && !d.kinds.length && !d.ocr;

/** The API's scope; empty: every document. */
export function toScope(d: ScopeDraft): Scope {
  return {
    ...(d.docs.length && { documents: d.docs.map((x) => x.id) }),
    ...(d.under.length && { under: d.under }),
    ...(d.kinds.length && { kinds: d.kinds }),
    ...(d.ocr && { ocr: d.ocr }),
  };
}

type ScopedView = 'search' | 'chat';

interface Scopes {
  drafts: Record<ScopedView, ScopeDraft>;
  set(view: ScopedView, draft: ScopeDraft): void;
}

const ScopeContext = createContext<Scopes | null>(null);

/** The search view's and the chat's scopes, kept here so the library can point either at a document. */
export function ScopeProvider({ children }: { children: ReactNode }) {
  const [drafts, setDrafts] = useState<Record<ScopedView, ScopeDraft>>({ search: EMPTY_SCOPE, chat: EMPTY_SCOPE });
  const value = useMemo<Scopes>(() => ({ drafts, set: (view, draft) => setDrafts((d) => ({ ...d, [view]: draft })) }), [drafts]);
  return <ScopeContext.Provider value={value}>{children}</ScopeContext.Provider>;
}

export function useScope(view: ScopedView): [ScopeDraft, (draft: ScopeDraft) => void] {
  const v = useContext(ScopeContext);
  if (!v) throw new Error('useScope outside ScopeProvider');
  return [v.drafts[view], (draft) => v.set(view, draft)];
}

/** The library's "search in / ask this document": that view, scoped to the document alone. */
export function useScopeToDocument(): (view: ScopedView, doc: { id: number; title: string }) => void {
  const v = useContext(ScopeContext);
  const { go } = useNavigation();
  if (!v) throw new Error('useScopeToDocument outside ScopeProvider');
  return (view, doc) => {
    v.set(view, { ...EMPTY_SCOPE, docs: [{ id: doc.id, title: doc.title }] });
    go(view);
  };
}
