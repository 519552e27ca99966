/**
 * `npm run dist [-- electron-builder options]`: the installers, on a connected build machine.
 * npm hands its config to scripts as npm_config_* variables. With `nodedir` set (a Node from a Linux
 * distribution, as on this machine), node-gyp builds better-sqlite3 against that Node's headers instead of
 * Electron's while @electron/rebuild reports success (measured: ABI 115 instead of 145). The variable is
 * dropped here so the rebuild fetches Electron's headers; afterPack (scripts/package/after-pack.ts) still checks
 * the result and fails the build if it is wrong. First the third-party notices the installer ships are written.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from '../lib/paths.js';
import { writeNotices } from '../lib/shipped.js';

writeNotices();

const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k.toLowerCase() !== 'npm_config_nodedir'));
const win = process.platform === 'win32';
const bin = path.join(repoRoot, 'node_modules', '.bin', win ? 'electron-builder.cmd' : 'electron-builder');
const r = spawnSync(bin, ['--publish', 'never', ...process.argv.slice(2)], { cwd: repoRoot, stdio: 'inherit', env, shell: win });
process.exitCode = r.status ?? 1;
