import { useCallback, useState } from 'react';
import { OCR_STRATEGY_IDS, type OcrStrategyId } from '#shared/api';
import { describeError } from '../../api/errors';
import { useRemote } from '../../hooks/useRemote';
import { useT } from '../../i18n';
import { useClient } from '../../state/client';
import { ErrorNote } from '../ErrorNote';
import { Section } from './Section';

/** Which OCR strategy reads scanned pages; the one running now, and why it is another when the chosen one's models are damaged. */
export function OcrSection() {
  const t = useT();
  const client = useClient();
  const settings = useRemote(useCallback(() => client.getSettings(), [client]));
  const startup = useRemote(useCallback(() => client.start(), [client])).data;
  const [saving, setSaving] = useState<'idle' | 'saving' | 'saved' | { error: string }>('idle');
  const chosen = settings.data?.ocr.strategy;
  const choose = (strategy: OcrStrategyId) => {
    setSaving('saving');
    client
      .updateSettings({ ocr: { strategy } })
      .then(() => {
        setSaving('saved');
        settings.reload();
      })
      .catch((e: unknown) => setSaving({ error: describeError(t, e) }));
  };
  return (
    <Section id="ocr" title={t('settings.ocr')}>
      {settings.error && <ErrorNote>{t('llm.settingsFailed', { message: describeError(t, settings.error) })}</ErrorNote>}
      <fieldset className="form" disabled={!chosen || saving === 'saving'} data-testid="ocr-strategies">
        <legend className="muted">{t('ocr.strategyHint')}</legend>
        {OCR_STRATEGY_IDS.map((id) => (
          <label key={id} className="check">
            <input type="radio" name="ocr-strategy" value={id} checked={chosen === id} onChange={() => choose(id)} data-testid={`ocr-strategy-${id}`} />
            <span>
              {t(`ocr.strategy.${id}`)}
              <span className="muted block">{t(`ocr.strategyNote.${id}`)}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <p role="status" className="muted" data-testid="ocr-running">
        {saving === 'saved' && chosen
          ? t('ocr.savedNext', { name: t(`ocr.strategy.${chosen}`) })
          : startup && (startup.ocr.strategy ? t('ocr.running', { name: t(`ocr.strategy.${startup.ocr.strategy}`) }) : t('ocr.off'))}
      </p>
      {saving !== 'saved' && startup?.ocr.fallback && <ErrorNote testId="ocr-fallback">{t('ocr.fallback', { reason: startup.ocr.fallback })}</ErrorNote>}
      {typeof saving === 'object' && <ErrorNote>{t('llm.saveFailed', { message: saving.error })}</ErrorNote>}
    </Section>
  );
}
