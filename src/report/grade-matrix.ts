import { defaultPriority } from '../grades/compile.js';
import type { ScoringRun } from '../pipeline/score-customers.js';
import type { ScoredRecord } from '../pipeline/types.js';
import type { GradesConfig } from '../schema/grades.js';
import { columnsOf, type ResultColumns } from './result-columns.js';

/**
 * One cell of the fit × engagement grid.
 *
 * @example
 * const cell: GradeMatrixCell = { cell: 'A1', fit: 'A', engagement: '1', priority: 1, customers: 12, share: 0.1, meanScore: 88.5 };
 */
export interface GradeMatrixCell {
  /** The grade, fit then engagement (`A1`). */
  readonly cell: string;
  /** The fit level. */
  readonly fit: string;
  /** The engagement level. */
  readonly engagement: string;
  /** The cell's rank in the priority order, from 1 (call first). */
  readonly priority: number;
  /** Leads in the cell. */
  readonly customers: number;
  /** Share of the graded leads, 0..1. */
  readonly share: number;
  /** Mean score of the cell's leads, `null` when empty. */
  readonly meanScore: number | null;
}

/**
 * The fit × engagement grid of a run: how many leads each grade holds, in the order of the levels (fit rows from
 * the best level, engagement columns from the best level), with each cell's priority.
 *
 * @example
 * const matrix: GradeMatrix = { kind: 'gradeMatrix', fit: ['A', 'B'], engagement: ['1', '2'], customers: 0, cells: [] };
 */
export interface GradeMatrix {
  /** Always `gradeMatrix`. */
  readonly kind: 'gradeMatrix';
  /** The fit levels, best first. */
  readonly fit: readonly string[];
  /** The engagement levels, best first. */
  readonly engagement: readonly string[];
  /** Leads with a grade. */
  readonly customers: number;
  /** `fit.length × engagement.length` cells, fit level by fit level. */
  readonly cells: readonly GradeMatrixCell[];
}

/**
 * The fit × engagement grade matrix of a run whose pipeline grades (`grades()`).
 *
 * @example
 * const pipeline = definePipeline({
 *   id: 'p',
 *   scorers: [
 *     attributes({ name: 'fit', rules: [{ when: { field: 'size', gte: 50 }, points: 10 }] }),
 *     attributes({ name: 'engagement', rules: [{ when: { field: 'visits', gte: 3 }, points: 10 }] }),
 *   ],
 *   grade: grades({
 *     fit: { scorer: 'fit', levels: [{ label: 'A', min: 10 }, { label: 'B' }] },
 *     engagement: { scorer: 'engagement', levels: [{ label: '1', min: 10 }, { label: '2' }] },
 *   }),
 * });
 * const run = scoreCustomers([{ id: 'a', size: 80, visits: 1 }, { id: 'b', size: 90, visits: 1 }], pipeline);
 * gradeMatrix(run).cells.map((c) => `${c.cell}:${c.customers}`) // → ['A1:0', 'A2:2', 'B1:0', 'B2:0']
 */
export function gradeMatrix(
  run: ScoringRun,
  options: { readonly columns?: ResultColumns | undefined } = {},
): GradeMatrix {
  const config = run.model.pipeline.grade;
  if (config === undefined) throw new TypeError('the run has no grades: its pipeline has no grade()');
  return gradeMatrixOfColumns(options.columns ?? columnsOf(run.results), config);
}

/**
 * The grade matrix of results, for the grades config that graded them (results without a grade are left out).
 *
 * @example
 * const config: GradesConfig = {
 *   type: 'grades',
 *   fit: { scorer: 'fit', levels: [{ label: 'A', min: 10 }, { label: 'B' }] },
 *   engagement: { scorer: 'engagement', levels: [{ label: '1', min: 10 }, { label: '2' }] },
 * };
 * gradeMatrixOfResults([], config).cells.map((c) => c.priority) // → [1, 2, 3, 4]
 */
export function gradeMatrixOfResults(results: readonly ScoredRecord[], config: GradesConfig): GradeMatrix {
  return gradeMatrixOfColumns(columnsOf(results), config);
}

function gradeMatrixOfColumns(columns: ResultColumns, config: GradesConfig): GradeMatrix {
  const fit = config.fit.levels.map((l) => l.label);
  const engagement = config.engagement.levels.map((l) => l.label);
  const priority = config.priority ?? defaultPriority(config);
  const tally = new Map<string, { customers: number; score: number }>();
  let total = 0;
  for (let i = 0; i < columns.size; i++) {
    const g = (columns.gradeCode[i] as number) - 1;
    if (g < 0) continue;
    total++;
    const key = columns.grades[g] as string;
    const cell = tally.get(key) ?? { customers: 0, score: 0 };
    cell.customers++;
    cell.score += columns.scores[i] as number;
    tally.set(key, cell);
  }
  const cells: GradeMatrixCell[] = [];
  for (const f of fit)
    for (const e of engagement) {
      const cell = `${f}${e}`;
      const t = tally.get(cell);
      cells.push({
        cell,
        fit: f,
        engagement: e,
        priority: priority.indexOf(cell) + 1,
        customers: t?.customers ?? 0,
        share: total === 0 ? 0 : (t?.customers ?? 0) / total,
        meanScore: t === undefined ? null : t.score / t.customers,
      });
    }
  return { kind: 'gradeMatrix', fit, engagement, customers: total, cells };
}
