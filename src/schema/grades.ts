import * as z from 'zod';
import { NameSchema } from './attributes.js';

const Level = z.strictObject({
  label: z.string().min(1).max(20),
  min: z.number().finite().optional(),
});

const Dimension = z
  .strictObject({
    scorer: NameSchema,
    levels: z.array(Level).min(2).max(10),
    use: z.enum(['value', 'normalized']).optional(),
  })
  .superRefine((d, ctx) => {
    const issue = (path: (string | number)[], code: string, message: string): void => {
      ctx.addIssue({ code: 'custom', path, params: { code }, message });
    };
    d.levels.forEach((level, i) => {
      const last = i === d.levels.length - 1;
      if (level.min === undefined && !last)
        issue(['levels', i, 'min'], 'missing_min', 'every level but the last needs a min');
      const prev = d.levels[i - 1];
      if (prev?.min !== undefined && level.min !== undefined && level.min >= prev.min)
        issue(
          ['levels', i, 'min'],
          'unordered_levels',
          `levels go from the highest min to the lowest: ${level.min} (${level.label}) is not below ${prev.min} (${prev.label})`,
        );
    });
    const labels = new Set<string>();
    d.levels.forEach((l, i) => {
      if (labels.has(l.label))
        issue(['levels', i, 'label'], 'duplicate_label', `the label "${l.label}" is used twice`);
      labels.add(l.label);
    });
  });

/** The zod schema of `grades`: fit × engagement into a matrix grade such as `A1`. */
export const GradesSchema = z
  .strictObject({
    type: z.literal('grades'),
    fit: Dimension,
    engagement: Dimension,
    priority: z.array(z.string().min(1).max(40)).optional(),
  })
  .superRefine((g, ctx) => {
    if (g.priority === undefined) return;
    const cells = new Set(gradeCells(g));
    const seen = new Set<string>();
    g.priority.forEach((cell, i) => {
      if (!cells.has(cell))
        ctx.addIssue({
          code: 'custom',
          path: ['priority', i],
          params: { code: 'unknown_cell' },
          message: `"${cell}" is not a cell of the grid (${[...cells].join(', ')})`,
        });
      else if (seen.has(cell))
        ctx.addIssue({
          code: 'custom',
          path: ['priority', i],
          params: { code: 'duplicate_cell' },
          message: `"${cell}" is listed twice`,
        });
      seen.add(cell);
    });
    const missing = [...cells].filter((c) => !seen.has(c));
    if (missing.length > 0)
      ctx.addIssue({
        code: 'custom',
        path: ['priority'],
        params: { code: 'missing_cells' },
        message: `the priority order must list every cell once; missing: ${missing.join(', ')}`,
      });
  });

/** Every cell label of a grid (fit label then engagement label), fit-major. */
export function gradeCells(g: {
  readonly fit: { readonly levels: readonly { readonly label: string }[] };
  readonly engagement: { readonly levels: readonly { readonly label: string }[] };
}): string[] {
  return g.fit.levels.flatMap((f) => g.engagement.levels.map((e) => `${f.label}${e.label}`));
}

/**
 * One grade level: reached when the value is at least `min`; the last level needs no `min` and takes every
 * value below the others.
 *
 * @example
 * const level: GradeLevel = { label: 'A', min: 60 };
 */
export interface GradeLevel {
  /** The grade (`A`, `1`…). */
  readonly label: string;
  /** The least value that reaches it (optional on the last level). */
  readonly min?: number | undefined;
}

/**
 * One axis of the grade matrix: which component, its levels from best to worst, and whether to read its
 * raw `value` (default) or its `normalized` value (0..1).
 *
 * @example
 * const fit: GradeDimension = { scorer: 'fit', levels: [{ label: 'A', min: 60 }, { label: 'B', min: 40 }, { label: 'C', min: 20 }, { label: 'D' }] };
 */
export interface GradeDimension {
  /** The scorer whose component is graded. */
  readonly scorer: string;
  /** From the best grade to the worst. */
  readonly levels: readonly GradeLevel[];
  /** Grade the raw `value` (default) or the `normalized` value. */
  readonly use?: 'value' | 'normalized' | undefined;
}

/**
 * Grades as data: fit graded A–D, engagement 1–4, and the matrix cell (`A1` … `D4`) with its rank in the
 * priority order.
 *
 * @example
 * const config: GradesConfig = {
 *   type: 'grades',
 *   fit: { scorer: 'fit', levels: [{ label: 'A', min: 60 }, { label: 'B', min: 40 }, { label: 'C', min: 20 }, { label: 'D' }] },
 *   engagement: { scorer: 'engagement', levels: [{ label: '1', min: 50 }, { label: '2', min: 25 }, { label: '3', min: 10 }, { label: '4' }] },
 * };
 */
export interface GradesConfig {
  /** Always `grades`. */
  readonly type: 'grades';
  /** Who the lead is: grades A, B, C, D by default labels. */
  readonly fit: GradeDimension;
  /** What the lead does: grades 1, 2, 3, 4. */
  readonly engagement: GradeDimension;
  /** Every cell from the first to call to the last (default: by fit rank + engagement rank, then fit). */
  readonly priority?: readonly string[] | undefined;
}

type Check<T extends GradesConfig> = T;
type _GradesCheck = Check<z.output<typeof GradesSchema>>;
