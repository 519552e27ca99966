import { useCallback, useState } from 'react';
import type { LlmSettings, LlmState, LlmStatus } from '#shared/api';
import { describeError } from '../../api/errors';
import { useRemote } from '../../hooks/useRemote';
import { useI18n, type Translate } from '../../i18n';
import { formatBytes } from '../../i18n/format';
import { useClient } from '../../state/client';
import { ErrorNote } from '../ErrorNote';
import { ProgressBar } from '../ProgressBar';
import { Section } from './Section';

type Editable = Pick<LlmSettings, 'host' | 'model' | 'allowRemoteHost' | 'contextTokens'>;

const STATE_TONE: Record<LlmState, string> = {
  ready: 'ok',
  'server-down': 'error',
  'model-missing': 'warn',
  importing: 'busy',
  'host-not-allowed': 'error',
  error: 'error',
};

/** Ollama: where it is, which model, the consent to use a remote host; its state, and the shipped model's import. */
export function LlmSection() {
  const { t, lang } = useI18n();
  const client = useClient();
  const settings = useRemote(useCallback(() => client.getSettings(), [client]));
  const status = useRemote(useCallback(() => client.llmStatus({}).result, [client]));
  const [draft, setDraft] = useState<Partial<Editable>>({});
  const [saving, setSaving] = useState<'idle' | 'saving' | 'saved' | { error: string }>('idle');
  const [importing, setImporting] = useState<{ percent: number | null; text: string } | { error: string } | null>(null);

  const saved = settings.data?.llm;
  const value = <K extends keyof Editable>(k: K): Editable[K] | undefined => draft[k] ?? saved?.[k];
  const edit = (patch: Partial<Editable>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setSaving('idle');
  };
  const save = () => {
    setSaving('saving');
    client
      .updateSettings({ llm: draft })
      .then(() => {
        setDraft({});
        setSaving('saved');
        settings.reload();
        status.reload();
      })
      .catch((e: unknown) => setSaving({ error: describeError(t, e) }));
  };
  const importModel = () => {
    setImporting({ percent: null, text: t('llm.importStarting') });
    const call = client.llmStatus({ ensure: true }, (e) =>
      setImporting(
        e.type === 'upload'
          ? { percent: e.bytesTotal ? Math.round((e.bytesDone / e.bytesTotal) * 100) : null, text: t('llm.importUpload', { done: formatBytes(lang, e.bytesDone), total: formatBytes(lang, e.bytesTotal) }) }
          : { percent: null, text: e.status },
      ),
    );
    call.result.then(
      () => {
        setImporting(null);
        status.reload();
      },
      (e: unknown) => setImporting({ error: describeError(t, e) }),
    );
  };

  const s = status.data;
  const busyImport = importing !== null && !('error' in importing);
  return (
    <Section id="llm" title={t('settings.llm')}>
      {settings.error && <ErrorNote>{t('llm.settingsFailed', { message: describeError(t, settings.error) })}</ErrorNote>}
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        <label className="field">
          <span>{t('llm.host')}</span>
          <input className="input" type="url" value={value('host') ?? ''} onChange={(e) => edit({ host: e.target.value })} disabled={!saved} data-testid="llm-host" />
        </label>
        <label className="field">
          <span>{t('llm.model')}</span>
          <input className="input" value={value('model') ?? ''} onChange={(e) => edit({ model: e.target.value })} disabled={!saved} data-testid="llm-model" />
        </label>
        <label className="field">
          <span>{t('llm.contextTokens')}</span>
          <input
            className="input"
            type="number"
            min={1024}
            max={131072}
            step={1024}
            value={value('contextTokens') ?? ''}
            onChange={(e) => edit({ contextTokens: e.target.valueAsNumber })}
            disabled={!saved}
            data-testid="llm-context"
          />
        </label>
        <label className="check">
          <input type="checkbox" checked={value('allowRemoteHost') ?? false} onChange={(e) => edit({ allowRemoteHost: e.target.checked })} disabled={!saved} data-testid="llm-allow-remote" />
          <span>
            {t('llm.allowRemote')}
            <span className="muted block">{t('llm.allowRemoteHint')}</span>
          </span>
        </label>
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={!Object.keys(draft).length || saving === 'saving'} data-testid="llm-save">
            {t('common.save')}
          </button>
          <span role="status" className="muted">
            {saving === 'saved' && t('llm.saved')}
          </span>
        </div>
        {typeof saving === 'object' && <ErrorNote testId="llm-save-error">{t('llm.saveFailed', { message: saving.error })}</ErrorNote>}
      </form>

      <div className="llm-status">
        <h3>{t('llm.state')}</h3>
        {status.error ? (
          <ErrorNote>{t('llm.statusFailed', { message: describeError(t, status.error) })}</ErrorNote>
        ) : !s ? (
          <p className="muted">{t('common.loading')}</p>
        ) : (
          <div data-testid="llm-state" data-state={s.state} aria-busy={status.loading}>
            <span className={`status status-${STATE_TONE[s.state]}`}>{t(`llmState.${s.state}`)}</span>
            <span className="muted">
              {' '}
              {s.model} @ {s.host}
              {s.serverVersion && ` · Ollama ${s.serverVersion}`}
            </span>
            <p className="llm-detail" data-testid="llm-detail">
              {llmDetail(t, s)}
            </p>
          </div>
        )}
        <div className="form-actions">
          <button type="button" className="btn" onClick={status.reload} disabled={status.loading || busyImport} data-testid="llm-recheck">
            {t('llm.recheck')}
          </button>
          {s?.state === 'model-missing' && s.importable && (
            <button type="button" className="btn btn-primary" onClick={importModel} disabled={busyImport} data-testid="llm-import">
              {t('llm.import', { id: s.importable.id })}
            </button>
          )}
        </div>
        {importing && 'error' in importing && <ErrorNote testId="llm-import-error">{t('llm.importFailed', { message: importing.error })}</ErrorNote>}
        {importing && !('error' in importing) && (
          <div className="import-progress">
            <ProgressBar value={importing.percent} label={t('llm.importing')} text={importing.text} testId="llm-import-progress" />
            <p className="muted" aria-live="polite">
              {importing.text}
            </p>
          </div>
        )}
      </div>
    </Section>
  );
}

/** What the state means and what to do, in the UI's language (the engine's English `detail` only where it is free text). */
function llmDetail(t: Translate, s: LlmStatus): string {
  const p = { model: s.model, host: s.host };
  switch (s.state) {
    case 'ready':
      return t('llmDetail.ready', p);
    case 'server-down':
      return t('llmDetail.serverDown', p);
    case 'model-missing':
      return s.importable ? t('llmDetail.importable', { ...p, path: s.importable.path }) : t('llmDetail.missing', p);
    case 'importing':
      return t('llmDetail.importing', p);
    case 'host-not-allowed':
      return t('llmDetail.hostNotAllowed', p);
    case 'error':
      return t('llmDetail.error', { detail: s.detail });
  }
}
