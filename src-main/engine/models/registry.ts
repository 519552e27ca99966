/**
 * The models the engine can use: models/manifest.json, its files verified, and ONNX sessions created on
 * first use (one per model and variant, through createSession: CUDA, else CPU with the reason recorded).
 */
import path from 'node:path';
import type { ModelStatus, ModelVariantId } from '#shared/api';
import { defaultDataDir } from '../paths.js';
import { loadManifest, ModelError, resolveModelsDir, type Manifest, type ModelEntry } from './manifest.js';
import { createSession, type LoadedSession, type ort } from './onnx-session.js';
import { HASH_CACHE_FILE, verifyModels, type ModelCheck, type VerifyOptions } from './verify.js';

export interface ModelRegistryOptions {
  /** default: resolveModelsDir() (DOCSEARCH_MODELS_DIR, else <repo>/models) */
  modelsDir?: string;
  /** folder of the hash cache; default: defaultDataDir() */
  dataDir?: string;
  /** the packaged app: fixes say "reinstall the app" */
  packaged?: boolean;
  /** read for DOCSEARCH_MODELS_DIR, DOCSEARCH_DATA_DIR and DOCSEARCH_EP */
  env?: NodeJS.ProcessEnv;
  /** injectable for tests */
  hashFile?: VerifyOptions['hashFile'];
}

export class ModelRegistry {
  readonly modelsDir: string;
  readonly manifest: Manifest;
  private readonly env: NodeJS.ProcessEnv;
  private readonly verifyOpts: VerifyOptions;
  private readonly checks = new Map<string, ModelCheck>();
  private readonly sessions = new Map<string, Promise<LoadedSession>>();
  private readonly loaded = new Map<string, LoadedSession>();
  private readonly loadErrors = new Map<string, string>();
  private closed = false;

  /** Reads the manifest; throws ModelError when it is missing or invalid. */
  constructor(opts: ModelRegistryOptions = {}) {
    this.env = opts.env ?? process.env;
    this.modelsDir = path.resolve(opts.modelsDir ?? resolveModelsDir({ env: this.env }));
    this.manifest = loadManifest(this.modelsDir);
    this.verifyOpts = {
      cacheFile: path.join(opts.dataDir ?? defaultDataDir(this.env), HASH_CACHE_FILE),
      packaged: opts.packaged,
      hashFile: opts.hashFile,
    };
  }

  model(id: string): ModelEntry {
    const m = this.manifest.models.find((x) => x.id === id);
    if (!m) throw new ModelError(`unknown model "${id}" (not in ${path.join(this.modelsDir, 'manifest.json')})`);
    return m;
  }

  /** Absolute path of a model's file (index into its manifest `files`). */
  filePath(id: string, index = 0): string {
    const f = this.model(id).files[index];
    if (!f) throw new ModelError(`model ${id} has no file #${index}`);
    return path.resolve(this.modelsDir, f.path);
  }

  /**
   * The variant to run for a model: `chosen` when the manifest has it and its file verifies, else fp32 with
   * the reason (`note`) naming the path and the fix.
   */
  async pickVariant(id: string, chosen: ModelVariantId): Promise<{ variant: ModelVariantId; note: string | null }> {
    if (chosen === 'fp32') return { variant: 'fp32', note: null };
    if (!this.model(id).variants.some((v) => v.id === chosen)) {
      return { variant: 'fp32', note: `model ${id} has no ${chosen} variant in ${path.join(this.modelsDir, 'manifest.json')} (\`npm run models:prepare\` makes it); using fp32` };
    }
    const check = this.checks.get(id) ?? (await this.verify([id]))[0]!;
    const file = check.files.find((f) => f.variant === chosen)!;
    return file.status === 'present' ? { variant: chosen, note: null } : { variant: 'fp32', note: `${file.problem}; using fp32` };
  }

  /** Checks the files of all models (or the given ones) against the manifest. */
  async verify(ids?: readonly string[]): Promise<ModelCheck[]> {
    const checks = await verifyModels(this.manifest, this.modelsDir, this.verifyOpts, ids);
    for (const c of checks) this.checks.set(c.id, c);
    return checks;
  }

