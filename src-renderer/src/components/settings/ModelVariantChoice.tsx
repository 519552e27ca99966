import { useCallback, useState } from 'react';
import { MODEL_VARIANTS, type ModelStatus, type ModelVariantId } from '#shared/api';
import { describeError } from '../../api/errors';
import { useRemote } from '../../hooks/useRemote';
import { useT } from '../../i18n';
import { useClient } from '../../state/client';
import { ErrorNote } from '../ErrorNote';

/**
 * The embedder's and reranker's weights (settings models.variant): fp32 or the int8 made by models:prepare.
 * Vectors of another variant are another space, so a change asks for a reindex; `onSaved` refreshes the table.
 */
export function ModelVariantChoice({ models, onSaved }: { models: ModelStatus[]; onSaved: () => void }) {
  const t = useT();
  const client = useClient();
  const settings = useRemote(useCallback(() => client.getSettings(), [client]));
  const [saving, setSaving] = useState<'idle' | 'saving' | 'saved' | { error: string }>('idle');
  const chosen = settings.data?.models.variant;
  const notes = models.flatMap((m) => (m.variantNote ? [m.variantNote] : []));
  const choose = (variant: ModelVariantId) => {
    setSaving('saving');
    client
      .updateSettings({ models: { variant } })
      .then(() => {
        setSaving('saved');
        settings.reload();
        onSaved();
      })
      .catch((e: unknown) => setSaving({ error: describeError(t, e) }));
  };
  return (
    <>
      <fieldset className="form" disabled={!chosen || saving === 'saving'} data-testid="model-variants">
        <legend className="muted">{t('models.variantHint')}</legend>
        {MODEL_VARIANTS.map((id) => (
          <label key={id} className="check">
            <input type="radio" name="model-variant" value={id} checked={chosen === id} onChange={() => choose(id)} data-testid={`model-variant-${id}`} />
            <span>{t(`models.variant.${id}`)}</span>
          </label>
        ))}
      </fieldset>
      {saving === 'saved' && (
        <p role="status" className="muted" data-testid="model-variant-saved">
          {t('models.variantSaved')}
        </p>
      )}
      {notes.map((n) => (
        <ErrorNote key={n}>{n}</ErrorNote>
      ))}
      {typeof saving === 'object' && <ErrorNote>{t('llm.saveFailed', { message: saving.error })}</ErrorNote>}
    </>
  );
}
