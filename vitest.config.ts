import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Integration tests share one Redis; each file uses its own key prefix, so files may run in parallel.
    pool: 'forks',
    // Vitest's default leaves one core to itself: a single worker on two cores. The integration
    // files spend most of their time waiting on Redis, HTTP and child processes, so two at least.
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
