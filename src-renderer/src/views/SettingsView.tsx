import { DataSection } from '../components/settings/DataSection';
import { LanguageSection } from '../components/settings/LanguageSection';
import { LlmSection } from '../components/settings/LlmSection';
import { ModelsSection } from '../components/settings/ModelsSection';
import { OcrSection } from '../components/settings/OcrSection';
import { ShortcutList } from '../components/settings/ShortcutList';
import { WatchSection } from '../components/settings/WatchSection';
import { useT } from '../i18n';

export function SettingsView() {
  const t = useT();
  return (
    <section className="view" aria-labelledby="settings-heading">
      <header className="view-header">
        <h1 id="settings-heading">{t('settings.title')}</h1>
      </header>
      <div className="settings-grid">
        <LanguageSection />
        <DataSection />
        <WatchSection />
        <ModelsSection />
        <OcrSection />
        <LlmSection />
        <ShortcutList />
      </div>
    </section>
  );
}
