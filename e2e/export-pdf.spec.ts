/**
 * The searchable-PDF export from the UI, in a browser against `docsearch serve`: a scanned PDF read by the
 * real OCR (a CLI ingest before serve starts) offers the export in its library row and in the viewer; each
 * saves a PDF under the document's title that poppler (pdftotext) reads the OCR text from. A born-digital
 * document offers none. Screenshots in e2e/artifacts/.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Download } from '@playwright/test';
import { repoRoot, startServe, type ServeProcess } from './serve-process.js';

const shots = path.join(repoRoot, 'e2e', 'artifacts');
let serve: ServeProcess;

test.beforeAll(async () => {
  fs.mkdirSync(shots, { recursive: true });
  serve = await startServe({
    ingest: (dataDir) => {
      const files = ['scanned-h00.pdf', 'plain.pdf'].map((f) => path.join(dataDir, f));
      for (const f of files) fs.copyFileSync(path.join(repoRoot, 'tests', 'fixtures', path.basename(f)), f);
      return files;
    },
  });
});

test.afterAll(async () => {
  await serve?.stop();
});

/** The saved file's name and what pdftotext reads from it. */
async function saved(download: Download): Promise<{ name: string; text: string }> {
  const file = path.join(serve.dataDir, `saved-${Date.now()}.pdf`);
  await download.saveAs(file);
  return { name: download.suggestedFilename(), text: execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '') };
}

test('a scan read by OCR is saved as a searchable PDF from the library and from the viewer', async ({ page }) => {
  await page.goto(serve.openUrl);
  await page.getByTestId('nav-library').click();
  const scan = page.getByTestId('library-row').filter({ hasText: 'scanned-h00' });
  const plain = page.getByTestId('library-row').filter({ hasText: 'plain' });
  await expect(scan).toBeVisible();
  await expect(plain.getByTestId('library-export-pdf')).toHaveCount(0);
  await page.screenshot({ path: path.join(shots, 'export-pdf-library.png') });

  const [fromRow] = await Promise.all([page.waitForEvent('download'), scan.getByTestId('library-export-pdf').click()]);
  const row = await saved(fromRow);
  expect(row.name).toBe('scanned-h00-searchable.pdf');
  expect(row.text.length).toBeGreaterThan(300);

  await scan.getByTestId('library-open').click();
  const viewer = page.getByTestId('viewer');
  await expect(viewer.getByTestId('viewer-image')).toBeVisible();
  const [fromViewer] = await Promise.all([page.waitForEvent('download'), viewer.getByTestId('viewer-export-pdf').click()]);
  const again = await saved(fromViewer);
  expect(again).toEqual(row);
  await page.screenshot({ path: path.join(shots, 'export-pdf-viewer.png') });
});
