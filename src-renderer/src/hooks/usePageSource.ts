import { useCallback } from 'react';
import type { DocumentInfo, PageInfo } from '#shared/api';
import { useClient } from '../state/client';
import { useRemote } from './useRemote';

const cache = new Map<string, Promise<PageInfo['source'] | null>>();

/**
 * Where a PDF's text came from (text layer or OCR), judged by its first page: DocumentInfo only counts
 * pages still waiting for OCR. Asked once per document version; other kinds answer without asking.
 */
export function usePageSource(doc: DocumentInfo): PageInfo['source'] | null {
  const client = useClient();
  const { id, sha256, kind, pagesIndexed } = doc;
  const load = useCallback(() => {
    if (kind !== 'pdf' || pagesIndexed === 0) return Promise.resolve(kind === 'image' ? ('ocr' as const) : kind === 'pdf' ? null : ('text' as const));
    const key = `${id}:${sha256}`;
    let p = cache.get(key);
    if (!p) {
      p = client.page({ docId: id, pageNo: 1 }).then(
        (page) => page.source,
        () => null,
      );
      cache.set(key, p);
    }
    return p;
  }, [client, id, sha256, kind, pagesIndexed]);
  return useRemote(load).data ?? null;
}
