import * as z from 'zod';
import { NameSchema } from './attributes.js';
import { FieldPathSchema } from './condition.js';

const Cuts = z.array(z.number().finite()).min(1).max(9);

/** The zod schema of the `rfm` scorer. */
export const RfmScorerSchema = z
  .strictObject({
    type: z.literal('rfm'),
    name: NameSchema,
    source: z.enum(['transactions', 'fields']).optional(),
    customerKey: z.string().min(1).max(200).optional(),
    dateKey: z.string().min(1).max(200).optional(),
    amountKey: z.string().min(1).max(200).optional(),
    orderKey: z.string().min(1).max(200).optional(),
    quantityKey: z.string().min(1).max(200).optional(),
    recency: FieldPathSchema.optional(),
    frequency: z.string().min(1).max(200).optional(),
    monetary: z.string().min(1).max(200).optional(),
    returns: z.enum(['net', 'ignore']).optional(),
    future: z.enum(['reject', 'ignore']).optional(),
    bins: z.number().int().min(2).max(10).optional(),
    ties: z.enum(['same', 'split']).optional(),
    method: z.enum(['quantiles', 'thresholds']).optional(),
    thresholds: z.strictObject({ recency: Cuts, frequency: Cuts, monetary: Cuts }).optional(),
  })
  .superRefine((s, ctx) => {
    const fromFields = s.source === 'fields' || (s.source === undefined && s.recency !== undefined);
    const issue = (path: (string | number)[], code: string, message: string): void => {
      ctx.addIssue({ code: 'custom', path, params: { code }, message });
    };
    if (fromFields) {
      for (const key of ['recency', 'frequency', 'monetary'] as const) {
        const field = s[key];
        if (field === undefined)
          issue([key], 'missing_field', `scoring from fields needs the field that holds ${key}`);
        else if (key !== 'recency' && !FieldPathSchema.safeParse(field).success)
          issue([key], 'forbidden_path', `"${field}" is not an allowed field path`);
      }
      for (const key of [
        'customerKey',
        'dateKey',
        'amountKey',
        'orderKey',
        'quantityKey',
        'returns',
        'future',
      ] as const) {
        if (s[key] !== undefined)
          issue([key], 'not_applicable', `"${key}" applies to transactions, not to fields`);
      }
    } else {
      if (s.recency !== undefined)
        issue(
          ['recency'],
          'not_applicable',
          'recency is computed from transactions: remove it, or set source: "fields"',
        );
      if (s.frequency !== undefined && !['transactions', 'days', 'orders'].includes(s.frequency)) {
        issue(
          ['frequency'],
          'invalid_value',
          `expected "transactions", "days" or "orders", got ${JSON.stringify(s.frequency)}`,
        );
      }
      if (s.monetary !== undefined && !['sum', 'mean'].includes(s.monetary)) {
        issue(['monetary'], 'invalid_value', `expected "sum" or "mean", got ${JSON.stringify(s.monetary)}`);
      }
      if (s.frequency === 'orders' && s.orderKey === undefined)
        issue(['orderKey'], 'missing_field', 'frequency "orders" needs the orderKey of the transactions');
    }
    const bins = s.bins ?? 5;
    if (s.method === 'thresholds') {
      if (s.thresholds === undefined)
        issue(
          ['thresholds'],
          'missing_field',
          'method "thresholds" needs cut points for recency, frequency and monetary',
        );
      else {
        for (const key of ['recency', 'frequency', 'monetary'] as const) {
          const cuts = s.thresholds[key];
          if (cuts.length !== bins - 1)
            issue(
              ['thresholds', key],
              'invalid_cuts',
              `expected ${bins - 1} cut points for ${bins} bins, got ${cuts.length}`,
            );
          if (cuts.some((c, i) => i > 0 && c <= (cuts[i - 1] as number)))
            issue(['thresholds', key], 'invalid_cuts', 'cut points must be strictly increasing');
        }
      }
    } else if (s.thresholds !== undefined) {
      issue(['thresholds'], 'not_applicable', 'thresholds apply with method: "thresholds"');
    }
  });

/**
 * Options of the `rfm` scorer fed by transactions (`scoreCustomers(customers, pipeline, { transactions })`).
 *
 * @example
 * const options: RfmTransactionOptions = { name: 'rfm', customerKey: 'customerId', dateKey: 'date', amountKey: 'amount', frequency: 'days' };
 */
