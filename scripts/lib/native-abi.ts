/**
 * Which Node ABI a native addon (.node) was built for, read from the `node_register_module_v<abi>` symbol
 * its string table holds. better-sqlite3 is not N-API: built against Node's headers (as node-gyp does on
 * this machine, even when asked to rebuild for Electron) it exports Node's ABI and crashes or refuses to
 * load in Electron. Packaging checks the addon against Electron's ABI (electron/abi_version) with this.
 */
import fs from 'node:fs';

/** ABI numbers of every node_register_module_v<abi> symbol in the file (usually one). */
export function addonAbis(bytes: Uint8Array): number[] {
  const text = Buffer.from(bytes).toString('latin1');
  return [...new Set([...text.matchAll(/node_register_module_v(\d+)/g)].map((m) => Number(m[1])))];
}

/** Throws, saying what was found and what to do, unless the addon is built for `abi`. */
export function assertAddonAbi(file: string, abi: number, runtime: string): void {
  const found = addonAbis(fs.readFileSync(file));
  if (found.includes(abi)) return;
  throw new Error(
    `${file} is built for ABI ${found.length ? found.join(', ') : '(none found)'}, not ${runtime}'s ABI ${abi}: ` +
      `rebuild it for ${runtime}'s headers before packaging (\`npm run dist\` does, on a machine that can fetch them)`,
  );
}
