import preact from '@preact/preset-vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [preact()],
  test: {
    environment: 'happy-dom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test/setup.ts'],
    restoreMocks: true,
    // Longer than the 10 s `findBy…` wait in src/test/setup.ts, so a missing element fails there,
    // with its message.
    testTimeout: 30_000,
    unstubGlobals: true,
  },
});
