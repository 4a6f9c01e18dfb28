import * as z from 'zod';
import { NameSchema } from './attributes.js';

const Level = z.strictObject({
  label: z.string().min(1).max(100),
  min: z.number().finite(),
});

/** `thresholds`: ordered levels, the first whose `min` the value reaches wins. */
export const ThresholdsSchema = z
  .strictObject({
    type: z.literal('thresholds'),
    levels: z.array(Level).min(1).max(100),
    on: NameSchema.optional(),
  })
  .superRefine((q, ctx) => {
    for (let i = 1; i < q.levels.length; i++) {
      const prev = q.levels[i - 1];
      const cur = q.levels[i];
      if (prev !== undefined && cur !== undefined && cur.min >= prev.min) {
        ctx.addIssue({
          code: 'custom',
          path: ['levels', i, 'min'],
          params: { code: 'unordered_levels' },
          message: `levels go from the highest min to the lowest: ${cur.min} (${cur.label}) is not below ${prev.min} (${prev.label})`,
        });
      }
    }
    const labels = new Set<string>();
    q.levels.forEach((l, i) => {
      if (labels.has(l.label)) ctx.addIssue({ code: 'custom', path: ['levels', i, 'label'], params: { code: 'duplicate_label' }, message: `the label "${l.label}" is used twice` });
      labels.add(l.label);
    });
  });

/** The zod schema of a qualifier. */
export const QualifySchema = z.discriminatedUnion('type', [ThresholdsSchema]);

/** A qualifier as data. */
export type QualifyConfig = z.input<typeof QualifySchema>;
/** The `thresholds` qualifier as data. */
export type ThresholdsConfig = z.input<typeof ThresholdsSchema>;
