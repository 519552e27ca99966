import { act, fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Settings, type ModelStatus } from '#shared/api';
import { appProviders, fakeEngine } from '../../test/harness';
import { ModelVariantChoice } from './ModelVariantChoice';

const embedder = { id: 'ruri-v3-30m', role: 'embedder', activeVariant: 'fp32', variantNote: 'model ruri-v3-30m (variant int8): /m/model.int8.onnx is missing; run `npm run models:prepare`; using fp32' } as ModelStatus;

describe('the weights choice in Settings › Models', () => {
  it('shows the setting, saves another variant, refreshes the models and says why fp32 runs', async () => {
    const engine = fakeEngine({ onCall: (c) => c.method === 'getSettings' && c.resolve(Settings.parse({})) });
    let refreshed = 0;
    const Providers = appProviders(engine.client);
    render(
      <Providers>
        <ModelVariantChoice models={[embedder]} onSaved={() => refreshed++} />
      </Providers>,
    );
    await act(async () => {});
    expect((screen.getByTestId('model-variant-fp32') as HTMLInputElement).checked).toBe(true);
    expect(screen.getByText(embedder.variantNote!)).toBeTruthy();
    fireEvent.click(screen.getByTestId('model-variant-int8'));
    const update = engine.of('updateSettings')[0]!;
    expect(update.params).toEqual({ models: { variant: 'int8' } });
    await act(async () => update.resolve(Settings.parse({ models: { variant: 'int8' } })));
    expect(screen.getByTestId('model-variant-saved').textContent).toMatch(/reindex/);
    expect(refreshed).toBe(1);
  });
});
