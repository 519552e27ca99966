import { useT, type MessageKey } from '../i18n';
import { useNavigation, VIEWS, type View } from '../state/navigation';
import { MOD } from '../shortcuts';
import { Icon, type IconName } from './Icon';

const ITEMS: Record<View, { icon: IconName; label: MessageKey }> = {
  ingest: { icon: 'ingest', label: 'nav.ingest' },
  library: { icon: 'library', label: 'nav.library' },
  search: { icon: 'search', label: 'nav.search' },
  chat: { icon: 'chat', label: 'nav.chat' },
  settings: { icon: 'settings', label: 'nav.settings' },
};

export function NavRail() {
  const t = useT();
  const { view, go } = useNavigation();
  return (
    <nav className="rail" aria-label={t('nav.label')}>
      <div className="rail-brand" aria-hidden="true">
        <Icon name="doc" size={22} />
        <span>{t('app.name')}</span>
      </div>
      <ul className="rail-list">
        {VIEWS.map((v, i) => (
          <li key={v}>
            <button
              type="button"
              className="rail-item"
              aria-current={view === v ? 'page' : undefined}
              onClick={() => go(v)}
              title={`${t(ITEMS[v].label)} (${MOD}${i + 1})`}
              data-testid={`nav-${v}`}
            >
              <Icon name={ITEMS[v].icon} size={20} />
              <span>{t(ITEMS[v].label)}</span>
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
