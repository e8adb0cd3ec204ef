import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Integration tests share one Redis; each file uses its own key prefix, so files may run in parallel.
    pool: 'forks',
  },
});
