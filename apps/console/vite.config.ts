import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';
import { BASE_PATH } from './src/base-path.ts';

// The API serves dist/ at /console (index.html for every unknown /console/* path).
export default defineConfig({
  base: `${BASE_PATH}/`,
  plugins: [preact()],
  build: { outDir: 'dist', emptyOutDir: true },
  server: {
    // `pnpm --filter @publishing/console dev`: the API on its default port answers /api and /health.
    proxy: {
      '/api': process.env.CONSOLE_API_ORIGIN ?? 'http://127.0.0.1:8080',
      '/health': process.env.CONSOLE_API_ORIGIN ?? 'http://127.0.0.1:8080',
    },
  },
});
