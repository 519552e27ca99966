import { act, fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { LibraryImportSummary } from '#shared/api';
import { CallError } from '../../api/errors';
import { appProviders, fakeEngine } from '../../test/harness';
import { LibraryTransfer } from './LibraryTransfer';

function setup() {
  const engine = fakeEngine();
  const Providers = appProviders(engine.client);
  render(
    <Providers>
      <LibraryTransfer />
    </Providers>,
  );
  return engine;
}

const imported: LibraryImportSummary = {
  file: '/media/usb/library.tar',
  documents: { imported: 12, present: 3, notReady: 0 },
  pages: 40,
  chunks: 250,
  vectors: 0,
  queuedForEmbedding: 250,
  vectorNote: 'other embedder',
  files: { restored: 0, folder: null, missing: 0 },
  cancelled: false,
  ms: 1000,
};

describe('library transfer in Settings › Data', () => {
  it('imports the typed path, shows the phase as it goes, then what was imported and queued', async () => {
    const engine = setup();
    fireEvent.change(screen.getByTestId('transfer-import-path'), { target: { value: ' /media/usb/library.tar ' } });
    fireEvent.click(screen.getByTestId('transfer-import-files'));
    fireEvent.click(screen.getByTestId('transfer-import'));
    const call = engine.of('importLibrary')[0]!;
    expect(call.params).toEqual({ file: '/media/usb/library.tar', withFiles: true });
    expect((screen.getByTestId('transfer-export') as HTMLButtonElement).disabled).toBe(true);
    act(() => call.emit({ phase: 'verify', done: 50, total: 200 }));
    expect(screen.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('25');
    expect(screen.getByTestId('transfer-progress').textContent).toContain('アーカイブを検証中: 25%');
    await act(async () => call.resolve(imported));
    expect(screen.queryByTestId('transfer-progress')).toBeNull();
    expect(screen.getByTestId('transfer-result').textContent).toContain('12 件の文書（チャンク 250）を取り込みました。3 件はすでにありました。');
    expect(screen.getByTestId('transfer-result').textContent).toContain('チャンク 250 件にはまだベクトルがありません');
  });

  it('shows a refused archive in the UI language', async () => {
    const engine = setup();
    fireEvent.change(screen.getByTestId('transfer-import-path'), { target: { value: '/media/usb/new.tar' } });
    fireEvent.click(screen.getByTestId('transfer-import'));
    await act(async () =>
      engine.of('importLibrary')[0]!.reject(new CallError({ code: 'archive-newer', params: { file: '/media/usb/new.tar', schema: 9, supported: 4 }, message: 'newer' })),
    );
    expect(screen.getByTestId('transfer-error').textContent).toContain('/media/usb/new.tar は新しい版の文書検索で作られています（ストアのスキーマ 9、この版は 4 まで）');
  });

  it('exports with the original files when asked, and can be cancelled', () => {
    const engine = setup();
    fireEvent.change(screen.getByTestId('transfer-export-path'), { target: { value: 'E:\\library.tar' } });
    fireEvent.click(screen.getByTestId('transfer-export-files'));
    fireEvent.click(screen.getByTestId('transfer-export'));
    const call = engine.of('exportLibrary')[0]!;
    expect(call.params).toEqual({ file: 'E:\\library.tar', withFiles: true });
    fireEvent.click(screen.getByRole('button', { name: 'キャンセル' }));
    expect(call.cancels).toBe(1);
  });
});
