/**
 * Checks model files against the manifest: present, missing, or altered (size or sha256 differ).
 * Hashes are remembered by (path, size, mtimeMs) in a small JSON file in the data folder, so a start-up
 * with unchanged files only stats them. A file rewritten in place with the same size and its old mtime
 * restored would pass unnoticed until the cache entry goes; that is accepted for fast start-up.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { ModelRestore, ModelVariantId } from '#shared/api';
import type { Manifest, ModelEntry, ModelFile } from './manifest.js';

export type FileStatus = 'present' | 'missing' | 'altered';

export interface FileCheck {
  /** absolute path */
  path: string;
  status: FileStatus;
  expectedBytes: number;
  /** size on disk (missing: absent) */
  bytes?: number;
  /** one line for people, with the fix (absent when present) */
  problem?: string;
  /** how to get it back (absent when present) */
  restore?: ModelRestore;
  /** the file of a prepared variant (absent: one of the model's own files) */
  variant?: ModelVariantId;
}

export interface ModelCheck {
  id: string;
  /** over the model's own files; a variant's file counts only in `variants` */
  status: FileStatus;
  files: FileCheck[];
  /** every file's problem, variants' included */
  problems: string[];
  variants: { id: ModelVariantId; status: FileStatus }[];
}

export const HASH_CACHE_FILE = 'model-hashes.json';

export interface VerifyOptions {
  /** where the hash cache lives (default: none, every file is hashed) */
  cacheFile?: string;
  /** the packaged app: missing files are restored by reinstalling, not by a script */
  packaged?: boolean;
  /** injectable for tests (counting hash calls) */
  hashFile?: (file: string) => Promise<string>;
}

/** The one place that says how a model file comes back. */
export function restoreHow(file: ModelFile, packaged = false): ModelRestore {
  if (packaged) return 'reinstall';
  const first = file.sources[0];
  if (!first) return 'manifest';
  return 'url' in first ? 'models:fetch' : 'models:ocr';
}

const RESTORE_HINT: Record<ModelRestore, string> = {
  reinstall: 'reinstall the app from its installer (which carries every model) to restore it',
  'models:ocr': 'run `npm run models:ocr` to restore it',
  'models:fetch': 'run `npm run models:fetch` on a connected machine to restore it (or copy it from there)',
  'models:prepare': 'run `npm run models:prepare` to make it (int8 weights from the fp32 model, at build time)',
  manifest: 'restore it from the origin given in models/manifest.json',
};

export function restoreHint(file: ModelFile, packaged = false): string {
  return RESTORE_HINT[restoreHow(file, packaged)];
}

export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

interface CacheEntry {
  size: number;
  mtimeMs: number;
  sha256: string;
}

/** path → hash, valid while size and mtimeMs are unchanged. A missing or unreadable cache is simply empty. */
export class HashCache {
  private entries = new Map<string, CacheEntry>();
  private dirty = false;

  constructor(private readonly file?: string) {
    if (!file) return;
    try {
      const json = JSON.parse(fs.readFileSync(file, 'utf8')) as { version?: number; entries?: Record<string, CacheEntry> };
      if (json.version === 1 && json.entries && typeof json.entries === 'object') {
        for (const [p, e] of Object.entries(json.entries)) {
          if (typeof e?.sha256 === 'string' && typeof e.size === 'number' && typeof e.mtimeMs === 'number') this.entries.set(p, e);
        }
      }
    } catch {
      // absent or corrupt: start empty, it is only a cache
    }
  }

  get(file: string, st: fs.Stats): string | undefined {
    const e = this.entries.get(file);
    return e && e.size === st.size && e.mtimeMs === st.mtimeMs ? e.sha256 : undefined;
  }

  set(file: string, st: fs.Stats, sha256: string): void {
    this.entries.set(file, { size: st.size, mtimeMs: st.mtimeMs, sha256 });
    this.dirty = true;
  }

  delete(file: string): void {
    if (this.entries.delete(file)) this.dirty = true;
  }

