import { compileCondition, type Predicate } from '../conditions/compile.js';
import type { Grade } from '../grades/compile.js';
import type { ComponentScore, InputRecord, Segment } from '../pipeline/types.js';
import type { SegmentMapperConfig } from '../schema/segments.js';
import type { AsOf } from '../time/as-of.js';

/**
 * What segment conditions see: the score, the qualification, every component by name and the original
 * record, e.g. `{ field: 'components.rfm.r', gte: 4 }` or `{ field: 'record.country', eq: 'FR' }`.
 */
export interface SegmentView {
  readonly score: number;
  readonly qualification: string | null;
  readonly grade?: Grade | undefined;
  readonly components: Readonly<Record<string, ComponentScore>>;
  readonly record: InputRecord;
}

/** Gives the segment of a scored record, or `null`. */
export type SegmentMapper = (view: SegmentView, asOf: AsOf) => Segment | null;

/** Compiles ordered segment rules: the first rule whose condition holds gives the segment, else `otherwise`. */
export function compileSegmentMapper(config: SegmentMapperConfig | undefined): SegmentMapper {
  if (config === undefined) return () => null;
  const rules: { test: Predicate; segment: Segment }[] = config.rules.map((r) => ({
    test: compileCondition(r.when),
    segment: Object.freeze({ ...r.segment }),
  }));
  const otherwise = config.otherwise === undefined ? null : Object.freeze({ ...config.otherwise });
  return (view, asOf) => {
    for (const r of rules) if (r.test(view as unknown as InputRecord, asOf)) return r.segment;
    return otherwise;
  };
}
