import type { ComponentScore } from '../pipeline/types.js';
import type { CombineConfig } from '../schema/combine.js';

/** Combines the components of one record into its score. */
export type Combiner = (components: Readonly<Record<string, ComponentScore>>) => number;

/**
 * Compiles a combiner. `weighted`: `scale × Σ wᵢ·normalizedᵢ / Σ wᵢ` over the weighted scorers (a weighted
 * mean, so the score stays in 0..scale whatever the weights add up to). `sum`: `Σ valueᵢ` over the listed
 * scorers (all by default), the classic "add up the points".
 */
export function compileCombiner(config: CombineConfig | undefined, scorerNames: readonly string[]): Combiner {
  if (config === undefined || config.type === 'sum') {
    const names = config?.scorers ?? scorerNames;
    return (components) => {
      let total = 0;
      for (const n of names) total += components[n]?.value ?? 0;
      return total;
    };
  }
  const entries = Object.entries(config.weights).filter(([, w]) => w > 0);
  const totalWeight = entries.reduce((s, [, w]) => s + w, 0);
  const scale = config.scale ?? 100;
  return (components) => {
    if (totalWeight === 0) return 0;
    let acc = 0;
    for (const [n, w] of entries) acc += w * (components[n]?.normalized ?? 0);
    return (scale * acc) / totalWeight;
  };
}
