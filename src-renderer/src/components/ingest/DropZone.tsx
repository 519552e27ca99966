import { useT } from '../../i18n';
import { useIngest } from '../../state/ingest';
import { Icon } from '../Icon';

/** Where to drop or pick files; drops anywhere on the window work too (hooks/useWindowDrop.ts). */
export function DropZone() {
  const t = useT();
  const { pick } = useIngest();
  return (
    <div className="dropzone" data-testid="drop-zone">
      <Icon name="ingest" size={36} />
      <p className="dropzone-title">{t('ingest.dropZone')}</p>
      <p className="dropzone-hint">{t('ingest.dropZoneHint')}</p>
      <div className="dropzone-actions">
        <button type="button" className="btn btn-primary" onClick={() => pick('files')} data-testid="pick-files">
          <Icon name="file" />
          {t('ingest.pickFiles')}
        </button>
        <button type="button" className="btn" onClick={() => pick('folder')} data-testid="pick-folder">
          <Icon name="folder" />
          {t('ingest.pickFolder')}
        </button>
      </div>
    </div>
  );
}
