import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { SearchNote } from '#shared/api';
import { I18nProvider } from '../../i18n';
import { SearchNotes } from './SearchNotes';

const notes: SearchNote[] = [
  { code: 'variant-fallback', params: { reason: 'model ruri-v3-30m (variant int8): /m/model.int8.onnx is missing; using fp32' }, message: 'model ruri-v3-30m (variant int8): /m/model.int8.onnx is missing; using fp32' },
  { code: 'dense-other-space', params: { storeModel: 'ruri-v3-30m', model: 'ruri-v3-30m@int8' }, message: "dense search off: the store's vectors come from embedder ruri-v3-30m, not the installed ruri-v3-30m@int8" },
];

describe('search notes', () => {
  it('say in Japanese why semantic search is off or other weights run, with the model problem in its own words', () => {
    render(
      <I18nProvider>
        <SearchNotes notes={notes} />
      </I18nProvider>,
    );
    const items = screen.getAllByRole('listitem');
    expect(items.map((li) => li.dataset.code)).toEqual(['variant-fallback', 'dense-other-space']);
    expect(items[0]!.textContent).toBe('選んだ重み (int8 など) を使えないため、fp32 で動いています (model ruri-v3-30m (variant int8): /m/model.int8.onnx is missing; using fp32)');
    expect(items[1]!.textContent).toContain('保存されたベクトルは ruri-v3-30m のもので、いまのモデルは ruri-v3-30m@int8 です');
  });

  it('show nothing when the search ran as asked', () => {
    const { container } = render(
      <I18nProvider>
        <SearchNotes notes={[]} />
      </I18nProvider>,
    );
    expect(container.textContent).toBe('');
  });
});
