import { ConfigError, type Rejection } from '../../errors/errors.js';
import type { Pipeline } from '../../pipeline/define.js';
import type { FieldMap, InputRecord } from '../../pipeline/types.js';
import type { RfmScorerConfig } from '../../schema/rfm.js';
import { resolveAsOf } from '../../time/as-of.js';
import { type AggregateOptions, createRfmAccumulator } from './aggregate.js';
import type { PreparedTransactions } from './compile.js';

/**
 * A streaming aggregator of transaction rows for the RFM scorer of a pipeline: add rows as they are read,
 * then pass `finish()` as `transactions` to `scoreCustomers` or `model.score`.
 *
 * @example
 * const pipeline = definePipeline({ id: 'p', scorers: [rfm()] });
 * const aggregator: TransactionAggregator = aggregateTransactions(pipeline, { asOf: '2026-01-01' });
 */
export interface TransactionAggregator {
  /** Adds one row; returns its rejection (with `index` and `source`) when it is bad, else `undefined`. */
  add(row: InputRecord, index: number): Rejection | undefined;
  /** The aggregated transactions. */
  finish(): PreparedTransactions;
}

const hasOwn = Object.prototype.hasOwnProperty;
function read(row: InputRecord, key: string | undefined): unknown {
  return key !== undefined && hasOwn.call(row, key) ? (row as FieldMap)[key] : undefined;
}

/**
 * Aggregates transactions for the RFM scorer of `pipeline` while they are read, so that a file of millions
 * of rows is never held as objects. Uses the scorer's own keys and options; the result is accepted by
 * `scoreCustomers(customers, pipeline, { asOf, transactions: aggregator.finish() })` for the same asOf.
 *
 * @example
 * const pipeline = definePipeline({ id: 'p', scorers: [rfm()] });
 * const aggregator = aggregateTransactions(pipeline, { asOf: '2026-01-01' });
 * aggregator.add({ customerId: 'a', date: '2025-12-30', amount: '12.50' }, 0);
 * const run = scoreCustomers([{ id: 'a' }], pipeline, { asOf: '2026-01-01', transactions: aggregator.finish() });
 * (run.results[0]?.components.rfm as RfmComponentScore).recency // → 2
 */
export function aggregateTransactions(
  pipeline: Pipeline,
  options: { readonly asOf: string | Date | number; readonly scorer?: string },
): TransactionAggregator {
  const scorer = pipeline.config.scorers.find(
    (s): s is RfmScorerConfig =>
      s.type === 'rfm' && (options.scorer === undefined || s.name === options.scorer),
  );
  if (scorer === undefined || scorer.source === 'fields' || scorer.recency !== undefined) {
    throw new ConfigError(`the pipeline "${pipeline.id}"`, [
      { code: 'no_rfm_scorer', path: ['scorers'], message: 'it has no rfm scorer fed by transactions' },
    ]);
  }
  const asOf = resolveAsOf(options.asOf, pipeline.config.timeZone ?? 'UTC');
  const aggregate: AggregateOptions = {
    frequency: (scorer.frequency ?? 'transactions') as AggregateOptions['frequency'],
    monetary: (scorer.monetary ?? 'sum') as AggregateOptions['monetary'],
    returns: scorer.returns ?? 'net',
    future: scorer.future ?? 'reject',
  };
  const keys = {
    customerKey: scorer.customerKey ?? 'customerId',
    dateKey: scorer.dateKey ?? 'date',
    amountKey: scorer.amountKey ?? 'amount',
    orderKey: scorer.orderKey,
    quantityKey: scorer.quantityKey,
  };
  const acc = createRfmAccumulator(asOf, aggregate, keys);
  return {
    add(row, index) {
      const bad = acc.add(
        read(row, keys.customerKey),
        read(row, keys.dateKey),
        read(row, keys.amountKey),
        read(row, keys.orderKey),
        read(row, keys.quantityKey),
      );
      return bad === undefined ? undefined : { ...bad, index, source: 'transactions' };
    },
    finish: () => ({ ...acc.finish(), asOfDay: asOf.day, options: aggregate }),
  };
}
