import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// `changeset version` reads the YAML front matter; a formatter that rewrites it silently drops the release.
describe('changesets', () => {
  const files = readdirSync('.changeset').filter((f) => f.endsWith('.md') && f !== 'README.md');
  it.each(files)('%s has a front matter that names scorekit and a bump', (file) => {
    const text = readFileSync(`.changeset/${file}`, 'utf8');
    expect(text).toMatch(/^---\n"scorekit": (patch|minor|major)\n---\n\n\S/);
  });
});
