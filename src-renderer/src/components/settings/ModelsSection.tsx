import { useCallback, useState } from 'react';
import type { ModelStatus } from '#shared/api';
import { useRemote } from '../../hooks/useRemote';
import { useI18n, type MessageKey } from '../../i18n';
import { useClient } from '../../state/client';
import { EmptyState } from '../EmptyState';
import { ErrorNote } from '../ErrorNote';
import { GpuStatus } from './GpuStatus';
import { ModelVariantChoice } from './ModelVariantChoice';
import { Section } from './Section';

const STATE: Record<ModelStatus['status'], { key: MessageKey; tone: string }> = {
  present: { key: 'modelState.present', tone: 'ok' },
  missing: { key: 'modelState.missing', tone: 'error' },
  altered: { key: 'modelState.altered', tone: 'error' },
};

/** Every model of the manifest: its files' state, and once loaded its provider (CUDA / CPU) and load time. */
export function ModelsSection() {
  const { t, lang } = useI18n();
  const client = useClient();
  const [loadSessions, setLoadSessions] = useState(false);
  const load = useCallback(() => client.modelStatus({ load: loadSessions }), [client, loadSessions]);
  const models = useRemote(load);
  const startup = useRemote(useCallback(() => client.start(), [client])).data;
  const loading = models.loading && loadSessions;
  return (
    <>
      <Section
        id="models"
        title={t('settings.models')}
        actions={
          <button type="button" className="btn" onClick={() => (loadSessions ? models.reload() : setLoadSessions(true))} disabled={loading} data-testid="models-load">
            {loading ? t('models.loading') : t('models.load')}
          </button>
        }
      >
        {startup && (
          <p className="muted" data-testid="startup-summary" data-ok={String(startup.problems.length === 0 && startup.ocr.ready)}>
            {startup.problems.length
              ? t('models.startupProblems', { n: startup.problems.length })
              : startup.ocr.ready
                ? t('models.startupOk', { s: (startup.ms.total / 1000).toFixed(1) })
                : t('models.startupOcrOff', { reason: startup.ocr.reason ?? '' })}
          </p>
        )}
        {models.error && <ErrorNote testId="models-error">{t('models.failed', { message: models.error.message })}</ErrorNote>}
        {models.data === undefined ? (
          !models.error && <p className="muted">{t('common.loading')}</p>
        ) : models.data.length === 0 ? (
          <EmptyState icon="settings" title={t('models.empty')} />
        ) : (
          <div className="table-wrap">
            <table className="table" data-testid="models-table">
              <thead>
                <tr>
                  <th scope="col">{t('models.col.id')}</th>
                  <th scope="col">{t('models.col.role')}</th>
                  <th scope="col">{t('models.col.state')}</th>
                  <th scope="col">{t('models.col.provider')}</th>
                  <th scope="col" className="num">
                    {t('models.col.loadTime')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {models.data.map((m) => (
                  <tr key={m.id} data-testid="model-row" data-model-id={m.id} data-status={m.status}>
                    <td>
                      <span className="mono">{m.id}</span>
                      {m.description && <span className="lib-path">{m.description}</span>}
                      {m.problems.map((p) => (
                        <p key={p} className="cell-error">
                          {p}
                        </p>
                      ))}
                    </td>
                    <td>{t(`role.${m.role}`)}</td>
                    <td>
                      <span className={`status status-${STATE[m.status].tone}`}>{t(STATE[m.status].key)}</span>
                    </td>
                    <td>{m.loaded ? (m.provider === 'cuda' ? 'CUDA' : 'CPU') : <span className="muted">{m.engine === 'onnx' ? t('models.notLoaded') : m.engine}</span>}</td>
                    <td className="num">{m.loadMs !== null ? t('models.ms', { ms: new Intl.NumberFormat(lang).format(Math.round(m.loadMs)) }) : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <ModelVariantChoice models={models.data ?? []} onSaved={models.reload} />
      </Section>
      <Section id="gpu" title={t('settings.gpu')}>
        <GpuStatus models={models.data ?? []} />
      </Section>
    </>
  );
}
