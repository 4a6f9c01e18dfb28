import type { ScoringRun } from '../pipeline/score-customers.js';
import type { ScoredRecord, Segment } from '../pipeline/types.js';
import { columnsOf, type ResultColumns } from './result-columns.js';

/**
 * One cell of the R × F grid.
 *
 * @example
 * const cell: HeatmapCell = { r: 5, f: 5, customers: 120, share: 0.05, meanMonetary: 310.5, segment: { key: 'champions', label: 'Champions', color: '#1a7f37' } };
 */
export interface HeatmapCell {
  /** Recency score. */
  readonly r: number;
  /** Frequency score. */
  readonly f: number;
  /** Customers in the cell. */
  readonly customers: number;
  /** Share of the scored customers, 0..1. */
  readonly share: number;
  /** Mean monetary value of the cell's customers, `null` when empty. */
  readonly meanMonetary: number | null;
  /** The segment of the cell's customers (the most common one), `null` when empty or unsegmented. */
  readonly segment: Pick<Segment, 'key' | 'label' | 'color'> | null;
}

/**
 * The R × F grid of a run: customers and mean monetary value per cell, and each cell's segment.
 *
 * @example
 * const heatmap: RfmHeatmap = { kind: 'rfmHeatmap', scorer: 'rfm', bins: 2, customers: 0, cells: [] };
 */
export interface RfmHeatmap {
  /** Always `rfmHeatmap`. */
  readonly kind: 'rfmHeatmap';
  /** Name of the RFM scorer. */
  readonly scorer: string;
  /** Bins per dimension. */
  readonly bins: number;
  /** Customers with an RFM component. */
  readonly customers: number;
  /** `bins × bins` cells, R from high to low, then F from low to high. */
  readonly cells: readonly HeatmapCell[];
}

/**
 * The R × F heatmap of a run's RFM component (the first one, or the scorer named).
 *
 * @example
 * const pipeline = definePipeline({ id: 'p', scorers: [rfm()], segment: rfmSegments() });
 * const run = scoreCustomers([{ id: 'a' }], pipeline, { asOf: '2026-01-01', transactions: [{ customerId: 'a', date: '2025-12-01', amount: 30 }] });
 * rfmHeatmap(run).cells.find((c) => c.customers > 0) // → { r: 1, f: 1, customers: 1, share: 1, meanMonetary: 30, segment: { key: 'hibernating', label: 'Hibernating', color: '#8c959f' } }
 */
export function rfmHeatmap(
  run: ScoringRun,
  options: { readonly scorer?: string; readonly columns?: ResultColumns | undefined } = {},
): RfmHeatmap {
  const config = run.model.pipeline.scorers.find(
    (s) => s.type === 'rfm' && (options.scorer === undefined || s.name === options.scorer),
  );
  if (config === undefined || config.type !== 'rfm') throw new TypeError('the run has no RFM scorer');
  return heatmapOfColumns(options.columns ?? columnsOf(run.results), config.name, config.bins ?? 5);
}

/**
 * The R × F heatmap of results read back from a file, for the RFM component `name` with `bins` bins.
 *
 * @example
 * heatmapOfResults([], 'rfm', 5).cells.length // → 25
 */
export function heatmapOfResults(results: readonly ScoredRecord[], name: string, bins: number): RfmHeatmap {
  return heatmapOfColumns(columnsOf(results), name, bins);
}

function heatmapOfColumns(columns: ResultColumns, name: string, bins: number): RfmHeatmap {
  const cells = new Map<
    string,
    {
      customers: number;
      monetary: number;
      segments: Map<string, { n: number; label: string; color: string }>;
    }
  >();
  let total = 0;
  const rfm = columns.components.find((c) => c.name === name);
  for (let i = 0; i < columns.size; i++) {
    if (rfm === undefined || Number.isNaN(rfm.value[i] as number) || rfm.rfm === undefined) continue;
    total++;
    const key = `${rfm.rfm.r[i]}:${rfm.rfm.f[i]}`;
    const cell = cells.get(key) ?? { customers: 0, monetary: 0, segments: new Map() };
    cell.customers++;
    cell.monetary += rfm.rfm.monetary[i] as number;
    const k = (columns.segmentCode[i] as number) - 1;
    if (k >= 0) {
      const segment = columns.segments[k] as Segment;
      const s = cell.segments.get(segment.key) ?? { n: 0, label: segment.label, color: segment.color };
      s.n++;
      cell.segments.set(segment.key, s);
    }
    cells.set(key, cell);
  }
  const out: HeatmapCell[] = [];
  for (let r = bins; r >= 1; r--) {
    for (let f = 1; f <= bins; f++) {
      const cell = cells.get(`${r}:${f}`);
      let segment: HeatmapCell['segment'] = null;
      if (cell !== undefined) {
        let best = -1;
        for (const [key, s] of [...cell.segments].sort(([a], [b]) => (a < b ? -1 : 1))) {
          if (s.n > best) {
            best = s.n;
            segment = { key, label: s.label, color: s.color };
          }
        }
      }
      out.push({
        r,
        f,
        customers: cell?.customers ?? 0,
        share: total === 0 ? 0 : (cell?.customers ?? 0) / total,
        meanMonetary: cell === undefined ? null : cell.monetary / cell.customers,
        segment,
      });
    }
  }
  return { kind: 'rfmHeatmap', scorer: name, bins, customers: total, cells: out };
}
