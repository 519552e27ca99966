import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultDataDir, defaultDbPath } from './paths.js';

const home = os.homedir();

describe('defaultDataDir', () => {
  it('uses DOCSEARCH_DATA_DIR first, on every platform, resolved to an absolute path', () => {
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      expect(defaultDataDir({ DOCSEARCH_DATA_DIR: '/srv/docs', XDG_DATA_HOME: '/x', APPDATA: 'C:\\A' }, platform)).toBe(path.resolve('/srv/docs'));
    }
    expect(defaultDataDir({ DOCSEARCH_DATA_DIR: 'rel/store' }, 'linux')).toBe(path.resolve('rel/store'));
  });
  it('ignores an empty DOCSEARCH_DATA_DIR', () => {
    expect(defaultDataDir({ DOCSEARCH_DATA_DIR: '' }, 'linux')).toBe(path.join(home, '.local', 'share', 'docsearch'));
  });
  it('follows XDG on Linux', () => {
    expect(defaultDataDir({}, 'linux')).toBe(path.join(home, '.local', 'share', 'docsearch'));
    expect(defaultDataDir({ XDG_DATA_HOME: '/data/xdg' }, 'linux')).toBe(path.join('/data/xdg', 'docsearch'));
  });
  it('uses Application Support on macOS', () => {
    expect(defaultDataDir({ XDG_DATA_HOME: '/ignored' }, 'darwin')).toBe(path.join(home, 'Library', 'Application Support', 'docsearch'));
  });
  it('uses APPDATA on Windows, with the usual fallback', () => {
    expect(defaultDataDir({ APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'win32')).toBe(path.join('C:\\Users\\u\\AppData\\Roaming', 'docsearch'));
    expect(defaultDataDir({}, 'win32')).toBe(path.join(home, 'AppData', 'Roaming', 'docsearch'));
  });
});

describe('defaultDbPath', () => {
  it('puts docsearch.db in the data folder', () => {
    expect(defaultDbPath({ DOCSEARCH_DATA_DIR: '/srv/docs' })).toBe(path.join(path.resolve('/srv/docs'), 'docsearch.db'));
  });
});
