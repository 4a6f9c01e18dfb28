import { compileCondition } from '../../conditions/compile.js';
import { describeCondition } from '../../conditions/describe.js';
import { compileFieldPath, type FieldGetter } from '../../conditions/field-path.js';
import { type BoundScorer, type CompiledScorer, NO_DETAIL } from '../../pipeline/scorer.js';
import type { ComponentScore, Contribution, InputRecord } from '../../pipeline/types.js';
import type { AttributesScorerConfig } from '../../schema/attributes.js';
import type { AsOf } from '../../time/as-of.js';

interface CompiledRule {
  /** The rule's condition over the fields read for the record (one slot per distinct field path). */
  readonly test: (values: readonly unknown[], asOf: AsOf) => boolean;
  /** Shared, frozen contribution: the same object for every record that matches (no per-record allocation). */
  readonly contribution: Contribution;
  /** Index of the rule's criterion; rules of one criterion are exclusive (first match wins). */
  readonly criterion: number;
}

/**
 * The largest and smallest value the rules can give: per criterion, the best (and worst) single rule,
 * since only the first matching rule of a criterion counts; a rule without a criterion is its own.
 */
export function attributeBounds(rules: readonly { readonly criterion: number; readonly points: number }[]): {
  max: number;
  min: number;
} {
  const best = new Map<number, number>();
  const worst = new Map<number, number>();
  for (const r of rules) {
    best.set(r.criterion, Math.max(best.get(r.criterion) ?? 0, r.points));
    worst.set(r.criterion, Math.min(worst.get(r.criterion) ?? 0, r.points));
  }
  let max = 0;
  let min = 0;
  for (const v of best.values()) max += v;
  for (const v of worst.values()) min += v;
  return { max, min };
}

/**
 * Compiles the `attributes` scorer: weighted attribute rules ("fit"). Each matching rule gives
 * `points × weight(criterion)`; within one criterion only the first matching rule counts.
 */
export function compileAttributes(config: AttributesScorerConfig): CompiledScorer {
  const name = config.name;
  const weights = config.weights ?? {};
  const criterionIndex = new Map<string, number>();
  // Twenty rules often test eight or nine fields: each distinct field path is read once per record, into a
  // slot, and the conditions test the slots. Reading a field is the costly part of a rule (an own-property
  // check and a lookup by a key known only at run time); the tests themselves are cheap.
  const slotOf = new Map<string, number>();
  const readers: FieldGetter[] = [];
  const readerOf = (field: string) => {
    let slot = slotOf.get(field);
    if (slot === undefined) {
      slot = readers.length;
      slotOf.set(field, slot);
      readers.push(compileFieldPath(field));
    }
    const at = slot;
    return (values: readonly unknown[]) => values[at];
  };
  const rules: CompiledRule[] = config.rules.map((rule, i) => {
    let criterion: number;
    if (rule.criterion === undefined) criterion = -1 - i;
    else {
      criterion = criterionIndex.get(rule.criterion) ?? criterionIndex.size;
      criterionIndex.set(rule.criterion, criterion);
    }
    const weight = rule.criterion === undefined ? 1 : (weights[rule.criterion] ?? 1);
    const points = rule.points * weight;
    const base = rule.reason ?? describeCondition(rule.when);
    const reason = weight === 1 ? base : `${base} (${rule.points} × weight ${weight})`;
    return {
      test: compileCondition(rule.when, readerOf),
      contribution: Object.freeze({ scorer: name, rule: rule.id ?? `rules[${i}]`, points, reason }),
      criterion,
    };
  });
  const bounds = attributeBounds(
    rules.map((r) => ({ criterion: r.criterion, points: r.contribution.points })),
  );
  const max = config.max ?? bounds.max;
  const hasCriteria = criterionIndex.size > 0;
  const criterionCount = criterionIndex.size;

  const fieldCount = readers.length;
  const scoreRecord = (record: InputRecord, asOf: AsOf, explain: boolean): ComponentScore => {
    const values = new Array<unknown>(fieldCount);
    for (let k = 0; k < fieldCount; k++) values[k] = (readers[k] as FieldGetter)(record);
    const detail: Contribution[] | readonly Contribution[] = explain ? [] : NO_DETAIL;
    let value = 0;
    let used = 0; // bit set of criteria already matched, or an array when there are many
    const usedMany: boolean[] | undefined =
      criterionCount > 30 ? new Array<boolean>(criterionCount).fill(false) : undefined;
    for (const rule of rules) {
      const c = rule.criterion;
      if (hasCriteria && c >= 0) {
        if (usedMany === undefined ? (used & (1 << c)) !== 0 : usedMany[c] === true) continue;
        if (!rule.test(values, asOf)) continue;
        if (usedMany === undefined) used |= 1 << c;
        else usedMany[c] = true;
      } else if (!rule.test(values, asOf)) continue;
      if (explain) (detail as Contribution[]).push(rule.contribution);
      value += rule.contribution.points;
    }
    const normalized = max > 0 ? Math.min(1, Math.max(0, value / max)) : 0;
    return { scorer: name, type: 'attributes', value, max, normalized, detail };
  };

  return {
    name,
    type: 'attributes',
    population: false,
    bind(batch): BoundScorer {
      const asOf = batch.asOf;
      const explain = batch.explain;
      return { score: (record) => scoreRecord(record, asOf, explain) };
    },
  };
}
