import { describeValue } from '../../conditions/coerce.js';
import { compileFieldPath } from '../../conditions/field-path.js';
import { ConfigError } from '../../errors/errors.js';
import {
  type Batch,
  type BoundScorer,
  type CompiledScorer,
  NO_DETAIL,
  RecordFailure,
} from '../../pipeline/scorer.js';
import type { ComponentScore, Contribution, InputRecord, JsonValue } from '../../pipeline/types.js';
import type { RfmScorerConfig } from '../../schema/rfm.js';
import type { AsOf } from '../../time/as-of.js';
import {
  type AggregateOptions,
  aggregateRows,
  type RfmFeatureTable,
  type TransactionKeys,
} from './aggregate.js';
import { RfmComponent, RfmContribution } from './component.js';
import { compareIds } from './features.js';
import {
  DIMENSIONS,
  type Dimension,
  dimensionScore,
  fitDimension,
  fittedFromJson,
  fittedToJson,
  percentBetterThan,
  type RfmFitted,
} from './fitted.js';
import { moneyText } from './money.js';

/**
 * The RFM component of a scored record: the usual component fields plus the three scores, the code and the
 * raw values. `value = r + f + m`, `max = 3 × bins`, `normalized = (value − 3) / (3 × bins − 3)`.
 *
 * @example
 * const pipeline = definePipeline({ id: 'p', scorers: [rfm({ name: 'rfm' })] });
 * const transactions = [
 *   { customerId: 'a', date: '2025-12-31', amount: 10 },
 *   { customerId: 'a', date: '2025-12-01', amount: 10 },
 *   { customerId: 'b', date: '2025-06-30', amount: 5 },
 * ];
 * const run = scoreCustomers([{ id: 'a' }, { id: 'b' }], pipeline, { asOf: '2026-01-01', transactions });
 * const component = run.results[0]?.components.rfm as RfmComponentScore;
 * // With 2 customers the better one has rankMin 2: 1 + floor(5 × (2 − 1) / 2) = 3 in each dimension.
 * component.code // → '333'
 * component.recency // → 1
 */
export interface RfmComponentScore extends ComponentScore {
  /** Always `rfm`. */
  readonly type: 'rfm';
  /** Recency score, 1 (worst) … bins (best). */
  readonly r: number;
  /** Frequency score. */
  readonly f: number;
  /** Monetary score. */
  readonly m: number;
  /** The three scores written together, e.g. `'545'`. */
  readonly code: string;
  /** Whole days from the last purchase to asOf; `null` without any purchase. */
  readonly recency: number | null;
  /** Purchases counted. */
  readonly frequency: number;
  /** Monetary value. */
  readonly monetary: number;
}

/** The features of the records of a batch, one position per record. */
interface BatchFeatures {
  readonly state: Uint8Array;
  readonly recency: Float64Array;
  readonly frequency: Float64Array;
  readonly monetary: Float64Array;
}

/**
 * Fills `out` from the table's columns for records placed out of the table's order (`placed[i]`: record i's
 * position, as RfmFeatureTable `recordPositions` gives them), reading the columns in their order and writing
 * each value at its record's place: about twice as fast as reading them at the records' places (a read out of
 * order waits for memory, a write does not). Returns false, having written nothing but states of 1, when it
 * does not apply: positions in the table already ascending (read in order as they are), or one of them to be
 * looked up (-1) or shared by two records.
 */
