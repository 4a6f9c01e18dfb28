// Every @example in the TSDoc of src/ (outside the Node-only folders) runs against the public API and the
// module it documents; a line `expression // → value` also asserts that the expression equals the value.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { transformSync } from 'esbuild';
import { describe, expect, it } from 'vitest';
import * as api from '../../src/index.js';
import * as time from '../../src/time/as-of.js';
import { withAssertions } from './assertions.js';

const root = fileURLToPath(new URL('../../src/', import.meta.url));
const NODE_ONLY = ['node', 'cli'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return dir === root && NODE_ONLY.includes(entry.name) ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

interface Example {
  readonly symbol: string;
  readonly code: string;
}

function examplesOf(source: string): Example[] {
  const out: Example[] = [];
  for (const match of source.matchAll(
    /\/\*\*([\s\S]*?)\*\/\s*(?:export\s+)?(?:declare\s+)?(?:async\s+)?(?:function|class|interface|type|const|let|abstract class)?\s*([\w$]+)?/g,
  )) {
    const body = (match[1] ?? '').split('\n').map((line) => line.replace(/^\s*\* ?/, ''));
    const start = body.findIndex((line) => line.trim().startsWith('@example'));
    if (start < 0) continue;
    const lines: string[] = [];
    for (const line of body.slice(start + 1)) {
      if (/^\s*@\w+/.test(line)) break;
      lines.push(line);
    }
    out.push({ symbol: match[2] ?? '(anonymous)', code: lines.join('\n').replace(/```\w*/g, '') });
  }
  return out;
}

const files = sourceFiles(root);

describe('TSDoc examples run', () => {
  for (const file of files) {
    const examples = examplesOf(readFileSync(file, 'utf8'));
    if (examples.length === 0) continue;
    describe(relative(root, file), () => {
      for (const example of examples) {
        it(example.symbol, async () => {
          const mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
          const scope: Record<string, unknown> = { ...time, ...api, ...mod };
          const checks: string[] = [];
          scope.__check = (actual: () => unknown, expected: () => unknown, line: string) => {
            checks.push(line);
            expect(actual(), line).toEqual(expected());
          };
          const names = Object.keys(scope).filter((n) => /^[A-Za-z_$][\w$]*$/.test(n));
          const js = transformSync(withAssertions(example.code), { loader: 'ts', format: 'esm' }).code;
          const run = new Function(...names, `return (async () => {\n${js}\n})();`);
          await run(...names.map((n) => scope[n]));
        });
      }
    });
  }
});
