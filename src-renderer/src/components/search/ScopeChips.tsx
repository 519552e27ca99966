import { useState } from 'react';
import { DOCUMENT_KINDS, type Scope } from '#shared/api';
import { useT, type Translate } from '../../i18n';
import { isEmptyScope, type ScopeDraft } from '../../state/scope';
import { Icon } from '../Icon';

const OCR_STATES = ['needs-ocr', 'ocr', 'text'] as const satisfies readonly NonNullable<Scope['ocr']>[];

interface Chip {
  key: string;
  label: string;
  without: ScopeDraft;
}

function chips(t: Translate, d: ScopeDraft): Chip[] {
  return [
    ...d.docs.map((doc) => ({ key: `doc-${doc.id}`, label: t('scope.doc', { title: doc.title }), without: { ...d, docs: d.docs.filter((x) => x.id !== doc.id) } })),
    ...d.under.map((folder) => ({ key: `under-${folder}`, label: t('scope.under', { folder }), without: { ...d, under: d.under.filter((x) => x !== folder) } })),
    ...d.kinds.map((kind) => ({ key: `kind-${kind}`, label: t(`kind.${kind}`), without: { ...d, kinds: d.kinds.filter((x) => x !== kind) } })),
    ...(d.ocr ? [{ key: 'ocr', label: t(`scope.ocr.${d.ocr}`), without: { ...d, ocr: undefined } }] : []),
  ];
}

/**
 * The scope of a search or a chat as removable chips, with ways to add a kind, an OCR state or a folder
 * (documents come from the library's "search in / ask this document"). Without onChange: the chips only.
 */
export function ScopeChips({ draft, onChange, testId }: { draft: ScopeDraft; onChange?: (d: ScopeDraft) => void; testId: string }) {
  const t = useT();
  const [folder, setFolder] = useState('');
  const addFolder = () => {
    const f = folder.trim();
    if (f && onChange && !draft.under.includes(f)) onChange({ ...draft, under: [...draft.under, f] });
    setFolder('');
  };
  return (
    <div className="scope" role="group" aria-label={t('scope.label')} data-testid={testId}>
      <span className="scope-label">{t('scope.label')}</span>
      {isEmptyScope(draft) && <span className="muted">{t('scope.all')}</span>}
      {chips(t, draft).map((c) => (
        <span key={c.key} className="tag scope-chip" data-testid="scope-chip">
          {c.label}
          {onChange && (
            <button type="button" className="scope-chip-remove" onClick={() => onChange(c.without)} aria-label={t('scope.remove', { label: c.label })} data-testid="scope-chip-remove">
              <Icon name="close" size={10} />
            </button>
          )}
        </span>
      ))}
      {onChange && (
        <>
          <select className="scope-add" value="" onChange={(e) => onChange({ ...draft, kinds: [...draft.kinds, e.target.value as ScopeDraft['kinds'][number]] })} aria-label={t('scope.addKind')} data-testid="scope-add-kind">
            <option value="">{t('scope.addKind')}</option>
            {DOCUMENT_KINDS.filter((k) => !draft.kinds.includes(k)).map((k) => (
              <option key={k} value={k}>
                {t(`kind.${k}`)}
              </option>
            ))}
          </select>
          <select className="scope-add" value="" onChange={(e) => onChange({ ...draft, ocr: e.target.value as ScopeDraft['ocr'] })} aria-label={t('scope.addOcr')} data-testid="scope-add-ocr">
            <option value="">{t('scope.addOcr')}</option>
            {OCR_STATES.filter((s) => s !== draft.ocr).map((s) => (
              <option key={s} value={s}>
                {t(`scope.ocr.${s}`)}
              </option>
            ))}
          </select>
          <input
            className="scope-folder"
            value={folder}
            onChange={(e) => setFolder(e.target.value)}
            onKeyDown={(e) => {
              if (e.key !== 'Enter' || e.nativeEvent.isComposing) return;
              e.preventDefault();
              addFolder();
            }}
            placeholder={t('scope.folderPlaceholder')}
            aria-label={t('scope.folderLabel')}
            data-testid="scope-folder"
          />
        </>
      )}
    </div>
  );
}
