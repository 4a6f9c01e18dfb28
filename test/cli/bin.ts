// What the CLI tests share: the built bin run as a child process in a folder of files, and the shop config.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const bin = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

/** A temporary folder with these files. */
export function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'scorekit-cli-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** The bin run in `dir` with these arguments. */
export function scorekit(dir: string, ...args: string[]): { code: number; stdout: string; stderr: string } {
  const out = spawnSync(process.execPath, [bin, ...args], { cwd: dir, encoding: 'utf8' });
  return { code: out.status ?? -1, stdout: out.stdout, stderr: out.stderr };
}

/** The lines of an NDJSON file, parsed. */
export function ndjson(path: string): Record<string, unknown>[] {
  return readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** RFM on transactions and a fit rule, weighted half and half. */
export const SHOP = {
  id: 'shop',
  scorers: [
    { type: 'rfm', name: 'rfm' },
    {
      type: 'attributes',
      name: 'fit',
      rules: [{ when: { field: 'employees', gte: 50 }, points: 10, reason: 'Mid-market' }],
    },
  ],
  combine: { type: 'weighted', weights: { rfm: 0.5, fit: 0.5 } },
};
export const CONFIG = JSON.stringify(SHOP);
export const CUSTOMERS = 'id,employees\na,100\nb,10\nc,60\n';
export const TX =
  'customerId,date,amount\na,2025-12-30,100\na,2025-11-01,50\nb,2025-06-01,20\nc,2025-12-01,40\n';
