import { useT } from '../i18n';
import { Icon } from './Icon';

export function DropOverlay() {
  const t = useT();
  return (
    <div className="drop-overlay" data-testid="drop-overlay" aria-hidden="true">
      <div className="drop-overlay-card">
        <Icon name="ingest" size={40} />
        <p className="drop-overlay-title">{t('drop.overlay')}</p>
        <p>{t('drop.overlayHint')}</p>
      </div>
    </div>
  );
}
