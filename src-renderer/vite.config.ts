import { defaultClientConditions, defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Writes bundled-packages.json: the npm packages whose code ends up in the bundle, so `npm run licenses`
 * can list what the installer ships inside the renderer (they are devDependencies of the repository).
 */
function bundledPackages(): Plugin {
  return {
    name: 'docsearch-bundled-packages',
    generateBundle(_options, bundle) {
      const names = new Set<string>();
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk') continue;
        for (const id of Object.keys(chunk.modules)) {
          const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(id.split(path.sep).join('/'));
          if (m) names.add(m[1]!);
        }
      }
      const list = [...names].sort().map((name) => {
        const pkg = JSON.parse(fs.readFileSync(path.join(fileURLToPath(new URL('..', import.meta.url)), 'node_modules', name, 'package.json'), 'utf8')) as { version: string; license?: string };
        return { name, version: pkg.version, license: pkg.license ?? 'UNKNOWN' };
      });
      this.emitFile({ type: 'asset', fileName: 'bundled-packages.json', source: JSON.stringify(list, null, 2) });
    },
  };
}

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  // relative asset URLs: the same build is loaded from Electron's app protocol and from `docsearch serve`
  base: './',
  plugins: [react(), bundledPackages()],
  // "#shared/*" (package.json imports) from the TypeScript sources
  resolve: { conditions: ['source', ...defaultClientConditions] },
  build: {
    outDir: fileURLToPath(new URL('../out/renderer', import.meta.url)),
    emptyOutDir: true,
    // no inline assets: the CSP is default-src 'self' (data: URLs would be blocked)
    assetsInlineLimit: 0,
  },
});
