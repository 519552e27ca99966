import type { ErrorBody, ErrorCode, ErrorParams } from '#shared/errors';

/**
 * Why a call failed, as a code and its parameters (src-shared/errors.ts): the engine's, plus those only
 * the client can tell (the connection dropped, the link's token was refused, the user cancelled first).
 * The UI words it in its language (`describeError`); `message` is the engine's English line.
 */
export class CallError extends Error {
  readonly code: ErrorCode;
  readonly params: ErrorParams;
  constructor(body: ErrorBody | ErrorCode) {
    const b = typeof body === 'string' ? { code: body, params: {}, message: body } : body;
    super(b.message);
    this.name = 'CallError';
    this.code = b.code;
    this.params = b.params;
  }
}

/** The error in the UI's language. */
export function describeError(t: (key: `error.${ErrorCode}`, params: ErrorParams) => string, e: unknown): string {
  if (e instanceof CallError) return t(`error.${e.code}`, e.params);
  return e instanceof Error ? e.message : String(e);
}
