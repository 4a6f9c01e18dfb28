import type { ComponentScore } from '../pipeline/types.js';
import { type GradeDimension, type GradesConfig, gradeCells } from '../schema/grades.js';

/**
 * A lead's grade: fit grade, engagement grade, the matrix cell and its rank in the priority order (1 is the
 * first to call).
 *
 * @example
 * const grade: Grade = { fit: 'A', engagement: '2', cell: 'A2', priority: 2 };
 */
export interface Grade {
  /** The fit grade (`A`…`D`). */
  readonly fit: string;
  /** The engagement grade (`1`…`4`). */
  readonly engagement: string;
  /** The matrix cell, fit then engagement (`A2`). */
  readonly cell: string;
  /** The cell's rank in the priority order, from 1. */
  readonly priority: number;
}

/** Gives a lead's grade from its components. */
export type Grader = (components: Readonly<Record<string, ComponentScore>>) => Grade;

/** The default priority: cells by fit rank + engagement rank, ties by fit rank (A1; A2, B1; A3, B2, C1; …). */
export function defaultPriority(config: Pick<GradesConfig, 'fit' | 'engagement'>): string[] {
  const cells: { cell: string; f: number; e: number }[] = [];
  config.fit.levels.forEach((f, fi) => {
    config.engagement.levels.forEach((e, ei) => {
      cells.push({ cell: `${f.label}${e.label}`, f: fi, e: ei });
    });
  });
  cells.sort((a, b) => a.f + a.e - (b.f + b.e) || a.f - b.f);
  return cells.map((c) => c.cell);
}

function levelOf(dimension: GradeDimension, components: Readonly<Record<string, ComponentScore>>): number {
  const component = components[dimension.scorer];
  const value =
    component === undefined
      ? Number.NaN
      : dimension.use === 'normalized'
        ? component.normalized
        : component.value;
  const levels = dimension.levels;
  for (let i = 0; i < levels.length - 1; i++) if (value >= (levels[i]?.min as number)) return i;
  return levels.length - 1; // the lowest grade takes every value below the others (and a missing component)
}

/** Compiles `grades`: each axis by its thresholds (below every `min`: the last level), then the cell. */
export function compileGrader(config: GradesConfig): Grader {
  const priority = new Map((config.priority ?? defaultPriority(config)).map((cell, i) => [cell, i + 1]));
  const cells = gradeCells(config);
  const grades: Grade[] = [];
  const width = config.engagement.levels.length;
  config.fit.levels.forEach((f, fi) => {
    config.engagement.levels.forEach((e, ei) => {
      const cell = cells[fi * width + ei] as string;
      grades.push(
        Object.freeze({ fit: f.label, engagement: e.label, cell, priority: priority.get(cell) ?? 0 }),
      );
    });
  });
  return (components) =>
    grades[levelOf(config.fit, components) * width + levelOf(config.engagement, components)] as Grade;
}
