/// <reference lib="dom" />
/**
 * Start-up with a damaged models folder: one file deleted, one altered. The window says which files, where
 * they are and how to restore them, and the rest of the app keeps working (a document ingested before
 * opens in search). With intact models app.spec.ts sees the check pass and no banner.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { repoRoot, startServe, type ServeProcess } from './serve-process.js';

let serve: ServeProcess;
let models = '';
let deleted = '';
let altered = '';

test.beforeAll(async () => {
  models = fs.mkdtempSync(path.join(os.tmpdir(), 'docsearch-e2e-models-'));
  fs.cpSync(path.join(repoRoot, 'models'), models, { recursive: true });
  deleted = path.join(models, 'ocr', 'ppocr-v6-small', 'det.onnx');
  fs.rmSync(deleted);
  altered = path.join(models, 'ocr', 'tesseract', 'jpn.traineddata.gz');
  const fd = fs.openSync(altered, 'r+');
  fs.writeSync(fd, Buffer.from('damaged'), 0, 7, 4096);
  fs.closeSync(fd);
  serve = await startServe({
    modelsDir: models,
    ingest: (dataDir) => {
      const memo = path.join(dataDir, '議事録.txt');
      fs.writeFileSync(memo, '第三回の会議では、書庫の移転を来年の春に行うことが決まった。');
      return [memo];
    },
  });
});

test.afterAll(async () => {
  await serve?.stop();
  fs.rmSync(models, { recursive: true, force: true });
});

test('a deleted and an altered model file are named with their paths and the fix; search still works', async ({ page }) => {
  await page.goto(serve.openUrl);
  const banner = page.getByTestId('startup-banner');
  await expect(banner).toBeVisible();
  const problems = banner.getByTestId('startup-problem');
  await expect(problems).toHaveCount(2);
  await expect(problems.filter({ hasText: deleted })).toHaveText(`${deleted} がありません (モデル ppocr-v6-small-det)`);
  await expect(problems.filter({ hasText: altered })).toHaveText(`${altered} が変更されています: sha256 が一致しません (モデル tesseract-jpn)`);
  // one fix for both, as this checkout restores them (the installed app says to reinstall)
  await expect(banner.getByTestId('startup-fix')).toHaveText(['直し方: このチェックアウトで `npm run models:ocr` を実行してください。']);
  await page.screenshot({ path: path.join(repoRoot, 'e2e', 'artifacts', '20-startup-damaged-models.png') });

  // the details: Settings › Models shows the same two models in error
  await banner.getByRole('button', { name: '設定 › モデルで確認' }).click();
  await expect(page.locator('[data-testid="model-row"][data-model-id="ppocr-v6-small-det"]')).toHaveAttribute('data-status', 'missing');
  await expect(page.locator('[data-testid="model-row"][data-model-id="tesseract-jpn"]')).toHaveAttribute('data-status', 'altered');
  await expect(page.getByTestId('startup-summary')).toHaveAttribute('data-ok', 'false');
  // OCR still runs, with the next strategy whose models are intact, and says why
  await expect(page.getByTestId('ocr-strategy-ppocr-v6')).toBeChecked();
  await expect(page.getByTestId('ocr-running')).toHaveText('現在の読み取り方式: PP-OCRv5 mobile');
  await expect(page.getByTestId('ocr-fallback')).toContainText(`OCR strategy ppocr-v6 cannot run (model ppocr-v6-small-det: ${deleted} is missing`);

  // everything else keeps working
  await page.getByTestId('nav-search').click();
  await page.getByTestId('search-input').fill('書庫の移転');
  await page.getByTestId('search-input').press('Enter');
  await expect(page.getByTestId('search-result').first()).toContainText('議事録');

  await banner.getByRole('button', { name: '閉じる' }).click();
  await expect(banner).toBeHidden();
});
