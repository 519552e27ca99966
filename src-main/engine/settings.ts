/**
 * User settings, kept as settings.json in the data folder (beside the store). A missing file means the
 * defaults; an unreadable or invalid one is reported and the defaults are used, so a bad edit never stops
 * the app. Writes are atomic (temporary file, then rename).
 * The CLI, `serve` and the app share the file, so every read checks it (one stat) and re-reads it when it
 * changed: turning `llm.allowRemoteHost` off in the app reaches a running `serve` at its next question.
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
  private current!: Settings;
  /** the file's identity when `current` was read ('' when missing); a rename or write changes it */
  private version: string | undefined;

  constructor(dataDir: string) {
    this.file = path.join(dataDir, SETTINGS_FILE);
    this.refresh();
  }

  get(): Settings {
    this.refresh();
    return structuredClone(this.current);
  }

  /** Applies a partial update (validated), writes it and returns the new settings. */
  update(update: SettingsUpdate): Settings {
    const u = SettingsUpdate.safeParse(update);
    if (!u.success) throw invalid('invalid-settings', u.error);
    // onto the file as it is now, so another process's change to another key survives
    this.refresh();
    const next = Settings.parse({ ...this.current, llm: { ...this.current.llm, ...u.data.llm }, ocr: { ...this.current.ocr, ...u.data.ocr }, limits: { ...this.current.limits, ...u.data.limits }, watch: { ...this.current.watch, ...u.data.watch }, models: { ...this.current.models, ...u.data.models } });
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, `${JSON.stringify(next, null, 2)}\n`);
    fs.renameSync(tmp, this.file);
    this.current = next;
    this.version = fileVersion(this.file);
    this.problem = null;
    return structuredClone(next);
  }

  /** Re-reads the file when its inode, size or times differ from the last read (cheap: one stat). */
  private refresh(): void {
    const v = fileVersion(this.file);
    if (v === this.version) return;
    this.version = v;
    this.problem = null;
    this.current = this.read();
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

function fileVersion(file: string): string {
  try {
    const s = fs.statSync(file, { bigint: true });
    return `${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`;
  } catch {
    return '';
  }
}
