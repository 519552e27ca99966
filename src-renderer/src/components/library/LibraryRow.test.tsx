import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { DocumentInfo } from '#shared/api';
import { I18nProvider } from '../../i18n';
import { ClientProvider } from '../../state/client';
import { fakeEngine } from '../../test/harness';
import { attachmentName } from '../ExportPdfButton';
import { LibraryRow } from './LibraryRow';

const doc = (over: Partial<DocumentInfo>): DocumentInfo => ({
  id: 1,
  sha256: 'a'.repeat(64),
  path: '/d/a.pdf',
  title: 'a',
  kind: 'pdf',
  bytes: 1000,
  pageCount: 40,
  pagesIndexed: 40,
  pagesNeedingOcr: 0,
  pagesOcr: 0,
  pagesUnreadable: 0,
  chunkCount: 80,
  status: 'ready',
  error: null,
  addedAt: '2026-11-28 00:00:00',
  paths: ['/d/a.pdf'],
  version: 1,
  versionAt: '2026-11-28 00:00:00',
  modifiedAt: null,
  ...over,
});

function renderRow(d: DocumentInfo) {
  return render(
    <I18nProvider>
      <ClientProvider client={fakeEngine().client}>
        <table>
          <tbody>
            <LibraryRow doc={d} reindex={undefined} onOpen={() => {}} onScopeTo={() => {}} onRemove={() => {}} onReindex={() => {}} onCancelReindex={() => {}} />
          </tbody>
        </table>
      </ClientProvider>
    </I18nProvider>,
  );
}

function sourceOf(d: DocumentInfo): string {
  const { unmount } = renderRow(d);
  const text = screen.getByTestId('library-source').textContent ?? '';
  unmount();
  return text;
}

describe('the library’s text source label', () => {
  it('reflects all pages: OCR n/total when any page was read by OCR, else the text layer', () => {
    expect(sourceOf(doc({ pagesOcr: 12 }))).toBe('OCR 12/40');
    expect(sourceOf(doc({ pagesOcr: 40 }))).toBe('OCR 40/40');
    expect(sourceOf(doc({}))).toBe('テキスト層');
    expect(sourceOf(doc({ kind: 'text', pageCount: 1, pagesIndexed: 1 }))).toBe('テキスト');
    expect(sourceOf(doc({ pagesIndexed: 0, pagesNeedingOcr: 40 }))).toBe('—');
  });
});

describe('a document’s versions and paths', () => {
  it('shows the version and its date once the file has changed, and how many other places hold it', () => {
    const first = renderRow(doc({}));
    expect(screen.queryByTestId('library-version')).toBeNull();
    first.unmount();
    renderRow(doc({ version: 3, versionAt: '2026-11-27T10:00:00.000Z', modifiedAt: '2026-11-27T09:58:00.000Z', paths: ['/d/a.pdf', '/e/a-copy.pdf'] }));
    const version = screen.getByTestId('library-version');
    expect(version.textContent).toMatch(/^第3版 2026\/11\/27/);
    expect(version.title).toContain('ファイルの更新日時');
    expect(screen.getByText('ほか1か所')).toBeTruthy();
  });
});

describe('the searchable-PDF export button', () => {
  it('is offered for documents with pages read by OCR only', () => {
    const plain = renderRow(doc({}));
    expect(screen.queryByTestId('library-export-pdf')).toBeNull();
    plain.unmount();
    renderRow(doc({ pagesOcr: 12, title: '報告書' }));
    expect(screen.getByTestId('library-export-pdf').getAttribute('aria-label')).toBe('「報告書」を検索できるPDFとして保存');
  });
});

describe('attachmentName', () => {
  it('reads the UTF-8 name of Content-Disposition, else the plain one', () => {
    expect(attachmentName(`attachment; filename="___-searchable.pdf"; filename*=UTF-8''%E5%A0%B1%E5%91%8A%E6%9B%B8-searchable.pdf`)).toBe('報告書-searchable.pdf');
    expect(attachmentName('attachment; filename="a-searchable.pdf"')).toBe('a-searchable.pdf');
    expect(attachmentName(null)).toBeUndefined();
  });
});