export interface RfmTransactionOptions extends RfmBinning {
  /** The scorer's name (default in the builder: `rfm`). */
  readonly name: string;
  /** `transactions` (the default when no `recency` field is named). */
  readonly source?: 'transactions' | undefined;
  /** The transaction field holding the customer id (default `customerId`). */
  readonly customerKey?: string | undefined;
  /** The transaction field holding the purchase date (default `date`). */
  readonly dateKey?: string | undefined;
  /** The transaction field holding the amount (default `amount`; negative for a return). */
  readonly amountKey?: string | undefined;
  /** The transaction field holding the order id (needed by `frequency: 'orders'`). */
  readonly orderKey?: string | undefined;
  /**
   * The transaction field holding a quantity, for invoice-line exports (`Quantity` and `UnitPrice`): the
   * amount of a row is then `amountKey × quantityKey`, a negative quantity making it a return.
   */
  readonly quantityKey?: string | undefined;
  /** What frequency counts: rows (`transactions`, default), distinct purchase `days`, or distinct `orders`. */
  readonly frequency?: 'transactions' | 'days' | 'orders' | undefined;
  /** Monetary value: the `sum` (default) or the `mean` per frequency unit. */
  readonly monetary?: 'sum' | 'mean' | undefined;
  /** Negative amounts: subtracted from monetary (`net`, default) or left out (`ignore`). */
  readonly returns?: 'net' | 'ignore' | undefined;
  /** Purchases after `asOf`: rejected (default) or left out and counted (`ignore`). */
  readonly future?: 'reject' | 'ignore' | undefined;
  /** Not used with transactions. */
  readonly recency?: undefined;
}

/**
 * Options of the `rfm` scorer fed by fields already on the customer (data aggregated elsewhere).
 *
 * @example
 * const options: RfmFieldOptions = { name: 'rfm', recency: 'daysSinceLastOrder', frequency: 'orders', monetary: 'revenue' };
 */
export interface RfmFieldOptions extends RfmBinning {
  /** The scorer's name (default in the builder: `rfm`). */
  readonly name: string;
  /** `fields` (the default when `recency` is given). */
  readonly source?: 'fields' | undefined;
  /** The field holding the days since the last purchase (missing: no purchase). */
  readonly recency: string;
  /** The field holding the number of purchases. */
  readonly frequency: string;
  /** The field holding the monetary value. */
  readonly monetary: string;
}

/**
 * How RFM values become scores 1..bins.
 *
 * @example
 * const binning: RfmBinning = { bins: 5, ties: 'same', method: 'quantiles' };
 */
export interface RfmBinning {
  /** Number of scores per dimension, 2..10 (default 5). */
  readonly bins?: number | undefined;
  /** Quantile ties: equal values share a score (`same`, default), or equal-count bins (`split`, SQL `NTILE`). */
  readonly ties?: 'same' | 'split' | undefined;
  /** `quantiles` of the fitted population (default) or business `thresholds`. */
  readonly method?: 'quantiles' | 'thresholds' | undefined;
  /** Ascending cut points per dimension, `bins − 1` each, for `method: 'thresholds'`. */
  readonly thresholds?: RfmThresholds | undefined;
}

/**
 * Business cut points per dimension (ascending; `bins − 1` each). Recency: a value up to the first cut scores
 * best. Frequency and monetary: a value at or above the last cut scores best.
 *
 * @example
 * const cuts: RfmThresholds = { recency: [30, 90, 180, 365], frequency: [2, 3, 5, 10], monetary: [50, 100, 250, 1000] };
 */
export interface RfmThresholds {
  /** Recency cut points in days. */
  readonly recency: readonly number[];
  /** Frequency cut points. */
  readonly frequency: readonly number[];
  /** Monetary cut points. */
  readonly monetary: readonly number[];
}

/**
 * The `rfm` scorer as data.
 *
 * @example
 * const scorer: RfmScorerConfig = { type: 'rfm', name: 'rfm', bins: 5 };
 */
export interface RfmScorerConfig extends RfmBinning {
  /** Always `rfm`. */
  readonly type: 'rfm';
  /** The scorer's name. */
  readonly name: string;
  /** `transactions` (default) or `fields` (the default when `recency` is given). */
  readonly source?: 'transactions' | 'fields' | undefined;
  /** Transactions: field of the customer id (default `customerId`). */
  readonly customerKey?: string | undefined;
  /** Transactions: field of the purchase date (default `date`). */
  readonly dateKey?: string | undefined;
  /** Transactions: field of the amount (default `amount`). */
  readonly amountKey?: string | undefined;
  /** Transactions: field of the order id. */
  readonly orderKey?: string | undefined;
  /** Transactions: field of a quantity; the amount of a row is then `amountKey × quantityKey`. */
  readonly quantityKey?: string | undefined;
  /** Fields: the field holding the days since the last purchase. */
  readonly recency?: string | undefined;
  /** Transactions: `transactions`, `days` or `orders`. Fields: the field holding the number of purchases. */
  readonly frequency?: string | undefined;
  /** Transactions: `sum` or `mean`. Fields: the field holding the monetary value. */
  readonly monetary?: string | undefined;
  /** Transactions: `net` (default) or `ignore` negative amounts. */
  readonly returns?: 'net' | 'ignore' | undefined;
  /** Transactions: `reject` (default) or `ignore` purchases after asOf. */
  readonly future?: 'reject' | 'ignore' | undefined;
}

type Check<T extends { readonly type: 'rfm'; readonly name: string }> = T;
type _RfmCheck = Check<z.output<typeof RfmScorerSchema>>;
