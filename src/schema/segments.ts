import * as z from 'zod';
import type { Segment } from '../pipeline/types.js';
import { type Condition, ConditionSchema } from './condition.js';

/** A segment's description: key, label, colour and recommended action. */
export const SegmentSchema = z.strictObject({
  key: z
    .string()
    .min(1)
    .max(100)
    .regex(/^[A-Za-z0-9_-]+$/, 'expected a key of letters, digits, "_" or "-"'),
  label: z.string().min(1).max(200),
  color: z
    .string()
    .max(50)
    .regex(
      /^(#[0-9a-fA-F]{3,8}|[a-zA-Z]+|(rgb|hsl)a?\([\d\s.,%]+\))$/,
      'expected a CSS colour such as "#1a7f37"',
    ),
  action: z.string().max(1000),
});

/** The zod schema of a segment mapper: ordered rules over the scored record, first match wins. */
export const SegmentMapperSchema = z
  .strictObject({
    type: z.literal('rules'),
    rules: z.array(z.strictObject({ when: ConditionSchema, segment: SegmentSchema })).max(1000),
    otherwise: SegmentSchema.optional(),
  })
  .superRefine((m, ctx) => {
    const seen = new Map<string, string>();
    const all = [...m.rules.map((r) => r.segment), ...(m.otherwise === undefined ? [] : [m.otherwise])];
    all.forEach((s, i) => {
      const key = JSON.stringify(s);
      const prev = seen.get(s.key);
      if (prev !== undefined && prev !== key) {
        ctx.addIssue({
          code: 'custom',
          path: i < m.rules.length ? ['rules', i, 'segment', 'key'] : ['otherwise', 'key'],
          params: { code: 'conflicting_segment' },
          message: `the segment "${s.key}" is described twice with different labels, colours or actions`,
        });
      }
      seen.set(s.key, key);
    });
  });

/**
 * One segment rule: when the condition holds on the scored record, the record gets the segment.
 *
 * @example
 * const rule: SegmentRule = { when: { field: 'score', gte: 70 }, segment: { key: 'hot', label: 'Hot', color: '#d1242f', action: 'Call today' } };
 */
export interface SegmentRule {
  /** A condition over `score`, `qualification`, `components.<name>.<field>` or `record.<field>`. */
  readonly when: Condition;
  /** The segment given. */
  readonly segment: Segment;
}

/**
 * A segment mapper as data: ordered rules, the first match wins, else `otherwise`.
 *
 * @example
 * const mapper: SegmentMapperConfig = { type: 'rules', rules: [], otherwise: { key: 'all', label: 'Everyone', color: '#888', action: 'Newsletter' } };
 */
export interface SegmentMapperConfig {
  /** Always `rules`. */
  readonly type: 'rules';
  /** The rules, in order. */
  readonly rules: readonly SegmentRule[];
  /** The segment of records no rule matches; without it they get `null`. */
  readonly otherwise?: Segment | undefined;
}

type Check<T extends SegmentMapperConfig> = T;
type _SegmentsCheck = Check<z.output<typeof SegmentMapperSchema>>;
