/** Search notes (src-shared/api.ts SearchNote): a code and its parameters, with the English line the CLI prints. */
import type { SearchNote, SearchNoteCode } from '#shared/api';

const ENGLISH: Record<SearchNoteCode, (p: SearchNote['params']) => string> = {
  'scope-empty': () => 'no document is in the scope',
  'dense-no-embedder': (p) => `dense search off: ${p.reason}`,
  'dense-other-space': (p) => `dense search off: the store's vectors come from embedder ${p.storeModel}, not the installed ${p.model} (\`docsearch reindex\` switches the store)`,
  'dense-no-vectors': () => 'dense search off: the store has no vectors from the installed embedder yet (`docsearch reindex`)',
  'rerank-off': (p) => `rerank off: ${p.reason}`,
  'variant-fallback': (p) => p.reason ?? '',
};

export function searchNote(code: SearchNoteCode, params: SearchNote['params'] = {}): SearchNote {
  return { code, params, message: ENGLISH[code](params) };
}