function scatterPlaced(
  placed: Int32Array,
  has: (i: number) => boolean,
  table: Pick<RfmFeatureTable, 'hasPurchase' | 'recency' | 'frequency' | 'monetary'>,
  out: BatchFeatures,
): boolean {
  const n = placed.length;
  const { hasPurchase, recency, frequency, monetary } = table;
  const size = recency.length;
  // In order: the positions in the table ascending (those past it have no features to read).
  let ordered = true;
  for (let i = 0, last = -1; i < n && ordered; i++) {
    const p = placed[i] as number;
    if (p >= size) continue;
    ordered = p > last;
    last = p;
  }
  if (ordered) return false;
  // The record at each position (-1 for none).
  const recordAt = new Int32Array(size).fill(-1);
  for (let i = 0; i < n; i++) {
    const p = placed[i] as number;
    if (p < 0) return false;
    if (!has(i)) continue;
    // A listed customer without any taken row: no features.
    if (p >= size) out.state[i] = 1;
    else if (recordAt[p] !== -1) return false;
    else recordAt[p] = i;
  }
  for (let p = 0; p < size; p++) {
    const i = recordAt[p] as number;
    if (i < 0) continue;
    out.state[i] = hasPurchase[p] === 1 ? 2 : 1;
    out.recency[i] = recency[p] as number;
    out.frequency[i] = frequency[p] as number;
    out.monetary[i] = monetary[p] as number;
  }
  return true;
}

const UNIT: Record<string, [string, string]> = {
  transactions: ['purchase', 'purchases'],
  days: ['purchase day', 'purchase days'],
  orders: ['order', 'orders'],
  fields: ['purchase', 'purchases'],
};

/** The codes `'111'`…`'101010'`, made once and shared by every result: index `r · 121 + f · 11 + m`. */
const CODES: readonly string[] = (() => {
  const codes: string[] = [];
  for (let r = 1; r <= 10; r++)
    for (let f = 1; f <= 10; f++) for (let m = 1; m <= 10; m++) codes[r * 121 + f * 11 + m] = `${r}${f}${m}`;
  return codes;
})();

