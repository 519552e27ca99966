/** Where the store lives: DOCSEARCH_DATA_DIR, else the per-user data folder (the desktop app uses the same). */
import os from 'node:os';
import path from 'node:path';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.DOCSEARCH_DATA_DIR) return path.resolve(env.DOCSEARCH_DATA_DIR);
  const home = os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'docsearch');
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'docsearch');
  return path.join(env.XDG_DATA_HOME ?? path.join(home, '.local', 'share'), 'docsearch');
}

export function defaultDbPath(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(defaultDataDir(env), 'docsearch.db');
}
