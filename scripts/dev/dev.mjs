// `npm run dev`: the renderer from Vite's dev server (hot reload) inside Electron; the main and engine
// code is compiled once by tsc in watch mode. Needs an Electron binary (not installable on the CI machine).
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer } from 'vite';

const require = createRequire(import.meta.url);
const tsc = spawn(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.main.json', '--watch', '--preserveWatchOutput'], { stdio: 'inherit' });
const vite = await createServer({ configFile: 'src-renderer/vite.config.ts', server: { host: '127.0.0.1', strictPort: false } });
await vite.listen();
const url = vite.resolvedUrls?.local[0];
let electronPath;
try {
  electronPath = require('electron');
} catch (e) {
  console.error(`npm run dev needs the Electron binary: ${e.message}`);
  process.exit(1);
}
const app = spawn(electronPath, ['.'], { stdio: 'inherit', env: { ...process.env, DOCSEARCH_DEV_URL: url } });
app.on('exit', async (code) => {
  tsc.kill();
  await vite.close();
  process.exit(code ?? 0);
});
