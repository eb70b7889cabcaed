import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The dev server proxies the API so the browser sees one origin (cookies, Origin check).
const api = `http://127.0.0.1:${process.env.PORT ?? 3000}`;

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  server: {
    host: '127.0.0.1',
    proxy: { '/trpc': api, '/healthz': api, '/hooks': api },
  },
  build: { outDir: 'dist', emptyOutDir: true },
});
