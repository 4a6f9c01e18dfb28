import { writeFile } from 'node:fs/promises';
import {
  gradeMatrix,
  RecordError,
  type Rejection,
  type Report,
  ResultColumns,
  rfmHeatmap,
  type ScoredRecord,
  type ScoringRun,
  scoreCustomers,
  summarize,
  toHtml,
  toMarkdown,
} from 'scorekit';
import { pipelineColumns, ScoredFileWriter, unknownColumns } from '../../node/write.js';
import { CliError } from '../errors.js';
import { type BadRow, failOn } from '../inputs.js';
import { outputDialect, sortBadRows, writeOutput, writeRejected } from '../output.js';
import {
  asOfError,
  checkInputs,
  type Inputs,
  loadScoring,
  readInputs,
  type ScoreCommand,
  type Scoring,
} from '../prepare.js';
import type { Progress } from '../progress.js';
import { collectYoung } from '../young-collection.js';

export type { ScoreCommand };

/** A rejection of the core, as a rejected row of the file it comes from. */
function badRowOf(r: Rejection, options: ScoreCommand, inputs: Inputs): BadRow {
  const source = r.source ?? 'customers';
  // Transactions are aggregated while read, so the core sees no transaction row: only their reader rejects them.
  const file = {
    customers: options.customers ?? options.transactions,
    transactions: options.transactions,
    events: options.events,
  };
  const lines =
    source === 'events' ? inputs.events?.lines : source === 'customers' ? inputs.customers.lines : [];
  return {
    source,
    file: file[source] ?? '',
    line: lines?.[r.index] ?? 0,
    id: r.id,
    column: r.path.join('.'),
    code: r.code,
    message: r.message,
  };
}

/**
 * Scores the customers, handing each result to `onResult` as it is made: the results are written out and
 * kept only as columns for the board, since a million results with their explanations take a gigabyte. The
 * transaction table's memory is given back when the first result comes out (the core has read it by then,
 * see `ScoreOptions.onResult`): its features and ids (60 MB for a million customers) are not held through
 * the scoring.
 */
function score(
  options: ScoreCommand,
  scoring: Scoring,
  inputs: Inputs,
  explain: boolean,
  onResult: (result: ScoredRecord) => void,
): ScoringRun {
  let first = true;
  try {
    return scoreCustomers(inputs.customers.records, scoring.model ?? scoring.pipeline, {
      ...(scoring.asOf === undefined ? {} : { asOf: scoring.asOf }),
      transactions: inputs.transactions?.table,
      events: inputs.events?.records,
      onInvalid: options.onInvalid === 'fail' ? 'throw' : 'reject',
      explain,
      onResult: (result) => {
        if (first) inputs.transactions?.release();
        first = false;
        onResult(result);
      },
    });
  } catch (error) {
    if (error instanceof RecordError) failOn(badRowOf(error.rejection, options, inputs));
    throw asOfError(error) ?? error;
  }
}

