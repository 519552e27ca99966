/**
 * User settings, kept as settings.json in the data folder (beside the store). A missing file means the
 * defaults; an unreadable or invalid one is reported and the defaults are used, so a bad edit never stops
 * the app. Writes are atomic (temporary file, then rename).
 */
import fs from 'node:fs';
import path from 'node:path';
import { Settings, SettingsUpdate } from '#shared/api';
import { invalid } from './errors.js';

export const SETTINGS_FILE = 'settings.json';

export class SettingsStore {
  readonly file: string;
  /** why the file on disk was not used, if it was not */
  problem: string | null = null;
  private current: Settings;

  constructor(dataDir: string) {
    this.file = path.join(dataDir, SETTINGS_FILE);
    this.current = this.read();
  }

  get(): Settings {
    return structuredClone(this.current);
  }

  /** Applies a partial update (validated), writes it and returns the new settings. */
  update(update: SettingsUpdate): Settings {
    const u = SettingsUpdate.safeParse(update);
    if (!u.success) throw invalid('invalid-settings', u.error);
    const next = Settings.parse({ ...this.current, llm: { ...this.current.llm, ...u.data.llm }, ocr: { ...this.current.ocr, ...u.data.ocr } });
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, `${JSON.stringify(next, null, 2)}\n`);
    fs.renameSync(tmp, this.file);
    this.current = next;
    this.problem = null;
    return this.get();
  }

  private read(): Settings {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') this.problem = `${this.file} could not be read (${(e as Error).message}); using the defaults`;
      return Settings.parse({});
    }
    try {
      const r = Settings.safeParse(JSON.parse(text));
      if (r.success) return r.data;
      this.problem = `${this.file} is invalid (${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}); using the defaults`;
    } catch (e) {
      this.problem = `${this.file} is not valid JSON (${(e as Error).message}); using the defaults`;
    }
    return Settings.parse({});
  }
}
