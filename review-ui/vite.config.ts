// Builds the review UI into review-ui/dist, which the api serves at / with an SPA fallback.
// In development, `vite --config review-ui/vite.config.ts` serves it and proxies the api.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const API = 'http://127.0.0.1:3000';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
  },
  server: {
    host: '127.0.0.1',
    proxy: {
      '/api': API,
      '/healthz': API,
      '/openapi.json': API,
      '/iiif': API,
      '/oai': API,
    },
  },
});
