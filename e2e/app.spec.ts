/// <reference lib="dom" />
/**
 * The whole app in a browser: the real renderer in Debian Chromium against `docsearch serve` with the
 * real engine and OCR models; the LLM leg through the Ollama TEST DOUBLE (tests/ollama-double.ts), as no
 * Ollama can run on this machine. Every step leaves a screenshot in e2e/artifacts/.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { OllamaDouble } from '../tests/ollama-double.js';
import { evalDir, repoRoot, startServe, type ServeProcess } from './serve-process.js';

const shots = path.join(repoRoot, 'e2e', 'artifacts');
const scanned = path.join(evalDir, 'pdf', 'jsquad-scanned-8p.pdf');
const born = path.join(evalDir, 'pdf', 'maint-guide.ja.pdf');

/** A question whose gold paragraph is on page 2 of the scanned PDF (h01). */
function questionOnPage2(): string {
  const ids = new Set(JSON.parse(fs.readFileSync(path.join(evalDir, 'ocr', 'jsquad-pages', 'gt', 'h01.ids.json'), 'utf8')) as string[]);
  const lines = fs.readFileSync(path.join(evalDir, 'jsquad', 'valid-questions.jsonl'), 'utf8').split('\n').filter(Boolean);
  return lines.map((l) => JSON.parse(l) as { question: string; gold_paragraph_id: string }).find((x) => ids.has(x.gold_paragraph_id))!.question;
}

/** Drops files on the window as a user would (a synthetic drop with real File objects). */
async function dropFiles(page: Page, files: { name: string; bytes: Buffer; type: string }[]): Promise<void> {
  const payload = files.map((f) => ({ name: f.name, type: f.type, b64: f.bytes.toString('base64') }));
  await page.evaluate((list) => {
    const dt = new DataTransfer();
    for (const f of list) {
      const bin = Uint8Array.from(atob(f.b64), (c) => c.charCodeAt(0));
      dt.items.add(new File([bin], f.name, { type: f.type }));
    }
    const target = document.body;
    target.dispatchEvent(new DragEvent('dragenter', { bubbles: true, dataTransfer: dt }));
    target.dispatchEvent(new DragEvent('dragover', { bubbles: true, cancelable: true, dataTransfer: dt }));
    target.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: dt }));
  }, payload);
}

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(shots, `${name}.png`) });
/** The files serve keeps of what was dropped: uploads/<sha256>/<name> beside the store. */
const uploadedCopies = () => {
  const dir = path.join(serve.dataDir, 'uploads');
  return fs.readdirSync(dir).filter((d) => d !== '.partial').flatMap((d) => fs.readdirSync(path.join(dir, d))).sort();
};

let serve: ServeProcess;
let ollama: OllamaDouble;

test.beforeAll(async () => {
  fs.mkdirSync(shots, { recursive: true });
  serve = await startServe();
  ollama = await OllamaDouble.start({ models: ['qwen2.5:7b-instruct'] });
});

test.afterAll(async () => {
  await serve?.stop();
  await ollama?.stop();
});

