import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LLM_DEFAULTS } from '#shared/api';
import { SettingsStore } from './settings.js';

const dirs: string[] = [];
const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'docsearch-settings-'));
  dirs.push(d);
  return d;
};
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe('settings', () => {
  it('defaults without a file; updates only the keys given and persists them', () => {
    const dir = tmp();
    const s = new SettingsStore(dir);
    expect(s.get().llm).toEqual(LLM_DEFAULTS);
    s.update({ llm: { model: 'qwen2.5:3b-instruct' } });
    expect(new SettingsStore(dir).get().llm).toEqual({ ...LLM_DEFAULTS, model: 'qwen2.5:3b-instruct' });
  });

  it('rejects invalid values and keeps the old ones', () => {
    const s = new SettingsStore(tmp());
    expect(() => s.update({ llm: { contextTokens: 10 } })).toThrow(/llm\.contextTokens/);
    expect(s.get().llm.contextTokens).toBe(LLM_DEFAULTS.contextTokens);
  });

  it('uses the defaults, saying why, when the file is broken', () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'settings.json'), '{"llm": {"host": 5}');
    const s = new SettingsStore(dir);
    expect(s.get().llm).toEqual(LLM_DEFAULTS);
    expect(s.problem).toMatch(/not valid JSON; using the defaults|not valid JSON .*using the defaults/);
    fs.writeFileSync(path.join(dir, 'settings.json'), '{"llm": {"host": 5}}');
    expect(new SettingsStore(dir).problem).toMatch(/invalid \(llm\.host/);
  });
});
