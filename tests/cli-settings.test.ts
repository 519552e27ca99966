/** `docsearch settings set`: llm.<name>, ocr.strategy, limits.<name> and watch.<name> are written to settings.json; anything else is a usage error (exit 2, one line). */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LIMITS_DEFAULTS } from '#shared/api';
import { removeTempDirs, runCli, tempDir } from './helpers.js';

afterAll(removeTempDirs);

const settingsFile = (db: string) => path.join(path.dirname(db), 'settings.json');

describe('settings set', () => {
  it('sets ocr.strategy and keeps it in settings.json', async () => {
    const db = path.join(tempDir(), 's.db');
    const r = await runCli(db, ['settings', 'set', 'ocr.strategy', 'legacy']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ocr: { strategy: 'legacy' } });
    expect(JSON.parse(fs.readFileSync(settingsFile(db), 'utf8'))).toMatchObject({ ocr: { strategy: 'legacy' } });
    const shown = await runCli(db, ['settings']);
    expect(JSON.parse(shown.stdout)).toMatchObject({ ocr: { strategy: 'legacy' } });
  });

  it('sets a limit, keeping the other limits at their defaults', async () => {
    const db = path.join(tempDir(), 's.db');
    const r = await runCli(db, ['settings', 'set', 'limits.maxPdfBytes', '2147483648']);
    expect(r.code).toBe(0);
    const limits = { ...LIMITS_DEFAULTS, maxPdfBytes: 2147483648 };
    expect(JSON.parse(r.stdout).limits).toEqual(limits);
    expect(JSON.parse(fs.readFileSync(settingsFile(db), 'utf8')).limits).toEqual(limits);
    const bad = await runCli(db, ['settings', 'set', 'limits.maxPdfBytes', 'big']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/limits\.maxPdfBytes/);
    expect(JSON.parse(fs.readFileSync(settingsFile(db), 'utf8')).limits).toEqual(limits);
  });

  it('refuses an unknown strategy with the choices, and changes nothing', async () => {
    const db = path.join(tempDir(), 's.db');
    const r = await runCli(db, ['settings', 'set', 'ocr.strategy', 'nope']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('docsearch: ocr.strategy must be one of ppocr-v6, ppocr-v5, legacy, tesseract-page (not "nope")\n');
    expect(fs.existsSync(settingsFile(db))).toBe(false);
    const variant = await runCli(db, ['settings', 'set', 'models.variant', 'int4']);
    expect([variant.code, variant.stderr]).toEqual([2, 'docsearch: models.variant must be one of fp32, int8 (not "int4")\n']);
    expect(fs.existsSync(settingsFile(db))).toBe(false);
  });

  it('refuses unknown keys in one line', async () => {
    const db = path.join(tempDir(), 's.db');
    const section = await runCli(db, ['settings', 'set', 'colour.theme', 'dark']);
    expect(section.code).toBe(2);
    expect(section.stderr).toBe('docsearch: unknown setting "colour.theme" (settings are llm.<name>, ocr.strategy, limits.<name>, watch.<name> and models.variant; see `docsearch settings`)\n');
    const name = await runCli(db, ['settings', 'set', 'ocr.engine', 'legacy']);
    expect(name.code).toBe(2);
    expect(name.stderr).toBe('docsearch: unknown setting "ocr.engine" (see `docsearch settings`)\n');
  });

  it('edits the watch folders with watch add and remove, and watch.removeDeleted with set', async () => {
    const dir = tempDir();
    const db = path.join(dir, 's.db');
    const scans = path.join(dir, 'scans');
    fs.mkdirSync(scans);
    expect((await runCli(db, ['watch', 'add', scans])).stdout).toBe(`${scans}\n`);
    // relative to the working folder, and listed once however often it is added
    expect((await runCli(db, ['watch', 'add', path.relative(process.cwd(), scans)])).stdout).toBe(`${scans}\n`);
    const missing = await runCli(db, ['watch', 'add', path.join(dir, 'later')]);
    expect(missing.stderr).toContain(`${path.join(dir, 'later')} does not exist yet; it is watched once it does`);
    expect(missing.stdout).toBe(`${scans}\n${path.join(dir, 'later')}\n`);
    expect((await runCli(db, ['watch', 'remove', path.join(dir, 'later')])).stdout).toBe(`${scans}\n`);
    const notThere = await runCli(db, ['watch', 'remove', path.join(dir, 'other')]);
    expect(notThere.code).toBe(2);
    expect(notThere.stderr).toBe(`docsearch: ${path.join(dir, 'other')} is not a watch folder (see \`docsearch watch list\`)\n`);
    expect((await runCli(db, ['settings', 'set', 'watch.removeDeleted', 'false'])).code).toBe(0);
    expect(JSON.parse(fs.readFileSync(settingsFile(db), 'utf8')).watch).toEqual({ folders: [scans], removeDeleted: false, debounceMs: 1000 });
  });
});
