// Preparing a run of `score` or `fit`: the pipeline (or model) and asOf, the checks of the input files before any
// row is read (missing files, columns, side inputs the pipeline needs or refuses), then the reading itself.
import { ConfigError, definePipeline, type Model, type Pipeline, scoreCustomers } from 'scorekit';
import type { TextEncoding } from '../node/decode.js';
import {
  customerColumns,
  eventColumns,
  eventScorers,
  type NeededColumn,
  transactionColumns,
  transactionScorer,
} from './columns.js';
import { loadModelFile, loadPipelineFile } from './config.js';
import { CliError } from './errors.js';
import { foundCustomers, type IdSource, sortIds } from './found-customers.js';
import {
  idOf,
  type KeptRows,
  KnownCustomers,
  mustExist,
  readCustomers,
  readEvents,
  readTransactions,
  recordIds,
  requireColumns,
  type TransactionsRead,
  type Unmatched,
} from './inputs.js';
import type { Progress } from './progress.js';
import { collectYoung } from './young-collection.js';

/** The options of `score` and `fit`. */
export interface ScoreCommand {
  readonly config?: string | undefined;
  readonly model?: string | undefined;
  /** The customers file; without it, the customers of the transactions file are scored. */
  readonly customers: string | undefined;
  readonly transactions?: string | undefined;
  readonly events?: string | undefined;
  readonly asOf?: string | undefined;
  readonly out: string;
  readonly report?: string | undefined;
  readonly rejected?: string | undefined;
  readonly delimiter?: string | undefined;
  readonly decimal?: '.' | ',' | undefined;
  readonly encoding?: TextEncoding | undefined;
  readonly outDelimiter?: string | undefined;
  /** The columns of the scores file, in this order (default: all); `score` only. */
  readonly columns?: readonly string[] | undefined;
  readonly onInvalid: 'reject' | 'fail';
  /** Threads reading a CSV transactions file (see aggregateTransactionsFile's `threads`). */
  readonly threads?: 1 | 2 | undefined;
  readonly locale: 'en' | 'fr';
}

/** The pipeline (or model) and the reference date of a run. */
export interface Scoring {
  readonly pipeline: Pipeline;
  readonly model: Model | undefined;
  readonly asOf: string | undefined;
}

const NEEDS_AS_OF = 'this pipeline reads dates: give the reference date with --as-of YYYY-MM-DD';

/** The core's refusal of a run's asOf (missing for a pipeline that reads dates, or not a date), in one line. */
export function asOfError(error: unknown): CliError | undefined {
  if (!(error instanceof ConfigError)) return undefined;
  const issue = error.issues.find((i) => i.code === 'missing_as_of' || i.path[0] === 'asOf');
  if (issue === undefined) return undefined;
  return new CliError(issue.code === 'missing_as_of' ? NEEDS_AS_OF : `--as-of: ${issue.message}`);
}

/**
 * Checks the run's asOf before any file is read, by scoring no record: the core refuses a pipeline that reads
 * dates without asOf (it never guesses "now"), and an asOf that is not a date. It checks asOf before anything
 * else, so what it says about the (absent) side inputs of this empty run is not looked at.
 */
function checkAsOf(scoring: Pipeline | Model, asOf: string | undefined): void {
  try {
    scoreCustomers([], scoring, asOf === undefined ? {} : { asOf });
  } catch (error) {
    const refusal = asOfError(error);
    if (refusal !== undefined) throw refusal;
  }
}

/** Loads the config or the model, and checks asOf (given, the model's, or not needed). */
export async function loadScoring(options: ScoreCommand): Promise<Scoring> {
  if ((options.config === undefined) === (options.model === undefined))
    throw new CliError('give either --config or --model');
  let pipeline: Pipeline;
  let model: Model | undefined;
  if (options.model !== undefined) {
    model = await loadModelFile(options.model);
    pipeline = definePipeline(model.pipeline);
  } else pipeline = await loadPipelineFile(options.config as string);
  const asOf = options.asOf ?? model?.asOf;
  if (asOf !== undefined && !/^\d{4}-\d{2}-\d{2}(T.*)?$/.test(asOf))
    throw new CliError(`--as-of: expected a date such as 2026-01-01, got "${asOf}"`);
  checkAsOf(model ?? pipeline, asOf);
  return { pipeline, model, asOf };
}

/** The columns each input needs, checked on CSV headers before any row is read. */
export interface Needs {
  readonly customers: NeededColumn[];
  readonly transactions: NeededColumn[];
  readonly events: NeededColumn[];
}

/**
 * Checks the input files before any row is read: they exist, their CSV headers have the columns the pipeline
 * reads, and the side inputs match the scorers (an rfm scorer fed by transactions needs --transactions; events
 * without a behaviour scorer are refused; a behaviour scorer without --events gets a warning, and 0 points).
 */
