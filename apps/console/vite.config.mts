import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The console is static files under /console, built into the server's build (scripts/build-if-changed.js
 * passes --outDir) or into dist/console by `npm run build:console`. Everything is bundled: it works offline.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/console/',
  build: { outDir: fileURLToPath(new URL('../../dist/console', import.meta.url)), emptyOutDir: true },
  logLevel: 'warn',
});
