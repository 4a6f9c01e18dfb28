import { type Combiner, compileCombiner } from '../combine/compile.js';
import { compileGrader, type Grader } from '../grades/compile.js';
import { compileQualifier, type Qualifier } from '../qualify/compile.js';
import { compileStager, type Stager } from '../qualify/stages.js';
import type { ValidPipelineConfig } from '../schema/pipeline.js';
import { compileSegmentMapper, type SegmentMapper } from '../segments/compile.js';
import { compileScorer, scorerUsesTime } from './compile-scorer.js';
import type { CompiledScorer } from './scorer.js';

/** A pipeline compiled once into closures. Internal. */
export interface CompiledPipeline {
  readonly config: ValidPipelineConfig;
  readonly idKey: string;
  readonly timeZone: string;
  readonly scorers: readonly CompiledScorer[];
  readonly combine: Combiner;
  readonly qualify: Qualifier;
  readonly stager: Stager | undefined;
  readonly grade: Grader | undefined;
  readonly segment: SegmentMapper;
  readonly hasSegments: boolean;
  /** True when some part reads dates relative to asOf: a run then needs an explicit asOf. */
  readonly usesTime: boolean;
  /** True when some scorer learns from the population. */
  readonly hasPopulationScorers: boolean;
}

/** Compiles a validated config. */
export function compilePipeline(config: ValidPipelineConfig): CompiledPipeline {
  const scorers = config.scorers.map(compileScorer);
  return {
    config,
    idKey: config.idKey ?? 'id',
    timeZone: config.timeZone ?? 'UTC',
    scorers,
    combine: compileCombiner(
      config.combine,
      scorers.map((s) => s.name),
    ),
    qualify: compileQualifier(config.qualify),
    stager: compileStager(config.qualify),
    grade: config.grade === undefined ? undefined : compileGrader(config.grade),
    segment: compileSegmentMapper(config.segment),
    hasSegments: config.segment !== undefined,
    usesTime:
      config.scorers.some(scorerUsesTime) || JSON.stringify(config.segment ?? {}).includes('"within"'),
    hasPopulationScorers: scorers.some((s) => s.population),
  };
}
