import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  // relative asset URLs: the same build is loaded from Electron's app protocol and from `docsearch serve`
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../out/renderer', import.meta.url)),
    emptyOutDir: true,
    // no inline assets: the CSP is default-src 'self' (data: URLs would be blocked)
    assetsInlineLimit: 0,
  },
});
