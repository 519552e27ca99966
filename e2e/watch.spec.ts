/**
 * Settings › 監視フォルダ in a browser against `docsearch serve` (whose engine watches): a folder added by its
 * typed path is scanned and watched, a file written into it shows in the folder's status and in search,
 * and the folder is taken out again. Screenshots in e2e/artifacts/.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { repoRoot, startServe, type ServeProcess } from './serve-process.js';

const shots = path.join(repoRoot, 'e2e', 'artifacts');
let serve: ServeProcess;
let folder: string;

test.beforeAll(async () => {
  fs.mkdirSync(shots, { recursive: true });
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'docsearch-e2e-watched-'));
  fs.writeFileSync(path.join(folder, 'before.txt'), '監視の前からあった書類 walrus の記録。\n');
  serve = await startServe();
});

test.afterAll(async () => {
  await serve?.stop();
  fs.rmSync(folder, { recursive: true, force: true });
});

test('a watched folder added in Settings is scanned, followed, shown and taken out', async ({ page }) => {
  await page.goto(serve.openUrl);
  await page.getByTestId('nav-settings').click();
  const section = page.getByTestId('settings-watch');
  await expect(section).toContainText('監視フォルダはありません');

  // a relative path is refused with the engine's message
  await page.getByTestId('watch-path').fill('scans');
  await page.getByTestId('watch-add').click();
  await expect(page.getByTestId('watch-save-error')).toBeVisible();

  await page.getByTestId('watch-path').fill(folder);
  await page.getByTestId('watch-add').click();
  const row = page.getByTestId('watch-folder');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(folder);
  // the catch-up scan reads the file that was there before
  await expect(row).toHaveAttribute('data-state', 'watching');
  await expect(row).toContainText('1 ファイル');

  fs.writeFileSync(path.join(folder, 'after.md'), '# 新着\n\n監視中に置かれた書類 narwhal の記録。\n');
  await expect(row).toContainText('2 ファイル');
  await expect(page.getByTestId('watch-last')).toContainText('after.md');
  await page.screenshot({ path: path.join(shots, 'watch-settings.png') });

  await page.getByTestId('watch-remove-deleted').uncheck();
  await expect(page.getByTestId('watch-remove-deleted')).not.toBeChecked();
  await row.getByRole('button').click();
  await expect(row).toHaveCount(0);

  // what the watcher indexed is searchable
  await page.getByTestId('nav-search').click();
  await page.getByTestId('search-input').fill('narwhal');
  await page.getByTestId('search-input').press('Enter');
  await expect(page.getByTestId('search-result').first()).toContainText('after');
});
