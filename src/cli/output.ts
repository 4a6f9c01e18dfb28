// The files `score` and `fit` write: the CSV dialect of the output (French Excel opens `;` files with decimal
// commas in columns, and a `,` file in one column), the rejected rows, and one clear line when a file cannot
// be written.
import { csvDelimiter } from '../node/csv.js';
import { type CsvOptions, formatOf } from '../node/table.js';
import { type CsvWriteOptions, csvLine, writeLines } from '../node/write.js';
import { CliError } from './errors.js';
import type { BadRow, Source } from './inputs.js';

/**
 * The CSV dialect of the output files: `--out-delimiter` when given, else `;` when the customers file is a
 * `;`-delimited CSV or `--decimal ,` was given (a French or European export), else `,`. A `;` file gets
 * decimal commas, as Excel in French expects; other delimiters get dot decimals.
 */
export async function outputDialect(
  customers: string,
  csv: CsvOptions,
  outDelimiter: string | undefined,
): Promise<Required<CsvWriteOptions>> {
  let delimiter = outDelimiter;
  if (delimiter === undefined) {
    const european =
      csv.decimal === ',' || (formatOf(customers) === 'csv' && (await csvDelimiter(customers, csv)) === ';');
    delimiter = european ? ';' : ',';
  }
  return { delimiter, decimal: delimiter === ';' ? ',' : '.' };
}

const ORDER: readonly Source[] = ['customers', 'transactions', 'events'];

/** Rejected rows in file order: customers, then transactions, then events, each by line. */
export function sortBadRows(bad: BadRow[]): BadRow[] {
  return bad.sort((a, b) => ORDER.indexOf(a.source) - ORDER.indexOf(b.source) || a.line - b.line);
}

/** Writes the rejected rows: `source,file,line,id,column,code,message`. */
export async function writeRejected(
  path: string,
  bad: readonly BadRow[],
  dialect: CsvWriteOptions,
): Promise<void> {
  const header = ['source', 'file', 'line', 'id', 'column', 'code', 'message'];
  await writeOutput(path, 'rejected rows', () =>
    writeLines(path, [
      csvLine(header, dialect),
      ...bad.map((b) =>
        csvLine([b.source, b.file, b.line, b.id ?? null, b.column, b.code, b.message], dialect),
      ),
    ]),
  );
}

/** Runs a write; a folder that does not exist or a file that cannot be written is one line, exit code 1. */
export async function writeOutput(path: string, what: string, write: () => Promise<void>): Promise<void> {
  try {
    await write();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' || code === 'ENOTDIR'
        ? 'its folder does not exist'
        : code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
          ? 'permission denied'
          : code === 'EISDIR'
            ? 'it is a folder'
            : undefined;
    if (why === undefined) throw error;
    throw new CliError(`cannot write the ${what} file "${path}": ${why}`);
  }
}
