// Every ```ts block of the README and of docs/*.md runs against the public API, so the guides cannot drift
// from the code. A block that imports from anything but 'scorekit' (e.g. 'scorekit/node') is left to its own tests.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { transformSync } from 'esbuild';
import { describe, expect, it } from 'vitest';
import * as api from '../../src/index.js';
import { withAssertions } from './assertions.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const documents = [
  'README.md',
  ...readdirSync(`${root}docs`)
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];

function blocks(markdown: string): string[] {
  return [...markdown.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
}

describe('code in the guides runs', () => {
  for (const doc of documents) {
    const runnable = blocks(readFileSync(`${root}${doc}`, 'utf8')).filter((code) => {
      const sources = [...code.matchAll(/from\s+'([^']+)'/g)].map((m) => m[1]);
      return sources.every((s) => s === 'scorekit');
    });
    if (runnable.length === 0) continue;
    describe(doc, () => {
      runnable.forEach((code, i) => {
        it(`block ${i + 1}`, async () => {
          const body = code.replace(/^import[\s\S]*?from\s+'scorekit';\s*$/gm, '');
          const js = transformSync(withAssertions(body), { loader: 'ts', format: 'esm' }).code;
          const names = Object.keys(api);
          const quiet = { ...console, log: () => undefined };
          const check = (actual: () => unknown, expected: () => unknown, line: string) =>
            expect(actual(), line).toEqual(expected());
          const run = new Function('console', '__check', ...names, `return (async () => {\n${js}\n})();`);
          await run(quiet, check, ...names.map((n) => (api as Record<string, unknown>)[n]));
        });
      });
    });
  }
});
