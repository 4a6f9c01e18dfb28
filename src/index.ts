// The public API of scorekit. Explicit exports only: nothing internal leaks from here.
export {
  attributes,
  behaviour,
  grades,
  type Named,
  rfm,
  type SegmentMapperOptions,
  segments,
  sum,
  thresholds,
  weighted,
} from './builders.js';
export {
  ConfigError,
  formatPath,
  type Issue,
  RecordError,
  type Rejection,
  ScorekitError,
} from './errors/errors.js';
export type { Grade } from './grades/compile.js';
export {
  definePipeline,
  type KnownScorerNames,
  type Pipeline,
  type ScorerNames,
  validatePipeline,
} from './pipeline/define.js';
export { loadModel, Model, type ModelData, type ModelScoreOptions } from './pipeline/model.js';
export { fit, type ScoreOptions, type ScoringRun, scoreCustomers } from './pipeline/score-customers.js';
export type {
  ComponentScore,
  Contribution,
  InputRecord,
  JsonValue,
  RecordSource,
  RejectedRecord,
  RunSummary,
  ScoredRecord,
  ScoreStatistics,
  Segment,
} from './pipeline/types.js';
export type { Transition } from './qualify/stages.js';
export { type Drift, drift, type Migration, type Mover } from './report/drift.js';
export {
  auc,
  type CampaignRow,
  type Gains,
  type GainsDecile,
  type GainsOptions,
  gains,
  type Outcome,
} from './report/gains.js';
export {
  type GradeMatrix,
  type GradeMatrixCell,
  gradeMatrix,
  gradeMatrixOfResults,
} from './report/grade-matrix.js';
export { type HeatmapCell, heatmapOfResults, type RfmHeatmap, rfmHeatmap } from './report/heatmap.js';
export { csvCell } from './report/render/csv.js';
export { type RenderOptions, type Report, toCsv, toHtml, toMarkdown } from './report/render/index.js';
export { ResultColumns } from './report/result-columns.js';
export {
  type HistogramBin,
  histogram,
  type RunDescription,
  type SummarizeOptions,
  type Summary,
  type SummaryRow,
  summarize,
  summarizeResults,
  type TopRecord,
} from './report/summarize.js';
export type { AttributeRule, AttributesOptions, AttributesScorerConfig } from './schema/attributes.js';
export type {
  BehaviourOptions,
  BehaviourRule,
  BehaviourScorerConfig,
  PercentDecay,
  PointsDecay,
} from './schema/behaviour.js';
export type { CombineConfig, SumCombineConfig, WeightedCombineConfig } from './schema/combine.js';
export type { Condition, Scalar } from './schema/condition.js';
export type { DurationInput } from './schema/duration.js';
export type { GradeDimension, GradeLevel, GradesConfig } from './schema/grades.js';
export type { PipelineConfig, ScorerConfig, ValidPipelineConfig } from './schema/pipeline.js';
export { pipelineJsonSchema } from './schema/pipeline.js';
export type { QualifyConfig, ThresholdLevel, ThresholdsConfig } from './schema/qualify.js';
export type {
  RfmBinning,
  RfmFieldOptions,
  RfmScorerConfig,
  RfmThresholds,
  RfmTransactionOptions,
} from './schema/rfm.js';
export type { RfmGridSegmentsConfig, SegmentMapperConfig, SegmentRule } from './schema/segments.js';
export { type BehaviourComponentScore, formatPoints } from './scorers/behaviour/evaluate.js';
export { type FoldOptions, foldEvents } from './scorers/behaviour/fold.js';
export type { BehaviourState, LeadState } from './scorers/behaviour/state-types.js';
export {
  type AggregateOptions,
  createRfmAccumulator,
  type RecordPositions,
  type RfmAccumulator,
  type RfmFeatureTable,
  type RowProblem,
  type TransactionKeys,
  type TransactionRead,
} from './scorers/rfm/aggregate.js';
export type { PreparedTransactions, RfmComponentScore } from './scorers/rfm/compile.js';
export {
  type RfmFeatures,
  type RfmFromTransactionsOptions,
  type RfmFromTransactionsResult,
  rfmFromTransactions,
} from './scorers/rfm/features.js';
export { aggregateTransactions, type TransactionAggregator } from './scorers/rfm/prepare.js';
export { type RfmGridEntry, type RfmSegmentsOptions, rfmSegments } from './scorers/rfm/segments.js';
export { type AsOf, resolveAsOf } from './time/as-of.js';
export { dayOf } from './time/day.js';
export type { Duration } from './time/duration.js';
