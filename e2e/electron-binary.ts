/** The Electron binary, if this machine has one (the electron package installed with its download). */
import fs from 'node:fs';
import { createRequire } from 'node:module';

export function electronBinary(): string | null {
  try {
    const p = createRequire(import.meta.url)('electron') as string;
    return fs.existsSync(p) ? p : null;
  } catch {
    return null;
  }
}

export const ELECTRON_SKIP_REASON = 'no Electron binary on this machine (ELECTRON_SKIP_BINARY_DOWNLOAD); the Electron specs run where one is installed';
