import { useCallback, useEffect, useRef, useState } from 'react';
import { describeError } from '../api/errors';
import { EmptyState } from '../components/EmptyState';
import { ErrorNote } from '../components/ErrorNote';
import { Icon } from '../components/Icon';
import { ScopeChips } from '../components/search/ScopeChips';
import { SearchNotes } from '../components/search/SearchNotes';
import { SearchResultItem } from '../components/search/SearchResultItem';
import { useRemote } from '../hooks/useRemote';
import { useT } from '../i18n';
import { MOD } from '../shortcuts';
import { useClient } from '../state/client';
import { useIngest } from '../state/ingest';
import { useNavigation } from '../state/navigation';
import { toScope, useScope } from '../state/scope';
import { useViewer } from '../state/viewer';

const RESULTS = 20;
const TYPING_PAUSE_MS = 300;

export function SearchView() {
  const t = useT();
  const client = useClient();
  const viewer = useViewer();
  const { searchFocus } = useNavigation();
  const { docsVersion } = useIngest();
  const input = useRef<HTMLInputElement>(null);
  const [query, setQuery] = useState('');
  const [composing, setComposing] = useState(false);
  const [searched, setSearched] = useState('');
  const [scope, setScope] = useScope('search');

  useEffect(() => {
    if (searchFocus) input.current?.select();
  }, [searchFocus]);
  // search as one types, once the typing pauses (not while an IME is still composing the word)
  useEffect(() => {
    if (composing) return;
    const id = window.setTimeout(() => setSearched(query.trim()), TYPING_PAUSE_MS);
    return () => window.clearTimeout(id);
  }, [query, composing]);

  const load = useCallback(() => (searched ? client.search({ query: searched, k: RESULTS, scope: toScope(scope) }) : Promise.resolve(null)), [client, searched, scope]);
  const result = useRemote(load, docsVersion);
  const hits = result.data?.hits ?? [];

  return (
    <section className="view" aria-labelledby="search-heading">
      <header className="view-header">
        <h1 id="search-heading">{t('search.title')}</h1>
      </header>
      <form
        className="searchbar"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setSearched(query.trim());
        }}
      >
        <Icon name="search" />
        <input
          ref={input}
          type="search"
          className="searchbar-input"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onCompositionStart={() => setComposing(true)}
          onCompositionEnd={() => setComposing(false)}
          placeholder={t('search.placeholder')}
          aria-label={t('search.label')}
          aria-keyshortcuts={`${MOD === '⌘' ? 'Meta' : 'Control'}+K`}
          data-testid="search-input"
          autoComplete="off"
        />
        <button type="submit" className="btn btn-primary" data-testid="search-submit">
          {t('search.submit')}
        </button>
      </form>
      <ScopeChips draft={scope} onChange={setScope} testId="search-scope" />
      {result.error && <ErrorNote testId="search-error">{t('search.failed', { message: describeError(t, result.error) })}</ErrorNote>}
      {!searched ? (
        <EmptyState icon="search" title={t('search.emptyTitle')} hint={t('search.emptyHint', { shortcut: `${MOD}K` })} testId="search-empty" />
      ) : result.data === undefined || result.data === null ? (
        !result.error && (
          <p className="muted" role="status">
            {t('common.loading')}
          </p>
        )
      ) : (
        <>
          <p className="muted" role="status" data-testid="search-summary" aria-busy={result.loading}>
            {t('search.summary', { n: hits.length, ms: Math.round(result.data.tookMs) })}
          </p>
          <SearchNotes notes={result.data.notes} />
          {hits.length === 0 ? (
            <EmptyState icon="search" title={t('search.noResults', { query: result.data.query })} hint={t('search.noResultsHint')} testId="search-no-results" />
          ) : (
            <ol className="results" aria-label={t('search.results')} data-testid="search-results">
              {hits.map((h) => (
                <SearchResultItem
                  key={h.chunkId}
                  hit={h}
                  onOpen={() => viewer.open({ docId: h.docId, pageNo: h.pageNo, title: h.title, boxes: h.boxes, span: { start: h.start, end: h.end } })}
                />
              ))}
            </ol>
          )}
        </>
      )}
    </section>
  );
}