  /**
   * Every model with its verification and session state. `load` first creates the sessions of all intact
   * ONNX models; a model that fails to load gets the error among its problems.
   */
  async status(opts: { load?: boolean; variant?: ModelVariantId } = {}): Promise<ModelStatus[]> {
    const checks = await this.verify();
    // the embedder and reranker run the chosen variant (settings' models.variant); the others their own files
    const picks = new Map<string, { variant: ModelVariantId; note: string | null }>();
    for (const c of checks) {
      const role = this.model(c.id).role;
      if (role === 'embedder' || role === 'reranker') picks.set(c.id, await this.pickVariant(c.id, opts.variant ?? 'fp32'));
    }
    const key = (id: string) => sessionKey(id, picks.get(id)?.variant);
    if (opts.load) {
      for (const c of checks) {
        if (c.status !== 'present' || this.model(c.id).engine !== 'onnx') continue;
        await this.onnxSession(c.id, picks.get(c.id)?.variant).catch(() => {});
      }
    }
    return checks.map((c) => {
      const m = this.model(c.id);
      const info = this.loaded.get(key(c.id))?.info;
      const loadError = this.loadErrors.get(key(c.id));
      const pick = picks.get(c.id);
      return {
        id: m.id,
        role: m.role,
        engine: m.engine,
        description: m.description ?? null,
        licence: m.licence,
        status: c.status,
        files: c.files.filter((f) => !f.variant).map((f) => ({ path: f.path, status: f.status, expectedBytes: f.expectedBytes, bytes: f.bytes ?? null })),
        problems: loadError ? [...c.problems, `model ${m.id}: could not be loaded: ${loadError}`] : c.problems,
        loaded: info !== undefined,
        provider: info?.provider ?? null,
        fallbackReason: info?.fallbackReason ?? null,
        loadMs: info?.loadMs ?? null,
        variants: m.variants.map((v) => ({ id: v.id, status: c.variants.find((x) => x.id === v.id)!.status, path: path.resolve(this.modelsDir, v.file.path), tool: v.tool })),
        activeVariant: pick?.variant ?? null,
        variantNote: pick?.note ?? null,
      };
    });
  }

  /**
   * The model's ONNX session, created on first use and then shared. Throws ModelError naming the path and
   * the fix when the model's files are missing or altered.
   */
  onnxSession(id: string, variant?: ModelVariantId): Promise<ort.InferenceSession> {
    return this.onnxLoaded(id, variant).then((l) => l.session);
  }

  /**
   * The session with how it was loaded (provider, load time); owned by the registry, released by close().
   * `variant`: a prepared variant's weights instead of the model's own (ModelError when it is not there).
   */
  onnxLoaded(id: string, variant: ModelVariantId = 'fp32'): Promise<LoadedSession> {
    if (this.closed) return Promise.reject(new ModelError('the model registry is closed'));
    const key = sessionKey(id, variant);
    let p = this.sessions.get(key);
    if (!p) {
      p = this.load(id, variant);
      this.sessions.set(key, p);
      // A failed load is not cached: the next call tries again (e.g. after `npm run models:ocr`).
      const mine = p;
      p.catch(() => {
        if (this.sessions.get(key) === mine) this.sessions.delete(key);
      });
    }
    return p;
  }

  private async load(id: string, variant: ModelVariantId): Promise<LoadedSession> {
    const m = this.model(id);
    const key = sessionKey(id, variant);
    const index = m.files.findIndex((f) => f.path.endsWith('.onnx'));
    if (m.engine !== 'onnx' || index < 0) throw new ModelError(`model ${id} is not an ONNX model (engine ${m.engine})`);
    const prepared = variant === 'fp32' ? undefined : m.variants.find((v) => v.id === variant);
    if (variant !== 'fp32' && !prepared) throw new ModelError(`model ${id} has no ${variant} variant in ${path.join(this.modelsDir, 'manifest.json')}; run \`npm run models:prepare\` to make it`);
    const [check] = await this.verify([id]);
    // a variant replaces its source file; the model's other files (tokenizer…) are needed either way
    const replaced = prepared && path.resolve(this.modelsDir, prepared.source.path);
    const needed = check!.files.filter((f) => (f.variant ? f.variant === variant : f.path !== replaced));
    if (needed.some((f) => f.status !== 'present')) throw new ModelError(needed.flatMap((f) => (f.problem ? [f.problem] : [])).join('\n'));
    const file = prepared ? path.resolve(this.modelsDir, prepared.file.path) : this.filePath(id, index);
    try {
      const loaded = await createSession(file, this.env);
      if (this.closed) {
        await loaded.session.release();
        throw new ModelError('the model registry was closed while the model loaded');
      }
      this.loaded.set(key, loaded);
      this.loadErrors.delete(key);
      return loaded;
    } catch (e) {
      if (e instanceof ModelError) throw e;
      const reason = (e as Error).message.split('\n')[0]!;
      this.loadErrors.set(key, reason);
      throw new ModelError(`model ${id}: ${file} could not be loaded: ${reason}`);
    }
  }

  /**
   * Releases every session: the loaded ones at once (ORT frees them synchronously), those still being
   * created as soon as they exist. The promise settles when all are released; it never rejects.
   */
  close(): Promise<void> {
    this.closed = true;
    const pending = [...this.sessions.values()];
    this.sessions.clear();
    const released = [...this.loaded.values()].map((s) => s.session.release().catch(() => {}));
    this.loaded.clear();
    return Promise.allSettled([...released, ...pending]).then(() => {});
  }
}

/** Sessions are per model and variant; a model's own weights keep the bare id. */
function sessionKey(id: string, variant: ModelVariantId = 'fp32'): string {
  return variant === 'fp32' ? id : `${id}#${variant}`;
}