export async function checkInputs(
  options: ScoreCommand,
  pipeline: Pipeline,
  warn: (line: string) => void,
): Promise<Needs> {
  const csv = { delimiter: options.delimiter, decimal: options.decimal, encoding: options.encoding };
  const needs: Needs = { customers: customerColumns(pipeline), transactions: [], events: [] };
  const rfm = transactionScorer(pipeline);
  if (options.customers === undefined) {
    // Without a customers file, the customers are those of the transactions file: only their id is known.
    if (options.transactions === undefined || rfm === undefined)
      throw new CliError(
        'missing --customers (it can be left out with --transactions, for a pipeline that reads only transactions)',
      );
    const read = needs.customers.slice(1);
    if (read.length > 0)
      throw new CliError(
        `--customers is needed: ${read.map((n) => `"${n.column}" (${n.why})`).join(', ')} ${read.length === 1 ? 'is a column' : 'are columns'} of the customers, not of the transactions`,
      );
  } else {
    await mustExist(options.customers, 'customers');
    await requireColumns(options.customers, needs.customers, csv);
  }
  if (rfm !== undefined && options.transactions === undefined)
    throw new CliError(
      `the rfm scorer "${rfm.name}" needs --transactions (columns ${rfm.customerKey ?? 'customerId'}, ${rfm.dateKey ?? 'date'}, ${rfm.amountKey ?? 'amount'})`,
    );
  if (options.transactions !== undefined) {
    if (rfm === undefined)
      throw new CliError('--transactions: this pipeline has no rfm scorer fed by transactions');
    await mustExist(options.transactions, 'transactions');
    needs.transactions.push(...transactionColumns(rfm));
    await requireColumns(options.transactions, needs.transactions, csv);
  }
  const behaviour = eventScorers(pipeline);
  if (options.events !== undefined) {
    if (behaviour.length === 0)
      throw new CliError("--events: this pipeline has no behaviour scorer that reads the run's events");
    await mustExist(options.events, 'events');
    needs.events.push(...eventColumns(behaviour));
    await requireColumns(options.events, needs.events, csv);
  } else if (behaviour.length > 0) {
    const names = behaviour.map((s) => `"${s.name}"`).join(', ');
    const which = behaviour.length === 1 ? `scorer ${names} reads` : `scorers ${names} read`;
    warn(`warning: no --events given: the behaviour ${which} events, so every lead gets 0 engagement`);
  }
  return needs;
}

/** Rows of the events file for leads that are not in the customers file. */
function unmatchedEvents(
  events: readonly Record<string, unknown>[],
  keys: readonly string[],
  known: ReadonlySet<string>,
): Unmatched {
  const unmatched: Unmatched = { rows: 0, ids: new Set() };
  for (const event of events) {
    const ids = keys.map((k) => (Object.hasOwn(event, k) ? idOf(event[k]) : undefined));
    const first = ids.find((id) => id !== undefined);
    if (first !== undefined && ids.every((id) => id === undefined || !known.has(id))) {
      unmatched.rows++;
      unmatched.ids.add(first);
    }
  }
  return unmatched;
}

/** Everything read from the input files. */
export interface Inputs {
  readonly customers: KeptRows;
  readonly transactions?: TransactionsRead;
  readonly events?: KeptRows<Record<string, unknown>[]> & { readonly unmatched: Unmatched };
}

/**
 * Reads the customers while the transactions are aggregated (a CSV transactions file of two threads starts
 * at once: its worker reads while this thread reads the customers), then reads the events, counting the rows
 * of transactions and events that name nobody in the customers file.
 */
export async function readInputs(
  options: ScoreCommand,
  scoring: Scoring,
  needs: Needs,
  progress: Progress,
): Promise<Inputs> {
  const read = {
    delimiter: options.delimiter,
    decimal: options.decimal,
    encoding: options.encoding,
    failFast: options.onInvalid === 'fail',
    threads: options.threads,
    progress,
  };
  const idKey = scoring.pipeline.config.idKey ?? 'id';
  const rfm = transactionScorer(scoring.pipeline);
  const transactionsOf = (known: KnownCustomers | Promise<KnownCustomers> | undefined) =>
    options.transactions === undefined || rfm === undefined
      ? undefined
      : readTransactions(
          options.transactions,
          scoring.pipeline,
          rfm,
          scoring.asOf as string,
          known,
          needs.transactions,
          read,
          options.customers,
        );
  let customers: Inputs['customers'];
  let transactions: Inputs['transactions'];
  let known: KnownCustomers;
  if (options.customers === undefined) {
    // The customers of the transactions file, by id (ids order the same whatever the order of the rows).
    transactions = await transactionsOf(undefined);
    // The tables of the transactions, given back, freed before the ids are sorted (see young-collection.ts).
    collectYoung();
    const table = transactions?.table;
    // Their ids as bytes (no million strings made for RFM alone); as texts when read.
    const ids: IdSource = {
      length: table?.recency.length ?? 0,
      bytesInto: table?.idBytesInto,
      texts: () => table?.ids ?? [],
    };
    const sorted = sortIds(ids);
    const { order } = sorted;
    const records = foundCustomers(ids, sorted, idKey);
    // The table's positions are the records': it says where each one is (not spread: its ids are a getter).
    if (table !== undefined) Object.assign(table, { recordPositions: { records, idKey, positions: order } });
    customers = { records, lines: [], bad: [] };
    known = new KnownCustomers({ length: order.length, at: (i) => ids.texts()[order[i] as number] });
  } else {
    // The transactions file is started at once (a worker thread reads its end while the customers are read).
    const reading = readCustomers(options.customers, needs.customers, read);
    const knownLater = reading.then((read) => new KnownCustomers(recordIds(read.records, idKey)));
    // (All three awaited together: a failure of one is never left unhandled.)
    [customers, known, transactions] = await Promise.all([reading, knownLater, transactionsOf(knownLater)]);
  }
  const inputs: { -readonly [K in keyof Inputs]: Inputs[K] } = { customers };
  if (transactions !== undefined) inputs.transactions = transactions;
  if (options.events !== undefined) {
    const events = await readEvents(options.events, needs.events, read);
    const keys = eventScorers(scoring.pipeline).map((s) => s.customerKey ?? 'customerId');
    inputs.events = { ...events, unmatched: unmatchedEvents(events.records, keys, known.set) };
  }
  return inputs;
}
