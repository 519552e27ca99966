/**
 * Scoped search and chat in a browser against `docsearch serve` (texts ingested by the CLI before it
 * starts): the library's "search in this document" scopes the search view to it, shown as a chip, and
 * every hit is from it until the chip is removed; "ask this document" scopes the chat, and the turn shows
 * the scope its answer came from. Screenshots in e2e/artifacts/.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { repoRoot, startServe, type ServeProcess } from './serve-process.js';

const shots = path.join(repoRoot, 'e2e', 'artifacts');
let serve: ServeProcess;

test.beforeAll(async () => {
  fs.mkdirSync(shots, { recursive: true });
  serve = await startServe({
    ingest: (dataDir) => {
      const files = {
        '総務/出張規程.txt': '出張規程\n出張の旅費は帰着後十日以内に精算する。宿泊費の上限は一泊一万二千円とする。',
        '経理/経費精算.txt': '経費精算の手引き\n旅費と交通費は月末までに精算する。領収書の原本を添付すること。',
      };
      for (const [name, text] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(dataDir, 'docs', name)), { recursive: true });
        fs.writeFileSync(path.join(dataDir, 'docs', name), text);
      }
      return [path.join(dataDir, 'docs')];
    },
  });
});

test.afterAll(async () => {
  await serve?.stop();
});

test('search in one document and ask it, from the library', async ({ page }) => {
  await page.goto(serve.openUrl);
  await page.getByTestId('nav-search').click();
  await page.getByTestId('search-input').fill('旅費の精算');
  await page.getByTestId('search-input').press('Enter');
  await expect(page.getByTestId('search-result')).toHaveCount(2);

  await page.getByTestId('nav-library').click();
  const rules = page.getByTestId('library-row').filter({ hasText: '出張規程' });
  const rulesId = await rules.getAttribute('data-doc-id');
  await rules.getByTestId('library-search-in').click();
  const chips = page.getByTestId('search-scope').getByTestId('scope-chip');
  await expect(chips).toHaveText(['文書: 出張規程']);
  await expect(page.getByTestId('search-result')).toHaveCount(1);
  await expect(page.getByTestId('search-result')).toHaveAttribute('data-doc-id', rulesId!);
  await page.screenshot({ path: path.join(shots, 'scope-search.png') });
  // a kind chip narrows it to nothing; removing both chips searches everything again
  await page.getByTestId('search-scope').getByTestId('scope-add-kind').selectOption('markdown');
  await expect(page.getByTestId('search-no-results')).toBeVisible();
  await page.getByTestId('search-scope').getByTestId('scope-chip-remove').first().click();
  await page.getByTestId('search-scope').getByTestId('scope-chip-remove').first().click();
  await expect(page.getByTestId('search-scope')).toContainText('すべての文書');
  await expect(page.getByTestId('search-result')).toHaveCount(2);

  await page.getByTestId('nav-library').click();
  await rules.getByTestId('library-ask-in').click();
  await expect(page.getByTestId('chat-scope').getByTestId('scope-chip')).toHaveText(['文書: 出張規程']);
  await page.getByTestId('chat-input').fill('旅費はいつまでに精算する？');
  await page.getByTestId('chat-send').click();
  const turn = page.getByTestId('chat-turn').last();
  await expect(turn.getByTestId('answer')).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  await expect(turn.getByTestId('chat-turn-scope').getByTestId('scope-chip')).toHaveText(['文書: 出張規程']);
  await expect(turn.getByTestId('answer-text')).toContainText('十日以内');
  await expect(turn.getByTestId('answer-text')).not.toContainText('月末');
  await page.screenshot({ path: path.join(shots, 'scope-chat.png') });
});
