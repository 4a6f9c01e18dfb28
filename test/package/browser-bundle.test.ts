// The main entry must run in browsers, Deno, Bun and edge runtimes: bundled for the browser platform, it
// must not pull in any Node built-in.
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const entry = fileURLToPath(new URL('../../src/index.ts', import.meta.url));
const nodeModules = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

describe('the main entry', () => {
  it('bundles for the browser without any Node built-in', async () => {
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const imported = Object.values(result.metafile.inputs).flatMap((input) =>
      input.imports.map((i) => i.path),
    );
    const nodeImports = imported.filter((path) => path.startsWith('node:') || nodeModules.has(path));
    expect(nodeImports).toEqual([]);
    expect(Object.keys(result.metafile.inputs).some((path) => path.includes('node_modules/zod/'))).toBe(true);
  });

  it('fails the check when a Node built-in sneaks in (the test can fail)', async () => {
    const result = await build({
      stdin: {
        contents: "import { readFileSync } from 'node:fs'; export const x = readFileSync;",
        loader: 'ts',
      },
      bundle: true,
      platform: 'browser',
      write: false,
      metafile: true,
      logLevel: 'silent',
      external: ['node:*'],
    });
    const imported = Object.values(result.metafile.inputs).flatMap((input) =>
      input.imports.map((i) => i.path),
    );
    expect(imported.filter((path) => path.startsWith('node:'))).toEqual(['node:fs']);
  });
});