test('drop → progress → library → search → ask (extractive, then LLM) → citation opens the page → remove', async ({ page }) => {
  const question = questionOnPage2();
  await page.goto(serve.openUrl);
  // the token leaves the address bar at once
  await expect(page).not.toHaveURL(/token=/);
  await expect(page.getByTestId('nav-ingest')).toBeVisible();
  await shot(page, '01-start');

  // drop the scanned and the born-digital PDF, and a corrupt file that must fail alone
  await dropFiles(page, [
    { name: 'jsquad-scanned-8p.pdf', bytes: fs.readFileSync(scanned), type: 'application/pdf' },
    { name: 'maint-guide.ja.pdf', bytes: fs.readFileSync(born), type: 'application/pdf' },
    { name: 'broken.pdf', bytes: Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(3000, 0x5a)]), type: 'application/pdf' },
  ]);
  const rows = page.getByTestId('ingest-row');
  await expect(rows).toHaveCount(3);
  // OCR progress of the scan: a progress bar with a value, page by page
  const scanRow = page.locator('[data-testid="ingest-row"][data-name="jsquad-scanned-8p.pdf"]');
  await expect(scanRow.getByRole('progressbar')).toHaveAttribute('aria-valuenow', /[1-9]/, { timeout: 120_000 });
  await shot(page, '02-ingest-progress');
  await expect(page.locator('[data-testid="ingest-row"][data-name="broken.pdf"]')).toHaveAttribute('data-outcome', 'failed', { timeout: 200_000 });
  await expect(page.locator('[data-testid="ingest-row"][data-name="broken.pdf"]').getByTestId('ingest-reason')).toContainText(/PDF/);
  await expect(page.locator('[data-testid="ingest-row"][data-name="maint-guide.ja.pdf"]')).toHaveAttribute('data-outcome', 'indexed', { timeout: 120_000 });
  await expect(scanRow).toHaveAttribute('data-outcome', 'indexed', { timeout: 180_000 });
  await shot(page, '03-ingest-done');
  // the failed file's upload is not kept
  await expect.poll(uploadedCopies).toEqual(['jsquad-scanned-8p.pdf', 'maint-guide.ja.pdf']);

  // the library lists both
  await page.getByTestId('nav-library').click();
  await expect(page.getByTestId('library-row')).toHaveCount(2);
  await expect(page.getByTestId('library-table')).toContainText('jsquad-scanned-8p');
  await shot(page, '04-library');

  // search finds a paragraph of the born-digital PDF
  await page.getByTestId('nav-search').click();
  await page.getByTestId('search-input').fill('パッケージの所有状態');
  await page.getByTestId('search-input').press('Enter');
  await expect(page.getByTestId('search-result').first()).toContainText(/Debian|メンテナー/);
  await shot(page, '05-search');

  // ask about the scanned page: Ollama is not running, so the answer is extractive and says so
  await page.getByTestId('nav-chat').click();
  await page.getByTestId('chat-input').fill(question);
  await page.getByTestId('chat-send').click();
  const first = page.getByTestId('answer').last();
  await expect(first).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  await expect(first).toHaveAttribute('data-mode', 'extractive');
  await expect(first.getByTestId('answer-mode')).toBeVisible();
  await expect(first.getByTestId('citation-chip').first()).toBeVisible();
  await shot(page, '06-answer-extractive');

  // the citation opens the cited page of the scan with the passage highlighted
  await first.getByTestId('citation-chip').first().click();
  const viewer = page.getByTestId('viewer');
  await expect(viewer).toBeVisible();
  await expect(page.getByTestId('viewer-page-input')).toHaveValue('2');
  await expect(page.getByTestId('viewer-image')).toHaveJSProperty('complete', true);
  expect(await page.getByTestId('viewer-image').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(500);
  await expect(page.getByTestId('highlight-box').first()).toBeVisible();
  await shot(page, '07-viewer');
  await page.keyboard.press('Escape');
  await expect(viewer).toBeHidden();

  // point the app at the Ollama test double: the answer now streams from the "LLM" with a citation
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('llm-host').fill(ollama.url);
  await page.getByTestId('llm-save').click();
  await page.getByTestId('llm-recheck').click();
  await expect(page.getByTestId('llm-state')).toHaveAttribute('data-state', 'ready');
  // the launch check finished with nothing to report, so no banner was shown
  await expect(page.getByTestId('startup-summary')).toHaveAttribute('data-ok', 'true');
  await expect(page.getByTestId('startup-banner')).toHaveCount(0);
  await shot(page, '08-settings');
  ollama.set({ reply: () => ['資料によると、', ...[...'この段落に答えが書かれています'].map((c) => c), '[1]。'], pieceDelayMs: 60 });
  await page.getByTestId('nav-chat').click();
  await page.getByTestId('chat-new').click();
  await page.getByTestId('chat-input').fill(question);
  await page.getByTestId('chat-send').click();
  const second = page.getByTestId('answer').last();
  await expect(second).toHaveAttribute('data-state', 'streaming');
  await expect(page.getByTestId('chat-stop')).toBeVisible();
  await expect(second).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  await expect(second).toHaveAttribute('data-mode', 'llm');
  await expect(second.getByTestId('answer-text')).toContainText('資料によると');
  await second.getByTestId('citation-chip').first().click();
  await expect(page.getByTestId('viewer-page-input')).toHaveValue('2');
  await expect(page.getByTestId('highlight-box').first()).toBeVisible();
  await page.keyboard.press('Escape');
  await shot(page, '09-answer-llm');

  // removing a document removes it from search
  await page.getByTestId('nav-library').click();
  await page.getByTestId('library-row').filter({ hasText: 'maint-guide' }).getByTestId('library-remove').click();
  await page.getByTestId('confirm-ok').click();
  await expect(page.getByTestId('library-row')).toHaveCount(1);
  // its uploaded copy went with it
  expect(uploadedCopies()).toEqual(['jsquad-scanned-8p.pdf']);
  await page.getByTestId('nav-search').click();
  await page.getByTestId('search-input').fill('パッケージの所有状態');
  await page.getByTestId('search-input').press('Enter');
  await expect(page.getByTestId('search-result').filter({ hasText: /maint-guide|Debian 新メンテナー/ })).toHaveCount(0);
  await shot(page, '10-after-remove');
});
