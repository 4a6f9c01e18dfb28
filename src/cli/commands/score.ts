import { writeFile } from 'node:fs/promises';
import {
  csvCell,
  definePipeline,
  type Model,
  type Pipeline,
  type PreparedTransactions,
  RecordError,
  type Report,
  rfmHeatmap,
  type ScoringRun,
  scoreCustomers,
  summarize,
  toHtml,
  toMarkdown,
} from 'scorekit';
import { writeLines, writeScored } from '../../node/write.js';
import { customerColumns } from '../columns.js';
import { loadModelFile, loadPipelineFile } from '../config.js';
import { CliError, EXIT } from '../errors.js';
import {
  type BadRow,
  failOn,
  mustExist,
  readCustomers,
  readTransactions,
  requireColumns,
  transactionScorer,
} from '../inputs.js';
import type { Progress } from '../progress.js';

/** The options of `score` and `fit`. */
export interface ScoreCommand {
  readonly config?: string | undefined;
  readonly model?: string | undefined;
  readonly customers: string;
  readonly transactions?: string | undefined;
  readonly events?: string | undefined;
  readonly asOf?: string | undefined;
  readonly out: string;
  readonly report?: string | undefined;
  readonly rejected?: string | undefined;
  readonly delimiter?: string | undefined;
  readonly decimal?: '.' | ',' | undefined;
  readonly onInvalid: 'reject' | 'fail';
  readonly locale: 'en' | 'fr';
}

/** Runs `score` (or `fit` with `mode: 'fit'`): reads, scores, writes; returns the text to print. */
export async function runScore(
  options: ScoreCommand,
  progress: Progress,
  mode: 'score' | 'fit',
): Promise<string> {
  if ((options.config === undefined) === (options.model === undefined))
    throw new CliError('give either --config or --model');
  let pipeline: Pipeline;
  let model: Model | undefined;
  if (options.model !== undefined) {
    model = await loadModelFile(options.model);
    pipeline = definePipeline(model.pipeline);
  } else pipeline = await loadPipelineFile(options.config as string);
  const asOf = options.asOf ?? model?.asOf;
  if (asOf === undefined) throw new CliError('give the reference date with --as-of YYYY-MM-DD');
  if (!/^\d{4}-\d{2}-\d{2}(T.*)?$/.test(asOf))
    throw new CliError(`--as-of: expected a date such as 2026-01-01, got "${asOf}"`);
  if (options.events !== undefined)
    throw new CliError('--events: this pipeline has no behaviour scorer to read events');

  await mustExist(options.customers, 'customers');
  const csv = { delimiter: options.delimiter, decimal: options.decimal };
  await requireColumns(options.customers, customerColumns(pipeline), csv);
  const rfm = transactionScorer(pipeline);
  if (rfm !== undefined && options.transactions === undefined) {
    throw new CliError(
      `the rfm scorer "${rfm.name}" needs --transactions (columns ${rfm.customerKey ?? 'customerId'}, ${rfm.dateKey ?? 'date'}, ${rfm.amountKey ?? 'amount'})`,
    );
  }
  if (options.transactions !== undefined) {
    if (rfm === undefined)
      throw new CliError('--transactions: this pipeline has no rfm scorer fed by transactions');
    await mustExist(options.transactions, 'transactions');
    const keys = [
      { column: rfm.customerKey ?? 'customerId', why: 'customerKey of the rfm scorer' },
      { column: rfm.dateKey ?? 'date', why: 'dateKey of the rfm scorer' },
      { column: rfm.amountKey ?? 'amount', why: 'amountKey of the rfm scorer' },
      ...(rfm.orderKey === undefined ? [] : [{ column: rfm.orderKey, why: 'orderKey of the rfm scorer' }]),
    ];
    await requireColumns(options.transactions, keys, csv);
  }

  const failFast = options.onInvalid === 'fail';
  const read = { ...csv, failFast, progress };
  const customers = await readCustomers(options.customers, read);
  const bad: BadRow[] = [...customers.bad];
  let transactionRows = 0;
  let transactions: PreparedTransactions | undefined;
  if (options.transactions !== undefined) {
    const t = await readTransactions(options.transactions, pipeline, asOf, read);
    transactions = t.table;
    transactionRows = t.rows;
    bad.push(...t.bad);
  }

  let run: ScoringRun;
  try {
    run = scoreCustomers(customers.records, model ?? pipeline, {
      asOf,
      transactions,
      onInvalid: failFast ? 'throw' : 'reject',
    });
  } catch (error) {
    if (error instanceof RecordError) {
      const r = error.rejection;
      failOn({
        file: options.customers,
        line: customers.lines[r.index] ?? 0,
        id: r.id,
        column: String(r.path[0] ?? ''),
        code: r.code,
        message: r.message,
      });
    }
    throw error;
  }
  for (const r of run.rejected) {
    bad.push({
      file: options.customers,
      line: customers.lines[r.index] ?? 0,
      id: r.id,
      column: String(r.path[0] ?? ''),
      code: r.code,
      message: r.message,
    });
  }

  if (mode === 'fit') await writeFile(options.out, `${JSON.stringify(run.model, null, 2)}\n`);
  else await writeScored(options.out, run.results);
  const files = [options.customers, options.transactions];
  bad.sort((a, b) => files.indexOf(a.file) - files.indexOf(b.file) || a.line - b.line);
  if (options.rejected !== undefined) {
    const header = ['file', 'line', 'id', 'column', 'code', 'message'];
    await writeLines(options.rejected, [
      `${header.join(',')}\r\n`,
      ...bad.map(
        (b) =>
          `${[b.file, b.line, b.id ?? null, b.column, b.code, b.message].map((c) => csvCell(c)).join(',')}\r\n`,
      ),
    ]);
  }
  const summary = summarize(run);
  if (options.report !== undefined) {
    const reports: Report[] = [summary];
    if (run.model.pipeline.scorers.some((s) => s.type === 'rfm')) reports.push(rfmHeatmap(run));
    await writeFile(options.report, toHtml(reports, { locale: options.locale }));
  }

  const customerRows = customers.records.length + customers.bad.length;
  const lines = [
    toMarkdown(summary, { locale: options.locale }),
    '',
    `customers: ${customerRows} rows in = ${run.results.length} scored + ${customerRows - run.results.length} rejected`,
  ];
  if (options.transactions !== undefined)
    lines.push(
      `transactions: ${transactionRows} rows read, ${bad.filter((b) => b.file === options.transactions).length} rejected`,
    );
  lines.push(`${mode === 'fit' ? 'model' : 'scores'} written to ${options.out}`);
  if (options.rejected !== undefined) lines.push(`rejected rows written to ${options.rejected}`);
  else if (bad.length > 0) lines.push(`${bad.length} rejected rows: add --rejected rejected.csv to see them`);
  if (options.report !== undefined) lines.push(`board written to ${options.report}`);
  return lines.join('\n');
}

export { EXIT };
