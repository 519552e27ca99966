import { useT } from '../i18n';
import { useConnection } from '../state/client';

/** Shown only when the engine is not reachable (serve's WebSocket down, or the link's token refused). */
export function ConnectionBanner() {
  const t = useT();
  const c = useConnection();
  if (c.state === 'open') return null;
  if (c.state === 'unauthorized')
    return (
      <div className="banner banner-error" role="alert" data-testid="connection-banner" data-state={c.state}>
        {t('conn.unauthorized')}
      </div>
    );
  return (
    <div className="banner" role="status" data-testid="connection-banner" data-state={c.state}>
      {c.state === 'connecting' ? t('conn.connecting') : t('conn.reconnecting', { s: Math.ceil(c.retryInMs / 1000) })}
    </div>
  );
}
