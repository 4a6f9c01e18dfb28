import * as z from 'zod';
import { ConditionSchema } from './condition.js';

/** A segment's description: key, label, colour and recommended action. */
export const SegmentSchema = z.strictObject({
  key: z.string().min(1).max(100).regex(/^[A-Za-z0-9_-]+$/, 'expected a key of letters, digits, "_" or "-"'),
  label: z.string().min(1).max(200),
  color: z
    .string()
    .max(50)
    .regex(/^(#[0-9a-fA-F]{3,8}|[a-zA-Z]+|(rgb|hsl)a?\([\d\s.,%]+\))$/, 'expected a CSS colour such as "#1a7f37"'),
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

/** A segment mapper as data. */
export type SegmentMapperConfig = z.input<typeof SegmentMapperSchema>;
