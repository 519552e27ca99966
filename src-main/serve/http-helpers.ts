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
 * A client-given relative path made safe to join under a folder: forward or back slashes split it,
 * empty, `.` and `..` segments and control characters are dropped. Null when nothing is left.
 */
export function safeRelativePath(name: string): string | null {
  const parts = name
    .split(/[\\/]+/)
    // eslint-disable-next-line no-control-regex -- control characters are what is removed
    .map((p) => p.replace(/[\u0000-\u001f]/g, '').trim())
    .filter((p) => p && p !== '.' && p !== '..' && !/^[A-Za-z]:$/.test(p));
  return parts.length ? parts.map((p) => p.slice(0, 200)).join('/') : null;
}

/**
 * The renderer's Content-Security-Policy, one for both hosts: only the page's own origin, plus what the host
 * adds (serve: its WebSocket; Electron: the binary protocol's scheme, for images and their error answers).
 */
export function contentSecurityPolicy(extra: { connect?: string[]; img?: string[] } = {}): string {
  const src = (list: string[] = []) => ["'self'", ...list].join(' ');
  return `default-src 'self'; connect-src ${src(extra.connect)}; img-src ${src([...(extra.img ?? []), 'data:', 'blob:'])}; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'`;
}
