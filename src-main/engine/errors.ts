/**
 * The engine's errors as codes (src-shared/errors.ts) and the one mapping from anything thrown to an
 * `ErrorBody`, used by every adapter (RPC, serve, the CLI). The English wording lives here once.
 */
import { ZodError } from 'zod';
import type { ErrorBody, ErrorCode, ErrorParams } from '#shared/errors';
import { InputError } from './documents/types.js';
import { OcrImageError } from './images/decode.js';
import { ModelError } from './models/manifest.js';
import { isStoreFull, StoreFullError } from './store/full.js';

const ENGLISH: Record<ErrorCode, (p: ErrorParams) => string> = {
  'invalid-request': (p) => `invalid request: ${p.issues}`,
  'unknown-method': (p) => `unknown method "${p.method}"`,
  'document-not-found': (p) => `no document matches "${p.doc}" (use an id, a sha256 prefix or the path shown by \`docs\`)`,
  'document-ambiguous': (p) => `"${p.doc}" matches ${p.count} documents; use its id`,
  'page-not-found': (p) => `"${p.title}" has no page ${p.pageNo} (${p.pageCount} pages${p.indexing ? ', still indexing' : ''})`,
  'page-not-renderable': (p) => `"${p.title}" is a ${p.kind} file: it has text, not page images`,
  'nothing-to-export': (p) => `"${p.title}" has no pages read by OCR, so there is no text to add: a searchable PDF is made from scans (${p.kind} file, ${p.pagesNeedingOcr} pages still need OCR)`,
  'file-unreadable': (p) => `cannot read "${p.title}": ${p.path}: ${p.reason}`,
  'file-changed': (p) => `"${p.title}" changed since it was indexed (${p.path}); re-index it`,
  'bad-file': (p) => String(p.reason),
  'ocr-unavailable': (p) => `OCR is not available: ${p.reason}`,
  'invalid-settings': (p) => `invalid settings: ${p.issues}`,
  model: (p) => String(p.reason),
  'upload-too-large': (p) => `the file is larger than the upload limit of ${p.limitMb} MB (setting limits.uploadMaxBytes)`,
  'disk-full': (p) => `not enough disk space for the upload: ${p.freeMb} MB free, and ${p.keepMb} MB must stay free (setting limits.uploadMinFreeBytes)`,
  'engine-restarted': (p) => `the engine stopped (${p.reason}) and is restarting; an interrupted ingest resumes by itself, try anything else again`,
  'engine-down': (p) => `the engine stopped too often (${p.reason}) and was not restarted; restart the app`,
  'archive-invalid': (p) => `${p.file} is not a usable library archive: ${p.reason}; nothing was imported`,
  'archive-newer': (p) => `${p.file} was made by a newer docsearch (store schema ${p.schema}; this one reads up to ${p.supported}); update first`,
  internal: (p) => `internal error: ${p.reason}`,
  'connection-lost': () => 'the connection to the engine was lost',
  unauthorized: () => 'missing or wrong token: open the URL printed by `docsearch serve`',
  cancelled: () => 'cancelled',
};

export function errorText(code: ErrorCode, params: ErrorParams): string {
  return ENGLISH[code](params);
}

/** An error the API reports by code (the request was wrong, or names something that is not there). */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly params: ErrorParams = {},
  ) {
    super(errorText(code, params));
    this.name = 'ApiError';
  }
}

const zodIssues = (e: ZodError) => e.issues.map((i) => `${i.path.join('.') || 'request'}: ${i.message}`).join('; ');

/** Anything thrown, as the API reports it. */
export function errorBody(e: unknown): ErrorBody {
  const body = (code: ErrorCode, params: ErrorParams): ErrorBody => ({ code, params, message: errorText(code, params) });
  if (e instanceof ApiError) return body(e.code, e.params);
  if (e instanceof InputError || e instanceof OcrImageError) return body('bad-file', { reason: e.message });
  // a write that met a full disk outside a file's own ingest (e.g. recording a batch's jobs)
  if (isStoreFull(e)) return body('bad-file', { reason: new StoreFullError().message });
  if (e instanceof ModelError) return body('model', { reason: e.message });
  if (e instanceof ZodError) return body('invalid-request', { issues: zodIssues(e) });
  return body('internal', { reason: (e as Error)?.message ?? String(e) });
}

/** A zod failure of settings or of a request, as its code. */
export function invalid(code: 'invalid-request' | 'invalid-settings', e: ZodError): ApiError {
  return new ApiError(code, { issues: zodIssues(e) });
}
