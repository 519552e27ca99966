import type { SearchNote } from '#shared/api';
import { useT } from '../../i18n';

/**
 * Why a search ran with less than was asked (semantic search or rerank off, other weights than chosen, an
 * empty scope), worded in the UI's language; a model problem's own words (its path, the fix) follow.
 */
export function SearchNotes({ notes }: { notes: readonly SearchNote[] }) {
  const t = useT();
  if (!notes.length) return null;
  return (
    <ul className="search-notes" data-testid="search-notes">
      {notes.map((n) => (
        <li key={n.message} className="muted" data-code={n.code}>
          {t(`search.note.${n.code}`, { model: n.params.model ?? '', storeModel: n.params.storeModel ?? '' })}
          {n.params.reason && <span className="search-note-reason"> ({n.params.reason})</span>}
        </li>
      ))}
    </ul>
  );
}
