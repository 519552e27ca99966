/** Starts `docsearch serve` (the built CLI) on a fresh data folder and gives the URL it prints. */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { evalDir, repoRoot } from '../scripts/lib/paths.js';

export { evalDir, repoRoot };

export interface ServeProcess {
  url: string;
  openUrl: string;
  dataDir: string;
  stop(): Promise<void>;
}

export interface ServeOptions {
  /** another models folder (DOCSEARCH_MODELS_DIR), e.g. a damaged copy */
  modelsDir?: string;
  /** files or folders put in the fresh data folder, ingested by the CLI before serve starts */
  ingest?(dataDir: string): string[];
}

const cliPath = path.join(repoRoot, 'out', 'src-main', 'cli.js');

export async function startServe(opts: ServeOptions = {}): Promise<ServeProcess> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'docsearch-e2e-'));
  const env = { ...process.env, DOCSEARCH_EP: 'cpu', DOCSEARCH_DATA_DIR: dataDir, ...(opts.modelsDir ? { DOCSEARCH_MODELS_DIR: opts.modelsDir } : {}) };
  const paths = opts.ingest?.(dataDir) ?? [];
  if (paths.length) execFileSync(process.execPath, [cliPath, 'ingest', ...paths], { env, stdio: 'ignore' });
  const child: ChildProcess = spawn(process.execPath, [cliPath, 'serve'], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], env });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const openUrl = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /open (http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`docsearch serve exited (${code}): ${stderr}`)));
    setTimeout(() => reject(new Error(`docsearch serve printed no URL: ${stderr}`)), 30_000);
  });
  return {
    url: new URL(openUrl).origin,
    openUrl,
    dataDir,
    stop: async () => {
      child.kill('SIGINT');
      await new Promise((r) => child.once('exit', r));
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
