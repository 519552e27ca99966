import { useCallback, useState } from 'react';
import { useRemote } from '../hooks/useRemote';
import { useT } from '../i18n';
import { useClient, useConnection } from '../state/client';
import { useNavigation } from '../state/navigation';

/**
 * What the engine found at launch (models checked against their sha256, OCR readied): shown only when
 * something is wrong, naming each file, where it is and how to restore it. The rest of the app stays usable.
 */
export function StartupBanner() {
  const t = useT();
  const client = useClient();
  const { go } = useNavigation();
  const open = useConnection().state === 'open';
  const load = useCallback(() => (open ? client.start() : Promise.resolve(undefined)), [client, open]);
  const report = useRemote(load).data;
  const [dismissed, setDismissed] = useState(false);
  if (!report || dismissed || (report.problems.length === 0 && report.ocr.ready)) return null;
  return (
    <div className="banner banner-error startup-banner" role="alert" data-testid="startup-banner">
      {report.damaged.length > 0 ? (
        <>
          <p>{t('startup.title')}</p>
          <ul>
            {report.damaged.map((f) => (
              <li key={f.path} data-testid="startup-problem" data-status={f.status}>
                {t(f.status === 'missing' ? 'startup.missing' : 'startup.altered', { path: f.path, model: f.model })}
              </li>
            ))}
          </ul>
          {[...new Set(report.damaged.map((f) => f.restore))].map((how) => (
            <p key={how} data-testid="startup-fix">
              {t(`startup.restore.${how}`)}
            </p>
          ))}
        </>
      ) : report.problems.length > 0 ? (
        <>
          <p>{t('startup.title')}</p>
          <ul>
            {report.problems.map((p) => (
              <li key={p} className="mono" data-testid="startup-problem">
                {p}
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p>{t('startup.ocrOff', { reason: report.ocr.reason ?? '' })}</p>
      )}
      <div className="startup-actions">
        <button type="button" className="btn" onClick={() => go('settings')}>
          {t('startup.details')}
        </button>
        <button type="button" className="btn" onClick={() => setDismissed(true)}>
          {t('startup.dismiss')}
        </button>
      </div>
    </div>
  );
}
