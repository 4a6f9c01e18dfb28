import { compileFieldPath } from '../conditions/field-path.js';
import { RecordFailure } from '../pipeline/scorer.js';
import type { ComponentScore, InputRecord } from '../pipeline/types.js';
import type { QualifyConfig } from '../schema/qualify.js';

/**
 * How a lead's stage moved against its previous one: `promoted` to a higher level (or into one from none),
 * `demoted` to a lower level (or out of every level), or `stayed`.
 *
 * @example
 * const moved: Transition = { from: 'MQL', to: 'SQL', change: 'promoted' };
 */
export interface Transition {
  /** The previous stage, or `null` when the lead had none. */
  readonly from: string | null;
  /** The stage now (the same as the result's `qualification`). */
  readonly to: string | null;
  /** Which way it moved. */
  readonly change: 'promoted' | 'demoted' | 'stayed';
}

/** Stages a value against a previous stage, with hysteresis. */
export interface Stager {
  /** True when the config asks for transitions (a `previous` field or a `margin`). */
  readonly always: boolean;
  /** Reads the previous stage from the record's `previous` field: a label, `null` (none) or `undefined` (no field configured). */
  readonly previousOf: (record: InputRecord) => string | null | undefined;
  /** The qualification and the transition, given the previous stage (`null`: none). */
  readonly stage: (
    score: number,
    components: Readonly<Record<string, ComponentScore>>,
    previous: string | null,
    previousPath: readonly (string | number)[],
  ) => { readonly qualification: string | null; readonly transition: Transition };
}

/**
 * Compiles the stage logic of `thresholds`: the raw level is the first whose `min` the value reaches; a
 * lead with a previous stage is promoted when the raw level is higher, and demoted only when the value falls
 * below its previous stage's `min` minus `margin` (then to the raw level).
 */
export function compileStager(config: QualifyConfig | undefined): Stager | undefined {
  if (config === undefined) return undefined;
  const levels = config.levels;
  const rank = new Map(levels.map((l, i) => [l.label, i]));
  const margin = config.margin ?? 0;
  const on = config.on;
  const field = config.previous;
  const get = field === undefined ? undefined : compileFieldPath(field);
  const path = field === undefined ? [] : field.split('.');
  return {
    always: field !== undefined || config.margin !== undefined,
    previousOf: (record) => {
      if (get === undefined) return undefined;
      const v = get(record);
      if (v === undefined || v === null || v === '') return null;
      if (typeof v !== 'string')
        throw new RecordFailure(path, 'invalid_type', 'expected the previous stage as a level label');
      return v;
    },
    stage: (score, components, previous, previousPath) => {
      const value = on === undefined ? score : (components[on]?.value ?? Number.NaN);
      let raw = levels.length; // below every level
      for (let i = 0; i < levels.length; i++) {
        if (value >= (levels[i]?.min as number)) {
          raw = i;
          break;
        }
      }
      const to = (r: number): string | null => levels[r]?.label ?? null;
      if (previous === null) {
        const qualification = to(raw);
        return {
          qualification,
          transition: {
            from: null,
            to: qualification,
            change: qualification === null ? 'stayed' : 'promoted',
          },
        };
      }
      const before = rank.get(previous);
      if (before === undefined)
        throw new RecordFailure(
          previousPath,
          'unknown_stage',
          `the previous stage "${previous}" is not a level (${levels.map((l) => l.label).join(', ')})`,
        );
      if (raw < before)
        return { qualification: to(raw), transition: { from: previous, to: to(raw), change: 'promoted' } };
      if (raw === before)
        return { qualification: previous, transition: { from: previous, to: previous, change: 'stayed' } };
      // Lower raw level: keep the previous stage while the value stays within the margin below its min.
      if (value >= (levels[before]?.min as number) - margin)
        return { qualification: previous, transition: { from: previous, to: previous, change: 'stayed' } };
      return { qualification: to(raw), transition: { from: previous, to: to(raw), change: 'demoted' } };
    },
  };
}
