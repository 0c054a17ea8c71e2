import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.spec.ts', 'test/**/*.test.ts'],
    globalSetup: ['@publishing/db/testing/global-setup'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