  /** Written atomically; a data folder that cannot be written only costs a re-hash next time. */
  save(): void {
    if (!this.file || !this.dirty) return;
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      const tmp = `${this.file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, JSON.stringify({ version: 1, entries: Object.fromEntries(this.entries) }));
      fs.renameSync(tmp, this.file);
      this.dirty = false;
    } catch {
      // not fatal
    }
  }
}

/** Checks one model's files, then its prepared variants' files. */
export async function verifyModel(model: ModelEntry, modelsDir: string, cache: HashCache, opts: VerifyOptions = {}): Promise<ModelCheck> {
  const files: FileCheck[] = [];
  for (const f of model.files) files.push(await checkFile(model.id, f, restoreHow(f, opts.packaged), modelsDir, cache, opts));
  const variants: ModelCheck['variants'] = [];
  for (const v of model.variants) {
    const restore: ModelRestore = opts.packaged ? 'reinstall' : 'models:prepare';
    const source = model.files.find((f) => f.path === v.source.path);
    let check: FileCheck;
    if (source?.sha256 !== v.source.sha256) {
      // made from weights the model no longer has: its file is whatever it is, it is stale
      const abs = path.resolve(modelsDir, v.file.path);
      check = { path: abs, expectedBytes: v.file.bytes, restore, status: 'altered', problem: `model ${model.id}: ${abs} (variant ${v.id}) was made from another ${v.source.path} than the manifest's; ${RESTORE_HINT[restore]}` };
    } else check = await checkFile(`${model.id} (variant ${v.id})`, v.file, restore, modelsDir, cache, opts);
    files.push({ ...check, variant: v.id });
    variants.push({ id: v.id, status: check.status });
  }
  const own = files.filter((f) => !f.variant);
  const status: FileStatus = own.some((f) => f.status === 'missing') ? 'missing' : own.some((f) => f.status === 'altered') ? 'altered' : 'present';
  return { id: model.id, status, files, problems: files.flatMap((f) => (f.problem ? [f.problem] : [])), variants };
}

/** One file: present, missing or altered (size, then sha256 through the cache); `label` names its model in problems. */
async function checkFile(label: string, f: Pick<ModelFile, 'path' | 'sha256' | 'bytes'>, restore: ModelRestore, modelsDir: string, cache: HashCache, opts: VerifyOptions): Promise<FileCheck> {
  const hashFile = opts.hashFile ?? sha256File;
  const abs = path.resolve(modelsDir, f.path);
  const fix = RESTORE_HINT[restore];
  const base = { path: abs, expectedBytes: f.bytes, restore };
  let st: fs.Stats;
  try {
    st = fs.statSync(abs);
  } catch {
    cache.delete(abs);
    return { ...base, status: 'missing', problem: `model ${label}: ${abs} is missing; ${fix}` };
  }
  if (!st.isFile()) return { ...base, status: 'missing', problem: `model ${label}: ${abs} is not a file; ${fix}` };
  if (st.size !== f.bytes) return { ...base, status: 'altered', bytes: st.size, problem: `model ${label}: ${abs} is altered (${st.size} bytes, expected ${f.bytes}); ${fix}` };
  let sha = cache.get(abs, st);
  if (sha === undefined) {
    try {
      sha = await hashFile(abs);
    } catch (e) {
      return { ...base, status: 'missing', bytes: st.size, problem: `model ${label}: ${abs} cannot be read (${(e as Error).message}); ${fix}` };
    }
    cache.set(abs, st, sha);
  }
  if (sha !== f.sha256) {
    return { ...base, status: 'altered', bytes: st.size, problem: `model ${label}: ${abs} is altered (sha256 ${sha.slice(0, 12)}…, expected ${f.sha256.slice(0, 12)}…); ${fix}` };
  }
  return { path: abs, expectedBytes: f.bytes, status: 'present', bytes: st.size };
}

/** Checks every model of the manifest (or those whose ids are given), reading and updating the hash cache once. */
export async function verifyModels(manifest: Manifest, modelsDir: string, opts: VerifyOptions = {}, ids?: readonly string[]): Promise<ModelCheck[]> {
  const cache = new HashCache(opts.cacheFile);
  const out: ModelCheck[] = [];
  for (const m of manifest.models) if (!ids || ids.includes(m.id)) out.push(await verifyModel(m, modelsDir, cache, opts));
  cache.save();
  return out;
}
