// The columns each input file needs for a pipeline, checked against the header of CSV files before any row
// is read. Field paths (`company.employees`) are met by a column of that name or by deeper columns
// (`company.employees.count` makes `company.employees` an object); keys (`idKey`, `customerKey`…) are plain
// names, never paths, and need a column of exactly that name.
import type { BehaviourScorerConfig, Condition, Pipeline, RfmScorerConfig } from 'scorekit';

/** A column a file must have, and why. */
export interface NeededColumn {
  readonly column: string;
  readonly why: string;
  /** A key (idKey, customerKey…): one column of exactly that name, even with dots in it. */
  readonly plain?: boolean;
}

function fieldsOf(condition: Condition, out: Set<string>): void {
  if (condition.field !== undefined) out.add(condition.field);
  for (const c of condition.all ?? []) fieldsOf(c, out);
  for (const c of condition.any ?? []) fieldsOf(c, out);
  if (condition.not !== undefined) fieldsOf(condition.not, out);
}

function unique(needed: readonly NeededColumn[]): NeededColumn[] {
  const seen = new Set<string>();
  return needed.filter((n) => !seen.has(n.column) && seen.add(n.column) !== undefined);
}

/**
 * The columns of the customers file that the pipeline reads, with why: the id, the fields of attribute rules
 * and of an RFM scorer fed by fields, the record's fields that segment rules read, the previous stage.
 */
export function customerColumns(pipeline: Pipeline): NeededColumn[] {
  const config = pipeline.config;
  const needed: NeededColumn[] = [
    { column: config.idKey ?? 'id', why: 'the customer id (idKey)', plain: true },
  ];
  config.scorers.forEach((scorer, i) => {
    if (scorer.type === 'attributes') {
      const fields = new Set<string>();
      for (const rule of scorer.rules) fieldsOf(rule.when, fields);
      for (const f of fields) needed.push({ column: f, why: `read by scorers[${i}] "${scorer.name}"` });
    } else if (scorer.type === 'rfm' && (scorer.source === 'fields' || scorer.recency !== undefined)) {
      for (const key of ['recency', 'frequency', 'monetary'] as const) {
        const field = scorer[key];
        if (field !== undefined)
          needed.push({ column: field, why: `the ${key} of scorers[${i}] "${scorer.name}"` });
      }
    }
  });
  // The record's fields that segment rules read (`record.plan`), and the field of the previous stage.
  config.segment?.rules.forEach((rule, i) => {
    const fields = new Set<string>();
    fieldsOf(rule.when, fields);
    for (const f of fields)
      if (f.startsWith('record.'))
        needed.push({ column: f.slice('record.'.length), why: `read by segment.rules[${i}] as "${f}"` });
  });
  const previous = config.qualify?.previous;
  if (previous !== undefined) needed.push({ column: previous, why: 'the previous stage (qualify.previous)' });
  return unique(needed);
}

/** The RFM scorer fed by transactions, if the pipeline has one. */
export function transactionScorer(pipeline: Pipeline): RfmScorerConfig | undefined {
  return pipeline.config.scorers.find(
    (s): s is RfmScorerConfig => s.type === 'rfm' && s.source !== 'fields' && s.recency === undefined,
  );
}

/** The columns of the transactions file that the RFM scorer reads. */
export function transactionColumns(rfm: RfmScorerConfig): NeededColumn[] {
  return [
    { column: rfm.customerKey ?? 'customerId', why: 'customerKey of the rfm scorer', plain: true },
    { column: rfm.dateKey ?? 'date', why: 'dateKey of the rfm scorer', plain: true },
    { column: rfm.amountKey ?? 'amount', why: 'amountKey of the rfm scorer', plain: true },
    ...(rfm.orderKey === undefined
      ? []
      : [{ column: rfm.orderKey, why: 'orderKey of the rfm scorer', plain: true }]),
    ...(rfm.quantityKey === undefined
      ? []
      : [{ column: rfm.quantityKey, why: 'quantityKey of the rfm scorer', plain: true }]),
  ];
}

/** The behaviour scorers that read the run's events (`--events`), not an array field of each lead. */
export function eventScorers(pipeline: Pipeline): BehaviourScorerConfig[] {
  return pipeline.config.scorers.filter(
    (s): s is BehaviourScorerConfig => s.type === 'behaviour' && s.eventsField === undefined,
  );
}

/** The columns of the events file that the behaviour scorers read: their keys and the fields of their rules. */
export function eventColumns(scorers: readonly BehaviourScorerConfig[]): NeededColumn[] {
  const needed: NeededColumn[] = [];
  for (const s of scorers) {
    const of = `of the behaviour scorer "${s.name}"`;
    needed.push(
      { column: s.customerKey ?? 'customerId', why: `customerKey ${of}`, plain: true },
      { column: s.typeKey ?? 'type', why: `typeKey ${of}`, plain: true },
      { column: s.dateKey ?? 'at', why: `dateKey ${of}`, plain: true },
    );
    s.rules.forEach((rule, r) => {
      const fields = new Set<string>();
      if (rule.when !== undefined) fieldsOf(rule.when, fields);
      for (const f of fields) needed.push({ column: f, why: `read by rules[${r}] ${of}` });
    });
  }
  return unique(needed);
}

/** The names to keep as plain keys when a CSV header is read (dots in them do not nest). */
export function plainKeys(needed: readonly NeededColumn[]): string[] {
  return needed.filter((n) => n.plain === true).map((n) => n.column);
}

/** True when a CSV header meets a needed column (see the top of this file). */
export function hasColumn(header: readonly string[], needed: NeededColumn): boolean {
  if (needed.plain === true) return header.includes(needed.column);
  const deeper = `${needed.column}.`;
  return header.some((h) => h === needed.column || h.startsWith(deeper));
}