/** Compiles the `rfm` scorer. */
export function compileRfm(config: RfmScorerConfig): CompiledScorer {
  const name = config.name;
  const fromFields =
    config.source === 'fields' || (config.source === undefined && config.recency !== undefined);
  const bins = config.bins ?? 5;
  const ties = config.ties ?? 'same';
  const method = config.method ?? 'quantiles';
  const max = 3 * bins;
  const frequencyMode = fromFields ? 'fields' : (config.frequency ?? 'transactions');
  const monetaryMode = fromFields ? 'sum' : (config.monetary ?? 'sum');
  const [one, many] = UNIT[frequencyMode] ?? ['purchase', 'purchases'];
  const average = monetaryMode === 'mean' ? ` per ${one} on average` : ' spent';
  const aggregate: AggregateOptions = {
    frequency: (fromFields
      ? 'transactions'
      : (config.frequency ?? 'transactions')) as AggregateOptions['frequency'],
    monetary: monetaryMode as AggregateOptions['monetary'],
    returns: fromFields ? 'net' : (config.returns ?? 'net'),
    future: fromFields ? 'reject' : (config.future ?? 'reject'),
  };
  const keys: TransactionKeys = fromFields
    ? { customerKey: '', dateKey: '', amountKey: '' }
    : {
        customerKey: config.customerKey ?? 'customerId',
        dateKey: config.dateKey ?? 'date',
        amountKey: config.amountKey ?? 'amount',
        orderKey: config.orderKey,
        quantityKey: config.quantityKey,
      };
  const fieldGetters = fromFields
    ? DIMENSIONS.map((d) => ({
        d,
        path: (config[d] as string).split('.'),
        get: compileFieldPath(config[d] as string),
      }))
    : [];

  const noPurchase = (asOf: AsOf, monetary: number, explain: boolean): RfmComponentScore => {
    const detail: readonly Contribution[] = explain
      ? [
          { scorer: name, rule: 'R', points: 1, reason: `R=1: no purchase on or before ${asOf.date}` },
          { scorer: name, rule: 'F', points: 1, reason: `F=1: no ${one}` },
          { scorer: name, rule: 'M', points: 1, reason: `M=1: ${moneyText(monetary)} spent` },
        ]
      : NO_DETAIL;
    return new RfmComponent(name, 3, max, 0, detail, 1, 1, 1, '111', null, 0, monetary);
  };

  // The R and F contributions depend only on the score and the value (the percentage is a function of the
  // value), and a batch has few distinct recencies and frequencies: each is made once per batch, frozen and
  // shared, which saves a third of the allocations of a million results. Only whole values are cached:
  // `value · 16 + score` is then an exact, collision-free key.
  const shared = (
    cache: Map<number, Contribution>,
    rule: 'R' | 'F',
    value: number,
    score: number,
    text: (value: number, score: number) => string,
  ): Contribution => {
    const cacheable = Number.isInteger(value) && value >= 0 && value < 2 ** 40;
    const key = value * 16 + score;
    let contribution = cacheable ? cache.get(key) : undefined;
    if (contribution === undefined) {
      contribution = Object.freeze({ scorer: name, rule, points: score, reason: text(value, score) });
      if (cacheable) cache.set(key, contribution);
    }
    return contribution;
  };

  /**
   * The component of a customer with a purchase; `cache` holds the R and F contributions of the batch (none in
   * a run without explanations: no detail is made).
   */
  const component = (
    fitted: RfmFitted,
    recency: number,
    frequency: number,
    monetary: number,
    r: number,
    f: number,
    m: number,
    asOf: AsOf,
    cache: { readonly r: Map<number, Contribution>; readonly f: Map<number, Contribution> } | undefined,
  ): RfmComponentScore => {
    let detail: readonly Contribution[] = NO_DETAIL;
    if (cache !== undefined) {
      const rContribution = shared(cache.r, 'R', recency, r, (recency, r) => {
        const pr = percentBetterThan(fitted, 'recency', recency);
        const days = recency === 1 ? '1 day' : `${recency} days`;
        return `R=${r}: last purchase ${days} before ${asOf.date}, more recent than ${pr}% of customers`;
      });
      const fContribution = shared(cache.f, 'F', frequency, f, (frequency, f) => {
        const pf = percentBetterThan(fitted, 'frequency', frequency);
        return `F=${f}: ${frequency} ${frequency === 1 ? one : many}, more than ${pf}% of customers`;
      });
      const pm = percentBetterThan(fitted, 'monetary', monetary);
      // Not literals (see component.ts): a line and an array for every customer of an explained run. The
      // array by `new Array` (Array.of took 330 ms for a million).
      const lines = new Array<Contribution>(3);
      lines[0] = rContribution;
      lines[1] = fContribution;
      lines[2] = new RfmContribution(
        name,
        'M',
        m,
        `M=${m}: ${moneyText(monetary)}${average}, more than ${pm}% of customers`,
      );
      detail = lines;
    }
    const value = r + f + m;
    // Made by a constructor, not a literal: see component.ts.
    const code = CODES[r * 121 + f * 11 + m] ?? `${r}${f}${m}`;
    return new RfmComponent(
      name,
      value,
      max,
      (value - 3) / (max - 3),
      detail,
      r,
      f,
      m,
      code,
      recency,
      frequency,
      monetary,
    );
  };

  /**
   * Features of every record of the batch, by index, as columns: `state` is 0 for a record not scored, 1 for a
   * customer without any purchase (`monetary` then holds what its returns netted to), 2 with features.
   */
  const featuresOf = (batch: Batch): BatchFeatures => {
    const n = batch.records.length;
    const out: BatchFeatures = {
      state: new Uint8Array(n),
      recency: new Float64Array(n),
      frequency: new Float64Array(n),
      monetary: new Float64Array(n),
    };
    if (fromFields) {
      for (let i = 0; i < n; i++) {
        if (!batch.ids.has(i)) continue;
        const record = batch.records.at(i) as InputRecord;
        const values: number[] = [];
        let missing = false;
        let bad: { path: string[]; value: unknown } | undefined;
        for (const { path, get } of fieldGetters) {
          const v = get(record);
          if (v === undefined || v === null || v === '') missing = true;
          else {
            const num =
              typeof v === 'number' ? v : typeof v === 'string' && v.length <= 64 ? Number(v) : Number.NaN;
            if (!Number.isFinite(num)) bad ??= { path, value: v };
            values.push(num);
          }
        }
        if (bad !== undefined) {
          batch.rejectRecord({
            index: i,
            id: batch.ids.at(i) as string,
            path: bad.path,
            code: 'invalid_type',
            message: `expected a number, got ${describeValue(bad.value)}`,
          });
          continue;
        }
        if (missing) {
          out.state[i] = 1;
          continue;
        }
        const [recency, frequency, monetary] = values as [number, number, number];
        if (recency < 0) {
          batch.rejectRecord({
            index: i,
            id: batch.ids.at(i) as string,
            path: fieldGetters[0]?.path ?? [],
            code: 'invalid_value',
            message: `recency cannot be negative, got ${recency}`,
          });
          continue;
        }
        out.state[i] = 2;
        out.recency[i] = recency;
        out.frequency[i] = frequency;
        out.monetary[i] = monetary;
      }
      return out;
    }
    const table = transactionTable(batch);
    const ids = batch.ids;
    const byBytes = table.positionOfBytes !== undefined;
    // A table made for these very records tells where each one is: no id looked up (see recordPositions).
    const given = table.recordPositions;
    const placed =
      given !== undefined &&
      given.records === batch.records &&
      given.idKey === batch.idKey &&
      given.positions.length === n
        ? given.positions
        : undefined;
    if (placed !== undefined && scatterPlaced(placed, (i) => ids.has(i), table, out)) return out;
    const size = table.recency.length;
    // Read once: a table may make a column when first read (scorekit/node's makes hasPurchase so).
    const { hasPurchase, recency, frequency, monetary } = table;
    for (let i = 0; i < n; i++) {
      const place = placed === undefined ? -1 : (placed[i] as number);
      let t: number | undefined;
      // An ASCII id by its bytes when the table can (no text made), any other by its text.
      const start = place < 0 && byBytes ? ids.startOf(i) : -1;
      if (place >= 0) {
        if (!ids.has(i)) continue;
        t = place < size ? place : undefined;
      } else if (start >= 0) t = table.positionOfBytes?.(ids.bytes, start, ids.endOf(i));
      else {
        const id = ids.at(i);
        if (id === undefined) continue;
        t = table.positionOf(id);
      }
      if (t === undefined) out.state[i] = 1;
      else {
        out.state[i] = hasPurchase[t] === 1 ? 2 : 1;
        out.recency[i] = recency[t] as number;
        out.frequency[i] = frequency[t] as number;
        out.monetary[i] = monetary[t] as number;
      }
    }
    return out;
  };

  const transactionTable = (batch: Batch): RfmFeatureTable => {
    const given = batch.inputs.transactions;
    if (given === undefined) {
      throw new ConfigError('the run', [
        {
          code: 'missing_transactions',
          path: ['transactions'],
          message: `the rfm scorer "${name}" needs transactions: scoreCustomers(customers, pipeline, { asOf, transactions })`,
        },
      ]);
    }
    if (isFeatureTable(given)) {
      if (given.asOfDay !== batch.asOf.day || JSON.stringify(given.options) !== JSON.stringify(aggregate)) {
        throw new ConfigError('the run', [
          {
            code: 'incompatible_transactions',
            path: ['transactions'],
            message: `the aggregated transactions were made for another asOf or other options than the rfm scorer "${name}"`,
          },
        ]);
      }
      return given;
    }
    return aggregateRows(given, batch.asOf, aggregate, keys, (r) => batch.rejectInput(r));
  };

  return {
    name,
    type: 'rfm',
    population: true,
    bind(batch, stored): BoundScorer {
      const features = featuresOf(batch);
      let fitted = fittedFromJson(stored);
      if (stored !== undefined && fitted === undefined) {
        throw new ConfigError('the model', [
          { code: 'invalid_model', path: ['fitted', name], message: 'the fitted RFM state is damaged' },
        ]);
      }
      const scores = new Map<number, [number, number, number]>();
      if (fitted === undefined) {
        // Fit: the population is every record with a purchase, ranked per dimension.
        const state = features.state;
        let count = 0;
        for (let i = 0; i < state.length; i++) if (state[i] === 2) count++;
        // Every record a member (a customers file of buyers): the members are the records, their values the
        // feature columns themselves (no list of members, no copy of the frequency and monetary columns).
        const everyone = count === state.length;
        const members = everyone ? undefined : new Int32Array(count);
        if (members !== undefined)
          for (let i = 0, k = 0; i < state.length; i++) if (state[i] === 2) members[k++] = i;
        const memberAt = (k: number): number => (members === undefined ? k : (members[k] as number));
        // Tie-break for `split`: ascending customer id (`same` needs none: equal values share a score).
        const tieRanks = new Uint32Array(ties === 'split' ? count : 0);
        if (ties === 'split') {
          const byId = Array.from({ length: count }, (_, k) => k).sort((a, b) =>
            compareIds(batch.ids.at(memberAt(a)) as string, batch.ids.at(memberAt(b)) as string),
          );
          byId.forEach((k, rank) => {
            tieRanks[k] = rank;
          });
        }
        const cuts = {} as Record<Dimension, number[]>;
        const percentiles = {} as Record<Dimension, number[]>;
        const dimScores = {} as Record<Dimension, Uint8Array | undefined>;
        // One array of values for the three dimensions in turn (fitDimension keeps none of it): a million
        // members' values are 8 MB, which the garbage collector would otherwise hold three times over.
        const values = new Float64Array(count);
        for (const d of DIMENSIONS) {
          const column = features[d];
          const sign = d === 'recency' ? -1 : 1;
          let better: Float64Array = values;
          if (members !== undefined)
            for (let k = 0; k < count; k++) values[k] = sign * (column[members[k] as number] as number);
          else if (sign === 1) better = column;
          else for (let k = 0; k < count; k++) values[k] = -(column[k] as number);
          const out = fitDimension(d, better, tieRanks, bins, ties);
          cuts[d] = method === 'thresholds' ? [...(config.thresholds?.[d] ?? [])] : out.cuts;
          percentiles[d] = out.percentiles;
          dimScores[d] = out.scores;
        }
        fitted = { population: count, bins, ties, method, cuts, percentiles };
        if (method === 'quantiles' && ties === 'split') {
          // NTILE positions are known only in the batch: keep them for the fitted customers.
          for (let k = 0; k < count; k++)
            scores.set(memberAt(k), [
              dimScores.recency?.[k] as number,
              dimScores.frequency?.[k] as number,
              dimScores.monetary?.[k] as number,
            ]);
        }
      }
      const model = fitted;
      const scoreR = dimensionScore(model, 'recency');
      const scoreF = dimensionScore(model, 'frequency');
      const scoreM = dimensionScore(model, 'monetary');
      const cache = batch.explain
        ? { r: new Map<number, Contribution>(), f: new Map<number, Contribution>() }
        : undefined;
      return {
        fitted: fittedToJson(model),
        readsRecord: false,
        score(_record, index): ComponentScore {
          const state = features.state[index];
          if (state === 0 || state === undefined)
            throw new RecordFailure([], 'invalid_record', 'the record was not prepared for RFM');
          if (state === 1) return noPurchase(batch.asOf, features.monetary[index] as number, batch.explain);
          const recency = features.recency[index] as number;
          const frequency = features.frequency[index] as number;
          const monetary = features.monetary[index] as number;
          const known = scores.size === 0 ? undefined : scores.get(index);
          return component(
            model,
            recency,
            frequency,
            monetary,
            known?.[0] ?? scoreR(recency),
            known?.[1] ?? scoreF(frequency),
            known?.[2] ?? scoreM(monetary),
            batch.asOf,
            cache,
          );
        },
      };
    },
  };
}

/** Transactions already aggregated (e.g. while a CSV file was read), with what they were made for. */
export interface PreparedTransactions extends RfmFeatureTable {
  /** The asOf day the table was made for. */
  readonly asOfDay: number;
  /** The options it was made with. */
  readonly options: AggregateOptions;
}

function isFeatureTable(value: unknown): value is PreparedTransactions {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    (value as { recency?: unknown }).recency instanceof Int32Array
  );
}

export type { JsonValue };
