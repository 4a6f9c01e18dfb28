import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // The Node-only code imports the core as a package ('scorekit'), as its published bundle does.
    alias: [{ find: /^scorekit$/, replacement: fileURLToPath(new URL('./src/index.ts', import.meta.url)) }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/cli/build.ts'],
    testTimeout: 60_000,
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      // The CLI is exercised through the built bin in child processes, which v8 coverage of this process
      // cannot see; it has its own end-to-end tests. So is the worker thread of a transaction file read by two
      // threads (a file of the build), tested through the built scorekit/node.
      exclude: ['src/cli/**', 'src/index.ts', 'src/node/index.ts', 'src/node/transactions-worker.ts'],
      thresholds: { lines: 90 },
      reporter: ['text-summary'],
    },
  },
});
