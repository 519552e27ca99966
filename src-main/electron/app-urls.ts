/**
 * Which URLs are the app's own page: its app protocol, or in development Vite's server. Compared by origin,
 * never by prefix: `http://localhost:5173.evil.com` starts with `http://localhost:5173`.
 */
export const APP_ORIGIN = 'docsearch-app://renderer';

function origin(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/** The page may navigate to / be trusted at this URL. */
export function isAppPage(url: string, devUrl: string | undefined): boolean {
  return url.startsWith(`${APP_ORIGIN}/`) || (devUrl !== undefined && origin(url) !== null && origin(url) === origin(devUrl));
}

/** The page may load this (the app's protocols, devtools, data/blob, and Vite's server and its HMR socket). */
export function isLocalRequest(url: string, devUrl: string | undefined): boolean {
  if (/^(docsearch-app|docsearch-binary|devtools|data|blob):/.test(url)) return true;
  if (devUrl === undefined) return false;
  const dev = new URL(devUrl);
  const u = origin(url.replace(/^ws/, 'http'));
  return u !== null && u === dev.origin;
}
