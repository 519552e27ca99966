import { useT } from '../../i18n';
import { SHORTCUTS } from '../../shortcuts';
import { Section } from './Section';

export function ShortcutList() {
  const t = useT();
  return (
    <Section id="shortcuts" title={t('settings.shortcuts')}>
      <dl className="facts shortcuts" data-testid="shortcut-list">
        {SHORTCUTS.map((s) => (
          <div key={s.action} className="facts-row">
            <dt>
              <kbd>{s.keys}</kbd>
            </dt>
            <dd>{t(s.action)}</dd>
          </div>
        ))}
      </dl>
    </Section>
  );
}
