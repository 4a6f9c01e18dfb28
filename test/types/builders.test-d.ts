// Type-level tests, checked by `npm run typecheck` (tsc fails when an expected error disappears).
import { attributes, definePipeline, type ScorerNames, weighted } from '../../src/index.js';

const fit = attributes({ name: 'fit', rules: [{ when: { field: 'a', eq: 1 }, points: 1 }] });
const engagement = attributes({ name: 'engagement', rules: [{ when: { field: 'b', eq: 1 }, points: 1 }] });

// The builders keep the scorer's name as a literal type.
const name: 'fit' = fit.name;
type Names = ScorerNames<{ scorers: [typeof fit, typeof engagement] }>;
const both: Names[] = ['fit', 'engagement'];

// Weights naming known scorers, or some of them, are fine.
definePipeline({ id: 'ok', scorers: [fit, engagement], combine: weighted({ fit: 0.4, engagement: 0.6 }) });
definePipeline({ id: 'subset', scorers: [fit, engagement], combine: weighted({ fit: 1 }) });

// A typo in a scorer name inside weighted({...}) is a type error.
definePipeline({
  id: 'typo',
  scorers: [fit, engagement],
  // @ts-expect-error: "engagment" is not a scorer of this pipeline
  combine: weighted({ fit: 0.4, engagment: 0.6 }),
});

// Plain JSON configs with wide types still type-check (the run-time check covers them).
const fromJson = JSON.parse('{}') as import('../../src/index.js').PipelineConfig;
definePipeline(fromJson);

export { both, name };
