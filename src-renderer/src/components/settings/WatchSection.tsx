import { useCallback, useEffect, useState } from 'react';
import type { WatchFolderStatus, WatchSettings, WatchState } from '#shared/api';
import { describeError } from '../../api/errors';
import { useRemote } from '../../hooks/useRemote';
import { useI18n, type Lang, type Translate } from '../../i18n';
import { formatDate, formatNumber } from '../../i18n/format';
import { useClient } from '../../state/client';
import { ErrorNote } from '../ErrorNote';
import { Section } from './Section';

/** how often the folders' state is asked for while the section is open */
const POLL_MS = 2000;

const TONE: Record<WatchState | 'pending', string> = { scanning: 'busy', watching: 'ok', ingesting: 'busy', error: 'error', pending: 'neutral' };

/**
 * Watch folders: the list in settings with what each is doing (watchStatus, polled), adding one by its path
 * (our contract has no folder dialog for the renderer), taking one out, and whether deletions remove documents.
 */
export function WatchSection() {
  const { t, lang } = useI18n();
  const client = useClient();
  const settings = useRemote(useCallback(() => client.getSettings(), [client]));
  const status = useRemote(useCallback(() => client.watchStatus(), [client]));
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  // the toggle shows the click at once, not after the save's round trip; a failed save shows the stored value
  const [removeDeleted, setRemoveDeleted] = useState<boolean | null>(null);
  const { reload } = status;
  useEffect(() => {
    const timer = setInterval(reload, POLL_MS);
    return () => clearInterval(timer);
  }, [reload]);

  const watch = settings.data?.watch;
  const save = (update: Partial<WatchSettings>, after?: () => void) => {
    setSaving(true);
    setError(null);
    client
      .updateSettings({ watch: update })
      .then(() => {
        after?.();
        settings.reload();
        status.reload();
      })
      .catch((e: unknown) => {
        setRemoveDeleted(null);
        setError(describeError(t, e));
      })
      .finally(() => setSaving(false));
  };
  const add = () => {
    const folder = draft.trim();
    if (!watch || !folder) return;
    if (watch.folders.includes(folder)) return setDraft('');
    save({ folders: [...watch.folders, folder] }, () => setDraft(''));
  };
  const byPath = new Map((status.data?.folders ?? []).map((f) => [f.path, f]));

  return (
    <Section id="watch" title={t('settings.watch')}>
      <p className="muted">{t('watch.hint')}</p>
      {settings.error && <ErrorNote>{t('llm.settingsFailed', { message: describeError(t, settings.error) })}</ErrorNote>}
      {status.data && !status.data.running && <p className="muted" data-testid="watch-not-running">{t('watch.notRunning')}</p>}
      {watch && !watch.folders.length && <p className="muted">{t('watch.none')}</p>}
      {watch && watch.folders.length > 0 && (
        <ul className="watch-list" data-testid="watch-folders">
          {watch.folders.map((folder) => {
            const s = byPath.get(folder);
            const state = s?.state ?? 'pending';
            return (
              <li key={folder} className="watch-folder" data-testid="watch-folder" data-state={state}>
                <div className="watch-folder-head">
                  <span className="mono">{folder}</span>
                  <span className={`status status-${TONE[state]}`}>{t(`watch.state.${state}`)}</span>
                  <button type="button" className="btn" onClick={() => save({ folders: watch.folders.filter((f) => f !== folder) })} disabled={saving} aria-label={t('watch.removeLabel', { path: folder })}>
                    {t('watch.remove')}
                  </button>
                </div>
                {s && <FolderDetail status={s} lang={lang} t={t} />}
              </li>
            );
          })}
        </ul>
      )}
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          add();
        }}
      >
        <label className="field">
          <span>{t('watch.pathLabel')}</span>
          <input className="input mono" value={draft} onChange={(e) => setDraft(e.target.value)} disabled={!watch} spellCheck={false} data-testid="watch-path" />
        </label>
        <p className="muted watch-hint">{t('watch.pathHint')}</p>
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={!draft.trim() || saving} data-testid="watch-add">
            {t('watch.add')}
          </button>
        </div>
        <label className="check">
          <input
            type="checkbox"
            checked={removeDeleted ?? watch?.removeDeleted ?? true}
            onChange={(e) => {
              setRemoveDeleted(e.target.checked);
              save({ removeDeleted: e.target.checked });
            }}
            disabled={!watch || saving}
            data-testid="watch-remove-deleted"
          />
          <span>
            {t('watch.removeDeleted')}
            <span className="muted block">{t('watch.removeDeletedHint')}</span>
          </span>
        </label>
        {error && <ErrorNote testId="watch-save-error">{t('watch.saveFailed', { message: error })}</ErrorNote>}
      </form>
    </Section>
  );
}

/** A folder's counts, the last file it handled and its last problem. */
function FolderDetail({ status: s, lang, t }: { status: WatchFolderStatus; lang: Lang; t: Translate }) {
  const name = s.lastEvent?.path.split(/[\\/]/).pop() ?? '';
  return (
    <p className="muted">
      {t('watch.counts', { known: formatNumber(lang, s.filesKnown), queued: formatNumber(lang, s.queued) })}
      {s.lastEvent && (
        <span className="block" data-testid="watch-last">
          {t('watch.last', { action: t(`watch.action.${s.lastEvent.action}`), name, at: formatDate(lang, s.lastEvent.at) })}
        </span>
      )}
      {s.lastError && <span className="block cell-error">{s.lastError}</span>}
    </p>
  );
}
