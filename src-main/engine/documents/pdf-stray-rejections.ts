/**
 * pdf.js leaves some of its own promises without a handler when it meets a damaged file (a bad xref entry
 * or an unknown crypto method while it repairs a page tree, after the calls we await have settled), and
 * Node's default for an unhandled rejection ends the process: one crafted file killed the CLI, or the
 * engine process of the app (found by the fuzz run). The file's result is decided by the calls we await,
 * so these are only reported. Any other unhandled rejection is still thrown: a bug of ours stays fatal.
 */

/** the names of pdf.js's exception classes (BaseException subclasses in pdfjs-dist) */
const PDFJS_ERRORS = new Set([
  'AbortException',
  'DNLMarkerError',
  'EOIMarkerError',
  'FormatError',
  'InvalidPDFException',
  'JpegError',
  'JpxError',
  'MissingDataException',
  'ParserEOFException',
  'PasswordException',
  'ResponseException',
  'UnknownErrorException',
  'XRefEntryException',
  'XRefParseException',
]);

export function isPdfjsError(reason: unknown): boolean {
  return reason instanceof Error && PDFJS_ERRORS.has(reason.name);
}

let installed = false;

/** Installed once per process, by the first PDF opened. */
export function tolerateStrayPdfjsRejections(): void {
  if (installed) return;
  installed = true;
  process.on('unhandledRejection', (reason) => {
    if (isPdfjsError(reason)) return void process.stderr.write(`docsearch: pdf.js: ${(reason as Error).message} (a damaged PDF; ignored)\n`);
    // as Node does without a handler
    process.nextTick(() => {
      throw reason;
    });
  });
}
