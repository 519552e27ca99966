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

  it('sees another writer\'s change at the next read, and an update keeps the other writer\'s keys', () => {
    const dir = tmp();
    const app = new SettingsStore(dir);
    const serve = new SettingsStore(dir);
    app.update({ llm: { allowRemoteHost: true, host: 'http://192.168.1.20:11434' } });
    expect(serve.get().llm.allowRemoteHost).toBe(true);
    app.update({ llm: { allowRemoteHost: false } });
    expect(serve.get().llm).toMatchObject({ allowRemoteHost: false, host: 'http://192.168.1.20:11434' });
    // serve changes another key: the app's earlier change is not undone by serve's older copy
    app.update({ llm: { model: 'qwen2.5:3b-instruct' } });
    serve.update({ ocr: { strategy: 'legacy' } });
    expect(new SettingsStore(dir).get()).toMatchObject({ llm: { model: 'qwen2.5:3b-instruct', allowRemoteHost: false }, ocr: { strategy: 'legacy' } });
    expect(app.get().ocr.strategy).toBe('legacy');
  });

  it('notices a hand edit of the same size, and a removed file means the defaults again', () => {
    const dir = tmp();
    const s = new SettingsStore(dir);
    s.update({ llm: { allowRemoteHost: true } });
    const file = path.join(dir, 'settings.json');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('"allowRemoteHost": true', '"allowRemoteHost":false'));
    expect(s.get().llm.allowRemoteHost).toBe(false);
    fs.rmSync(file);
    expect(s.get().llm).toEqual(LLM_DEFAULTS);
  });
});
