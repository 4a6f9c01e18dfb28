import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      // The CLI and Node I/O are exercised through the built bin in child processes, which v8 coverage
      // of this process cannot see; they have their own end-to-end tests.
      exclude: ['src/cli/**', 'src/index.ts'],
      thresholds: { lines: 90 },
      reporter: ['text-summary'],
    },
  },
});
