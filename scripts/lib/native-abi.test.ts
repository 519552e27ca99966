import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { addonAbis, assertAddonAbi } from './native-abi.js';

const require = createRequire(import.meta.url);

describe('native addon ABI', () => {
  const addon = path.join(path.dirname(require.resolve('better-sqlite3/package.json')), 'build', 'Release', 'better_sqlite3.node');

  it("reads the ABI this machine's better-sqlite3 was built for: Node's", () => {
    expect(addonAbis(fs.readFileSync(addon))).toEqual([Number(process.versions.modules)]);
    expect(() => assertAddonAbi(addon, Number(process.versions.modules), 'Node')).not.toThrow();
  });

  it("fails loudly for Electron's ABI, naming both and the fix", () => {
    const electronAbi = Number(fs.readFileSync(path.join(path.dirname(require.resolve('electron/package.json')), 'abi_version'), 'utf8'));
    expect(electronAbi).not.toBe(Number(process.versions.modules));
    expect(() => assertAddonAbi(addon, electronAbi, 'Electron')).toThrow(new RegExp(`built for ABI ${process.versions.modules}, not Electron's ABI ${electronAbi}: rebuild it`));
  });

  it('says when no registration symbol is found', () => {
    const f = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'abi-')), 'x.node');
    fs.writeFileSync(f, 'not an addon');
    expect(() => assertAddonAbi(f, 145, 'Electron')).toThrow(/ABI \(none found\)/);
  });
});
