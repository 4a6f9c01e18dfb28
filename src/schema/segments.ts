import * as z from 'zod';
import { ConfigError } from '../errors/errors.js';
import type { Segment } from '../pipeline/types.js';
import { type RfmGridEntry, rfmSegments } from '../scorers/rfm/segments.js';
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

const Score = z.number().int().min(1).max(10);

/**
 * The zod schema of the RFM grid as data (`{ "type": "rfmGrid", "preset": "standard", "locale": "fr" }` or a
 * custom `grid`): what `rfmSegments()` writes, for configs written as JSON. It is checked like `rfmSegments`
 * (every (R, F) cell in exactly one segment) and becomes that `rules` mapper once validated.
 */
export const RfmGridSegmentsSchema = z
  .strictObject({
    type: z.literal('rfmGrid'),
    preset: z.literal('standard').optional(),
    locale: z.enum(['en', 'fr']).optional(),
    grid: z
      .array(
        z.strictObject({ r: z.tuple([Score, Score]), f: z.tuple([Score, Score]), segment: SegmentSchema }),
      )
      .min(1)
      .max(100)
      .optional(),
    scorer: z.string().min(1).max(100).optional(),
    bins: z.number().int().min(2).max(10).optional(),
  })
  .transform((g, ctx): SegmentMapperConfig => {
    try {
      const { type: _, ...options } = g;
      return rfmSegments(options);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      for (const issue of error.issues)
        ctx.addIssue({
          code: 'custom',
          path: [...issue.path],
          params: { code: issue.code },
          message: issue.message,
        });
      return z.NEVER;
    }
  });

/**
 * The RFM grid of segments written as data in a config: the `standard` preset in English or French, or a custom
 * grid of (R, F) ranges. Validation turns it into the `rules` mapper that `rfmSegments()` writes.
 *
 * @example
 * const segment: RfmGridSegmentsConfig = { type: 'rfmGrid', preset: 'standard', locale: 'fr' };
 * definePipeline({ id: 'p', scorers: [rfm()], segment }).config.segment?.rules.length // → 10
 */
export interface RfmGridSegmentsConfig {
  /** Always `rfmGrid`. */
  readonly type: 'rfmGrid';
  /** The preset grid (`standard`, the default without a `grid`). */
  readonly preset?: 'standard' | undefined;
  /** Language of the preset's labels and actions (default `en`). */
  readonly locale?: 'en' | 'fr' | undefined;
  /** A custom grid instead of the preset: every (R, F) cell covered exactly once. */
  readonly grid?: readonly RfmGridEntry[] | undefined;
  /** Name of the RFM scorer (default `rfm`). */
  readonly scorer?: string | undefined;
  /** Bins of the RFM scorer (default 5). */
  readonly bins?: number | undefined;
}

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
