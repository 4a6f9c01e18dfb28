import type { ScorerConfig } from '../schema/pipeline.js';
import { compileAttributes } from '../scorers/attributes/compile.js';
import { compileBehaviour } from '../scorers/behaviour/compile.js';
import { compileRfm } from '../scorers/rfm/compile.js';
import type { CompiledScorer } from './scorer.js';

/** Compiles one validated scorer config into its runtime form, by `type`. */
export function compileScorer(config: ScorerConfig): CompiledScorer {
  switch (config.type) {
    case 'attributes':
      return compileAttributes(config);
    case 'rfm':
      return compileRfm(config);
    case 'behaviour':
      return compileBehaviour(config);
  }
}

/** True when a scorer of this config reads dates relative to `asOf` (so a run must be given one). */
export function scorerUsesTime(config: ScorerConfig): boolean {
  return config.type === 'rfm' || config.type === 'behaviour' || JSON.stringify(config).includes('"within"');
}
