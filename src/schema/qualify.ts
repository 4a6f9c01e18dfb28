import * as z from 'zod';
import { NameSchema } from './attributes.js';
import { FieldPathSchema } from './condition.js';

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
    margin: z.number().finite().min(0).optional(),
    previous: FieldPathSchema.optional(),
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
      if (labels.has(l.label))
        ctx.addIssue({
          code: 'custom',
          path: ['levels', i, 'label'],
          params: { code: 'duplicate_label' },
          message: `the label "${l.label}" is used twice`,
        });
      labels.add(l.label);
    });
  });

/** The zod schema of a qualifier. */
export const QualifySchema = z.discriminatedUnion('type', [ThresholdsSchema]);

/**
 * One qualification level: reached when the value is at least `min`.
 *
 * @example
 * const level: ThresholdLevel = { label: 'MQL', min: 50 };
 */
export interface ThresholdLevel {
  /** The level's name (`SQL`, `MQL`, `hot`…). */
  readonly label: string;
  /** The least value that reaches it. */
  readonly min: number;
}

/**
 * The `thresholds` qualifier as data: levels from the highest `min` down; the first reached wins.
 *
 * @example
 * const qualify: ThresholdsConfig = { type: 'thresholds', levels: [{ label: 'SQL', min: 80 }, { label: 'MQL', min: 50 }] };
 */
export interface ThresholdsConfig {
  /** Always `thresholds`. */
  readonly type: 'thresholds';
  /** The levels, from the highest `min` to the lowest. */
  readonly levels: readonly ThresholdLevel[];
  /** Qualify on this scorer's raw value instead of the combined score. */
  readonly on?: string | undefined;
  /**
   * Hysteresis: a lead keeps its previous stage until its value falls below that stage's `min` minus
   * `margin` (default 0). The previous stage comes from the run's `previous` option or the `previous` field.
   */
  readonly margin?: number | undefined;
  /** The record field that holds the lead's previous stage (a level label, or empty for none). */
  readonly previous?: string | undefined;
}

/**
 * A qualifier as data.
 *
 * @example
 * const qualify: QualifyConfig = { type: 'thresholds', levels: [{ label: 'hot', min: 70 }] };
 */
export type QualifyConfig = ThresholdsConfig;

type Check<T extends QualifyConfig> = T;
type _QualifyCheck = Check<z.output<typeof QualifySchema>>;
