/**
 * Errors as codes: the engine says what went wrong with a code and its parameters; the CLI words it in one
 * English line (the `message` the engine attaches), the renderer in Japanese or English (its dictionaries,
 * keyed `error.<code>`). Parameters are names, paths and numbers; `reason` is the one free text (what the
 * file system, a PDF or a model said).
 */
export const ERROR_CODES = [
  /** the request does not match the method's input schema */
  'invalid-request',
  'unknown-method',
  'document-not-found',
  'document-ambiguous',
  'page-not-found',
  /** a text or Markdown document has no page images */
  'page-not-renderable',
  /** the searchable-PDF export needs pages read by OCR; the document has none */
  'nothing-to-export',
  /** the document's file is gone or cannot be read */
  'file-unreadable',
  /** the file differs from the one indexed */
  'file-changed',
  /** a file's content cannot be read (corrupt, encrypted, empty, mislabelled) */
  'bad-file',
  'ocr-unavailable',
  'invalid-settings',
  'model',
  /** an upload to serve is larger than the limit (settings: limits.uploadMaxBytes) */
  'upload-too-large',
  /** the server's disk has too little room for an upload (settings: limits.uploadMinFreeBytes) */
  'disk-full',
  /** the engine process died during the call (a crash, out of memory); it is being restarted */
  'engine-restarted',
  /** the engine process died too often in a row and is not restarted */
  'engine-down',
  /** a library archive that is damaged, truncated or not one (nothing was imported) */
  'archive-invalid',
  /** a library archive from a newer app, whose store this one cannot read */
  'archive-newer',
  /** a bug: the message says what happened */
  'internal',
  // only clients raise these
  'connection-lost',
  'unauthorized',
  'cancelled',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export type ErrorParams = Record<string, string | number>;

export interface ErrorBody {
  code: ErrorCode;
  params: ErrorParams;
  /** English, one line (CLI, logs) */
  message: string;
}
