/**
 * A table file that cannot be read at all: not valid JSON, not valid UTF-8, a broken CSV quote, a header
 * that cannot become field paths. Bad rows are not errors (they come out as `bad` rows); this is for a
 * file that cannot be read past a point. The message is one line that starts with the file and the line.
 *
 * @example
 * new TableError('customers.json', 3, 'invalid_json', 'not valid JSON: unexpected "}"').message
 * // → 'customers.json, line 3: not valid JSON: unexpected "}"'
 */
export class TableError extends Error {
  /** The file's path, as given. */
  readonly file: string;
  /** The line at fault, from 1, when known. */
  readonly line: number | undefined;
  /** A stable code: `invalid_json`, `invalid_csv`, `invalid_encoding`, `invalid_header`. */
  readonly code: string;

  constructor(file: string, line: number | undefined, code: string, reason: string) {
    super(`${file}${line === undefined ? '' : `, line ${line}`}: ${reason}`);
    this.name = 'TableError';
    this.file = file;
    this.line = line;
    this.code = code;
  }
}
