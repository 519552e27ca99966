import { useCallback, useEffect, useState } from 'react';

export interface Remote<T> {
  /** the latest data; kept while reloading so the view does not flash */
  data: T | undefined;
  error: Error | null;
  loading: boolean;
  reload(): void;
}

/** Loads with `load` (memoise it: a new function loads again), again when `key` changes, and on reload(). */
export function useRemote<T>(load: () => Promise<T>, key?: unknown): Remote<T> {
  const [nonce, setNonce] = useState(0);
  const [state, setState] = useState<{ load: (() => Promise<T>) | null; key: unknown; nonce: number; data: T | undefined; error: Error | null }>({
    load: null,
    key: undefined,
    nonce: -1,
    data: undefined,
    error: null,
  });
  useEffect(() => {
    let live = true;
    load().then(
      (data) => {
        if (live) setState({ load, key, nonce, data, error: null });
      },
      (e: unknown) => {
        if (live) setState((s) => ({ load, key, nonce, data: s.data, error: e instanceof Error ? e : new Error(String(e)) }));
      },
    );
    return () => {
      live = false;
    };
  }, [load, key, nonce]);
  const reload = useCallback(() => setNonce((n) => n + 1), []);
  return { data: state.data, error: state.error, loading: state.load !== load || state.key !== key || state.nonce !== nonce, reload };
}
