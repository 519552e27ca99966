import { useI18n, type Lang } from '../../i18n';
import { Section } from './Section';

const LANGS: { lang: Lang; name: string }[] = [
  { lang: 'ja', name: '日本語' },
  { lang: 'en', name: 'English' },
];

export function LanguageSection() {
  const { t, lang, setLang } = useI18n();
  return (
    <Section id="language" title={t('settings.language')}>
      <div className="segmented" role="radiogroup" aria-label={t('settings.languageLabel')} data-testid="lang-select">
        {LANGS.map((l) => (
          // each name in its own language, so it can be found whatever the current one is
          <label key={l.lang} className="segmented-item" lang={l.lang}>
            <input type="radio" name="lang" value={l.lang} checked={lang === l.lang} onChange={() => setLang(l.lang)} data-testid={`lang-${l.lang}`} />
            {l.name}
          </label>
        ))}
      </div>
    </Section>
  );
}
