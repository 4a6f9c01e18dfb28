import type { ComponentScore } from '../pipeline/types.js';
import type { QualifyConfig } from '../schema/qualify.js';

/** Gives the qualification label of a score, or `null` when no level is reached. */
export type Qualifier = (
  score: number,
  components: Readonly<Record<string, ComponentScore>>,
) => string | null;

/**
 * Compiles `thresholds`: the levels are ordered from the highest `min` down; the first level whose `min`
 * the value reaches (`value >= min`) wins. The value is the score, or a component's value with `on`.
 */
export function compileQualifier(config: QualifyConfig | undefined): Qualifier {
  if (config === undefined) return () => null;
  const levels = config.levels.map((l) => ({ label: l.label, min: l.min }));
  const on = config.on;
  return (score, components) => {
    const value = on === undefined ? score : (components[on]?.value ?? Number.NaN);
    for (const level of levels) if (value >= level.min) return level.label;
    return null;
  };
}
