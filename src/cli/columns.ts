import type { Condition, Pipeline } from 'scorekit';

function fieldsOf(condition: Condition, out: Set<string>): void {
  if (condition.field !== undefined) out.add(condition.field.split('.')[0] as string);
  for (const c of condition.all ?? []) fieldsOf(c, out);
  for (const c of condition.any ?? []) fieldsOf(c, out);
  if (condition.not !== undefined) fieldsOf(condition.not, out);
}

/** The columns of the customers file that the pipeline reads, with why. */
export function customerColumns(pipeline: Pipeline): { column: string; why: string }[] {
  const config = pipeline.config;
  const needed = [{ column: config.idKey ?? 'id', why: 'the customer id (idKey)' }];
  config.scorers.forEach((scorer, i) => {
    if (scorer.type === 'attributes') {
      const fields = new Set<string>();
      for (const rule of scorer.rules) fieldsOf(rule.when, fields);
      for (const f of fields) needed.push({ column: f, why: `read by scorers[${i}] "${scorer.name}"` });
    } else if (scorer.type === 'rfm' && (scorer.source === 'fields' || scorer.recency !== undefined)) {
      for (const key of ['recency', 'frequency', 'monetary'] as const) {
        const field = scorer[key];
        if (field !== undefined)
          needed.push({
            column: field.split('.')[0] as string,
            why: `the ${key} of scorers[${i}] "${scorer.name}"`,
          });
      }
    }
  });
  const seen = new Set<string>();
  return needed.filter((n) => !seen.has(n.column) && seen.add(n.column) !== undefined);
}
