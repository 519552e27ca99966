/**
 * The models the engine can use: models/manifest.json, its files verified, and ONNX sessions created on
 * first use (one per model, through createSession: CUDA, else CPU with the reason recorded).
 */
import path from 'node:path';
import type { ModelStatus } from '#shared/api';
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
  async status(opts: { load?: boolean } = {}): Promise<ModelStatus[]> {
    const checks = await this.verify();
    if (opts.load) {
      for (const c of checks) {
        if (c.status !== 'present' || this.model(c.id).engine !== 'onnx') continue;
        await this.onnxSession(c.id).catch(() => {});
      }
    }
    return checks.map((c) => {
      const m = this.model(c.id);
      const info = this.loaded.get(c.id)?.info;
      const loadError = this.loadErrors.get(c.id);
      return {
        id: m.id,
        role: m.role,
        engine: m.engine,
        description: m.description ?? null,
        licence: m.licence,
        status: c.status,
        files: c.files.map((f) => ({ path: f.path, status: f.status, expectedBytes: f.expectedBytes, bytes: f.bytes ?? null })),
        problems: loadError ? [...c.problems, `model ${m.id}: could not be loaded: ${loadError}`] : c.problems,
        loaded: info !== undefined,
        provider: info?.provider ?? null,
        fallbackReason: info?.fallbackReason ?? null,
        loadMs: info?.loadMs ?? null,
      };
    });
  }

  /**
   * The model's ONNX session, created on first use and then shared. Throws ModelError naming the path and
   * the fix when the model's files are missing or altered.
   */
  onnxSession(id: string): Promise<ort.InferenceSession> {
    return this.onnxLoaded(id).then((l) => l.session);
  }

  /** The session with how it was loaded (provider, load time); owned by the registry, released by close(). */
  onnxLoaded(id: string): Promise<LoadedSession> {
    if (this.closed) return Promise.reject(new ModelError('the model registry is closed'));
    let p = this.sessions.get(id);
    if (!p) {
      p = this.load(id);
      this.sessions.set(id, p);
      // A failed load is not cached: the next call tries again (e.g. after `npm run models:ocr`).
      const mine = p;
      p.catch(() => {
        if (this.sessions.get(id) === mine) this.sessions.delete(id);
      });
    }
    return p;
  }

  private async load(id: string): Promise<LoadedSession> {
    const m = this.model(id);
    const index = m.files.findIndex((f) => f.path.endsWith('.onnx'));
    if (m.engine !== 'onnx' || index < 0) throw new ModelError(`model ${id} is not an ONNX model (engine ${m.engine})`);
    const [check] = await this.verify([id]);
    if (check!.status !== 'present') throw new ModelError(check!.problems.join('\n'));
    try {
      const loaded = await createSession(this.filePath(id, index), this.env);
      if (this.closed) {
        await loaded.session.release();
        throw new ModelError('the model registry was closed while the model loaded');
      }
      this.loaded.set(id, loaded);
      this.loadErrors.delete(id);
      return loaded;
    } catch (e) {
      if (e instanceof ModelError) throw e;
      const reason = (e as Error).message.split('\n')[0]!;
      this.loadErrors.set(id, reason);
      throw new ModelError(`model ${id}: ${this.filePath(id, index)} could not be loaded: ${reason}`);
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
