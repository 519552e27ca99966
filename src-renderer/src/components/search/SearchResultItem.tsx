import type { SearchHit } from '#shared/api';
import { useI18n } from '../../i18n';
import { shownPath } from '../../i18n/format';
import { HighlightedText } from '../HighlightedText';

const STAGES = ['lexical', 'dense', 'fused', 'rerank'] as const;

/** One ranked chunk: where it is, how well it matched, and its snippet with the query words marked. */
export function SearchResultItem({ hit, onOpen }: { hit: SearchHit; onOpen(): void }) {
  const { t, lang } = useI18n();
  const s = hit.snippet;
  const fmt = (x: number) => new Intl.NumberFormat(lang, { maximumFractionDigits: 3, minimumFractionDigits: 2 }).format(x);
  // which stages scored this chunk (lexical, dense, fusion, rerank), shown when more than lexical ran
  const stages = STAGES.filter((k) => hit.scores[k] !== null);
  return (
    <li>
      <button type="button" className="result" onClick={onOpen} aria-label={t('search.openLabel', { title: hit.title, page: hit.pageNo })} data-testid="search-result" data-doc-id={hit.docId} data-page={hit.pageNo}>
        <span className="result-head">
          <span className="result-rank" aria-hidden="true">
            {hit.rank}
          </span>
          <span className="result-title">{hit.title}</span>
          <span className="tag">{t('common.pageShort', { page: hit.pageNo })}</span>
          <span className="result-score" title={t('search.scoreHint')}>
            {t('search.score', { score: new Intl.NumberFormat(lang, { maximumFractionDigits: 2, minimumFractionDigits: 2 }).format(hit.score) })}
          </span>
        </span>
        <span className="result-snippet" data-testid="search-snippet">
          {s.offset > 0 && '…'}
          <HighlightedText text={s.text} ranges={s.highlights} />
          {s.offset + s.text.length < hit.text.length && '…'}
        </span>
        {stages.length > 1 && (
          <span className="result-path" data-testid="search-stages">
            {stages.map((k) => t(`search.stage.${k}`, { score: fmt(hit.scores[k]!) })).join(' · ')}
          </span>
        )}
        <span className="result-path">{shownPath(t, hit.path)}</span>
      </button>
    </li>
  );
}
