const KEY = 'docsearch.token';

/**
 * The session token of `docsearch serve`, which opens the page as /?token=…. It is kept in sessionStorage
 * (reloads keep working) and taken out of the address bar, so it does not end up in bookmarks or screenshots.
 */
export function takeToken(): string | null {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem(KEY, fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  return sessionStorage.getItem(KEY);
}
