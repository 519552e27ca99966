import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { I18nProvider } from '../../i18n';
import { EMPTY_SCOPE, toScope, type ScopeDraft } from '../../state/scope';
import { ScopeChips } from './ScopeChips';

const scoped: ScopeDraft = { docs: [{ id: 4, title: '就業規則' }], under: ['/share/総務'], kinds: ['pdf'], ocr: 'needs-ocr' };

function renderChips(draft: ScopeDraft, onChange?: (d: ScopeDraft) => void) {
  return render(
    <I18nProvider>
      <ScopeChips draft={draft} onChange={onChange} testId="scope" />
    </I18nProvider>,
  );
}

const chipTexts = () => screen.queryAllByTestId('scope-chip').map((c) => c.textContent);

describe('scope chips', () => {
  it('show every part of the scope, or all documents when there is none', () => {
    const { unmount } = renderChips(EMPTY_SCOPE, () => {});
    expect(chipTexts()).toEqual([]);
    expect(screen.getByTestId('scope').textContent).toContain('すべての文書');
    unmount();
    renderChips(scoped, () => {});
    expect(chipTexts()).toEqual(['文書: 就業規則', 'フォルダ: /share/総務', 'PDF', 'OCR 待ちあり']);
  });

  it('remove a part with its button, leaving the rest', () => {
    const onChange = vi.fn();
    renderChips(scoped, onChange);
    fireEvent.click(screen.getByRole('button', { name: '「フォルダ: /share/総務」を範囲から外す' }));
    expect(onChange).toHaveBeenLastCalledWith({ ...scoped, under: [] });
    const doc = screen.getAllByTestId('scope-chip')[0]!;
    fireEvent.click(within(doc).getByTestId('scope-chip-remove'));
    expect(toScope(onChange.mock.lastCall![0] as ScopeDraft)).toEqual({ under: ['/share/総務'], kinds: ['pdf'], ocr: 'needs-ocr' });
  });

  it('add a kind, an OCR state and a folder (on Enter)', () => {
    const onChange = vi.fn();
    renderChips(EMPTY_SCOPE, onChange);
    fireEvent.change(screen.getByTestId('scope-add-kind'), { target: { value: 'markdown' } });
    expect(onChange).toHaveBeenLastCalledWith({ ...EMPTY_SCOPE, kinds: ['markdown'] });
    fireEvent.change(screen.getByTestId('scope-add-ocr'), { target: { value: 'text' } });
    expect(onChange).toHaveBeenLastCalledWith({ ...EMPTY_SCOPE, ocr: 'text' });
    const folder = screen.getByRole('textbox', { name: 'フォルダで絞り込む (パスを入力して Enter)' });
    fireEvent.change(folder, { target: { value: ' /share/経理 ' } });
    fireEvent.keyDown(folder, { key: 'Enter' });
    expect(onChange).toHaveBeenLastCalledWith({ ...EMPTY_SCOPE, under: ['/share/経理'] });
    expect((folder as HTMLInputElement).value).toBe('');
  });

  it('only show the scope where it cannot be changed (a chat turn)', () => {
    renderChips(scoped);
    expect(chipTexts()).toHaveLength(4);
    expect(screen.queryByRole('button')).toBeNull();
    expect(screen.queryByRole('combobox')).toBeNull();
    expect(screen.queryByRole('textbox')).toBeNull();
  });
});
