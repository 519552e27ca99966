import { describe, expect, it } from 'vitest';
import { isAppPage, isLocalRequest } from './app-urls.js';

describe('the app page and what it may load', () => {
  const dev = 'http://localhost:5173';
  it('trusts the app protocol, and the dev server by origin only', () => {
    expect(isAppPage('docsearch-app://renderer/index.html', undefined)).toBe(true);
    expect(isAppPage('http://localhost:5173/', undefined)).toBe(false);
    expect(isAppPage('http://localhost:5173/src/main.tsx', dev)).toBe(true);
    expect(isAppPage('http://localhost:5173.evil.com/', dev)).toBe(false);
    expect(isAppPage('http://localhost:51730/', dev)).toBe(false);
    expect(isAppPage('https://example.com/', dev)).toBe(false);
  });

  it('lets the page load its own protocols and the dev server with its HMR socket, nothing else', () => {
    expect(isLocalRequest('docsearch-binary://app/binary/pageImage?params=%7B%7D', undefined)).toBe(true);
    expect(isLocalRequest('https://example.com/x.js', undefined)).toBe(false);
    expect(isLocalRequest('ws://localhost:5173/', dev)).toBe(true);
    expect(isLocalRequest('ws://localhost:5173.evil.com/', dev)).toBe(false);
    expect(isLocalRequest('http://localhost:5173.evil.com/x.js', dev)).toBe(false);
  });
});
