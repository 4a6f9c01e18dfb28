import type { Issue } from '../errors/errors.js';
import type { ValidPipelineConfig } from '../schema/pipeline.js';

/** Levenshtein distance, for "did you mean" hints on misspelt names. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j] as number;
      row[j] = Math.min(
        (row[j] as number) + 1,
        (row[j - 1] as number) + 1,
        prev + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      prev = tmp;
    }
  }
  return row[b.length] as number;
}

function unknownScorer(name: string, names: readonly string[], path: (string | number)[]): Issue {
  const close = names
    .filter((n) => distance(n, name) <= Math.max(2, Math.floor(n.length / 3)))
    .sort((x, y) => distance(x, name) - distance(y, name))[0];
  return {
    code: 'unknown_scorer',
    path,
    message: `no scorer is named "${name}"${close === undefined ? ` (scorers: ${names.join(', ')})` : ` (did you mean "${close}"?)`}`,
  };
}

/** Checks what the schema cannot: unique scorer names, references to scorers, a real time zone. */
export function semanticIssues(config: ValidPipelineConfig): Issue[] {
  const issues: Issue[] = [];
  const names = config.scorers.map((s) => s.name);
  const seen = new Set<string>();
  names.forEach((n, i) => {
    if (seen.has(n))
      issues.push({
        code: 'duplicate_name',
        path: ['scorers', i, 'name'],
        message: `the scorer name "${n}" is used twice`,
      });
    seen.add(n);
  });
  const combine = config.combine;
  if (combine?.type === 'weighted') {
    for (const key of Object.keys(combine.weights)) {
      if (!seen.has(key)) issues.push(unknownScorer(key, names, ['combine', 'weights', key]));
    }
    if (Object.values(combine.weights).every((w) => w === 0)) {
      issues.push({
        code: 'invalid_weights',
        path: ['combine', 'weights'],
        message: 'at least one weight must be positive',
      });
    }
  }
  if (combine?.type === 'sum') {
    combine.scorers?.forEach((key, i) => {
      if (!seen.has(key)) issues.push(unknownScorer(key, names, ['combine', 'scorers', i]));
    });
  }
  const on = config.qualify?.on;
  if (on !== undefined && !seen.has(on)) issues.push(unknownScorer(on, names, ['qualify', 'on']));
  for (const axis of ['fit', 'engagement'] as const) {
    const scorer = config.grade?.[axis].scorer;
    if (scorer !== undefined && !seen.has(scorer))
      issues.push(unknownScorer(scorer, names, ['grade', axis, 'scorer']));
  }
  if (config.timeZone !== undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: config.timeZone });
    } catch {
      issues.push({
        code: 'invalid_time_zone',
        path: ['timeZone'],
        message: `"${config.timeZone}" is not an IANA time zone such as "Europe/Paris"`,
      });
    }
  }
  return issues;
}