/** The rejected rows of a run, one per row and problem (two behaviour scorers may refuse the same event). */
function badRows(run: ScoringRun, options: ScoreCommand, inputs: Inputs): BadRow[] {
  const bad = [...inputs.customers.bad, ...(inputs.transactions?.bad ?? []), ...(inputs.events?.bad ?? [])];
  const seen = new Set<string>();
  for (const r of [...run.rejected, ...run.rejectedInputs]) {
    const b = badRowOf(r, options, inputs);
    const key = `${b.source}\u0000${b.line}\u0000${b.column}\u0000${b.code}`;
    if (!seen.has(key)) bad.push(b);
    seen.add(key);
  }
  return sortBadRows(bad);
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The count lines printed after the table: rows in and out of every file, and rows that matched nobody. */
function countLines(
  run: ScoringRun,
  options: ScoreCommand,
  inputs: Inputs,
  bad: readonly BadRow[],
): string[] {
  const rejectedRows = (source: BadRow['source']) =>
    new Set(bad.filter((b) => b.source === source).map((b) => b.line)).size;
  const customerRows = inputs.customers.records.length + inputs.customers.bad.length;
  const scored = run.summary.scored;
  const source =
    options.customers === undefined
      ? `found in ${options.transactions}`
      : `${customerRows === 1 ? 'row' : 'rows'} in`;
  const lines = [
    `customers: ${customerRows} ${source} = ${scored} scored + ${customerRows - scored} rejected`,
  ];
  const t = inputs.transactions;
  if (t !== undefined)
    lines.push(
      `transactions: ${t.rows} rows read${t.threads === 2 ? ' (by 2 threads)' : ''}, ${rejectedRows('transactions')} rejected`,
    );
  const e = inputs.events;
  if (e !== undefined)
    lines.push(`events: ${e.records.length + e.bad.length} rows read, ${rejectedRows('events')} rejected`);
  if (t !== undefined && t.unmatched.rows > 0)
    lines.push(
      `${plural(t.unmatched.rows, 'transaction row', 'transaction rows')} for ${plural(t.unmatched.ids.size, 'customer', 'customers')} not in ${options.customers} ${t.unmatched.rows === 1 ? 'was' : 'were'} not used`,
    );
  if (e !== undefined && e.unmatched.rows > 0)
    lines.push(
      `${plural(e.unmatched.rows, 'event row', 'event rows')} for ${plural(e.unmatched.ids.size, 'lead', 'leads')} not in ${options.customers} ${e.unmatched.rows === 1 ? 'was' : 'were'} not used`,
    );
  return lines;
}

/** Runs `score` (or `fit` with `mode: 'fit'`): reads, scores, writes; returns the text to print. */
export async function runScore(
  options: ScoreCommand,
  progress: Progress,
  mode: 'score' | 'fit',
  warn: (line: string) => void = () => undefined,
): Promise<string> {
  const scoring = await loadScoring(options);
  const needs = await checkInputs(options, scoring.pipeline, warn);
  const csv = { delimiter: options.delimiter, decimal: options.decimal, encoding: options.encoding };
  const dialect = await outputDialect(
    options.customers ?? options.transactions ?? options.out,
    csv,
    options.outDelimiter,
  );
  const columns = pipelineColumns(scoring.pipeline.config);
  const unknown = options.columns === undefined ? [] : unknownColumns(columns, options.columns);
  if (unknown.length > 0)
    throw new CliError(
      `--columns: unknown column${unknown.length === 1 ? '' : 's'} ${unknown.map((c) => `"${c}"`).join(', ')} (the scores have ${columns.join(', ')})`,
    );
  const inputs = await readInputs(options, scoring, needs, progress);
  // The tables of the transactions, given back, freed before the scorers allocate (see young-collection.ts).
  collectYoung();
  let writer: ScoredFileWriter | undefined;
  if (mode === 'score')
    await writeOutput(options.out, 'scores', async () => {
      writer = new ScoredFileWriter(options.out, columns, { ...dialect, select: options.columns });
    });
  // The board reads each result's score, segment, grade and RFM fields: kept as columns, not as results. The
  // printed table has no top results nor histogram: the ids are kept only for the HTML board (--report).
  const board = options.report !== undefined;
  const kept = new ResultColumns({ size: inputs.customers.records.length, ids: board });
  let run: ScoringRun;
  try {
    // The explanations are made only when they are written.
    const explain = mode === 'score' && (options.columns?.includes('explain') ?? true);
    run = score(options, scoring, inputs, explain, (result) => {
      writer?.write(result);
      kept.add(result);
    });
  } catch (error) {
    writer?.abort();
    throw error;
  }
  const bad = badRows(run, options, inputs);

  if (writer !== undefined) {
    const done = writer;
    await writeOutput(options.out, 'scores', async () => done.close());
  } else
    await writeOutput(options.out, 'model', () =>
      writeFile(options.out, `${JSON.stringify(run.model, null, 2)}\n`),
    );
  if (options.rejected !== undefined) await writeRejected(options.rejected, bad, dialect);
  const summary = summarize(run, board ? { columns: kept } : { columns: kept, top: 0, bins: 0 });
  if (options.report !== undefined) {
    const reports: Report[] = [summary];
    if (run.model.pipeline.scorers.some((s) => s.type === 'rfm'))
      reports.push(rfmHeatmap(run, { columns: kept }));
    if (run.model.pipeline.grade !== undefined) reports.push(gradeMatrix(run, { columns: kept }));
    const html = toHtml(reports, { locale: options.locale });
    await writeOutput(options.report, 'board', () => writeFile(options.report as string, html));
  }

  const lines = [
    toMarkdown(summary, { locale: options.locale }),
    '',
    ...countLines(run, options, inputs, bad),
  ];
  lines.push(`${mode === 'fit' ? 'model' : 'scores'} written to ${options.out}`);
  if (options.rejected !== undefined) lines.push(`rejected rows written to ${options.rejected}`);
  else if (bad.length > 0) lines.push(`${bad.length} rejected rows: add --rejected rejected.csv to see them`);
  if (options.report !== undefined) lines.push(`board written to ${options.report}`);
  return lines.join('\n');
}
