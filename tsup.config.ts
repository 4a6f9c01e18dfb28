import { defineConfig } from 'tsup';

export default defineConfig([
  {
    // The core: no Node built-in, runs in browsers, Deno, Bun and edge runtimes.
    entry: { index: 'src/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    treeshake: true,
    target: 'es2022',
    platform: 'neutral',
    splitting: false,
  },
  {
    // Node-only: file I/O (scorekit/node). It imports the core as the package itself ('scorekit'), so a
    // program that uses both shares one copy of it (and one Model class).
    entry: { node: 'src/node/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    target: 'node18',
    platform: 'node',
    external: ['scorekit'],
    splitting: false,
    // import.meta.url (the worker's file, next to this one) in the CommonJS build too.
    shims: true,
  },
  {
    // The worker thread of a transaction file read by two threads, started by scorekit/node and the bin from
    // the file next to them. It takes the few pieces of the core it uses (the RFM accumulator, dates) into its
    // own file instead of loading the core's: the core's schemas (zod) took about 0.1 s of the worker's start,
    // while the main thread was already reading. Nothing of it is shared with the main thread's core.
    entry: { 'transactions-worker': 'src/node/transactions-worker.ts' },
    format: ['esm'],
    sourcemap: true,
    target: 'node18',
    platform: 'node',
    noExternal: ['scorekit'],
    esbuildOptions(options) {
      options.alias = { scorekit: './src/index.ts' };
    },
    splitting: false,
  },
  {
    // The bin, in one file with the pieces of the core and of its dependencies it uses: loading the core and
    // zod from their many modules took about 0.12 s of every command's start (`scorekit --help` 0.15 s -> 0.10 s;
    // a 10M-row `score` starts reading that much sooner). zod and csv-parse stay dependencies of the package,
    // so their MIT licences are installed beside it; programs importing 'scorekit' still share one core.
    entry: { cli: 'src/cli/index.ts' },
    format: ['esm'],
    sourcemap: true,
    target: 'node18',
    platform: 'node',
    noExternal: [/.*/],
    esbuildOptions(options) {
      options.alias = { scorekit: './src/index.ts' };
      // Its map names the files and lines of a stack trace without holding their text (zod's too):
      // 0.5 MB, not 1.7.
      options.sourcesContent = false;
    },
    banner: {
      js: '#!/usr/bin/env node\n// Includes zod and csv-parse (MIT licences: see their packages, dependencies of scorekit).',
    },
    splitting: false,
  },
]);
