/** Small pure helpers of the hosts that serve the renderer (serve's HTTP server, Electron's app protocol). */
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

export function contentType(file: string): string {
  return TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * A client-given relative path made safe to join under a folder on any OS: forward or back slashes split
 * it; empty, `.` and `..` segments, control characters and the characters Windows refuses (`<>:"|?*`, so
 * no alternate data stream `a.pdf:x`) are dropped; Windows device names (NUL, COM1…) get a `_`; each
 * segment fits 255 UTF-8 bytes (Linux's limit), cut between characters and keeping its extension.
 * Null when nothing is left.
 */
export function safeRelativePath(name: string): string | null {
  const parts = name
    .split(/[\\/]+/)
    // eslint-disable-next-line no-control-regex -- control characters are what is removed
    .map((p) => (/^[A-Za-z]:$/.test(p) ? '' : p.replace(/[\u0000-\u001f<>:"|?*]/g, '').trim().replace(/[. ]+$/, '')))
    .filter((p) => p && p !== '.' && p !== '..')
    .map((p) => (/^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i.test(p) ? `_${p}` : p))
    .map((p) => fitBytes(p, 255));
  return parts.length ? parts.join('/') : null;
}

/** The name cut to `max` UTF-8 bytes between whole characters, its extension (≤ 16 characters) kept. */
function fitBytes(name: string, max: number): string {
  const bytes = (s: string) => Buffer.byteLength(s, 'utf8');
  if (bytes(name) <= max) return name;
  const ext = /\.[^.]{1,16}$/.exec(name)?.[0] ?? '';
  let stem = '';
  for (const ch of name.slice(0, name.length - ext.length)) {
    if (bytes(stem + ch + ext) > max) break;
    stem += ch;
  }
  return stem + ext;
}

/**
 * The renderer's Content-Security-Policy, one for both hosts: only the page's own origin, plus what the host
 * adds (serve: its WebSocket; Electron: the binary protocol's scheme, for images and their error answers).
 */
export function contentSecurityPolicy(extra: { connect?: string[]; img?: string[] } = {}): string {
  const src = (list: string[] = []) => ["'self'", ...list].join(' ');
  return `default-src 'self'; connect-src ${src(extra.connect)}; img-src ${src([...(extra.img ?? []), 'data:', 'blob:'])}; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'`;
}

/**
 * The headers of a binary method's answer: its type, and for a file to save (a FileDownload) an attachment
 * named in both RFC 6266 forms: `filename*` in UTF-8 (Japanese titles) and an ASCII `filename` for old clients.
 */
export function binaryHeaders(answer: { mime: string; fileName?: string }): Record<string, string> {
  if (answer.fileName === undefined) return { 'content-type': answer.mime };
  const ascii = answer.fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  const utf8 = encodeURIComponent(answer.fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return { 'content-type': answer.mime, 'content-disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${utf8}` };
}
