/**
 * One problem found in a configuration, a model or an input record, in the shape that zod uses for its
 * issues: a stable `code`, the `path` to the offending value and a human `message`.
 *
 * @example
 * const issue: Issue = { code: 'invalid_type', path: ['scorers', 0, 'rules', 2, 'points'], message: 'expected a number, got "ten"' };
 */
export interface Issue {
  /** A stable, machine-readable code such as `invalid_type` or `unknown_scorer`. */
  readonly code: string;
  /** Where the problem is, from the root of the checked value. */
  readonly path: readonly (string | number)[];
  /** What is wrong, for people. */
  readonly message: string;
}

/**
 * Formats a path the way scorekit prints it everywhere: `scorers[0].rules[2].points`.
 *
 * @example
 * formatPath(['scorers', 0, 'rules', 2, 'points']) // → 'scorers[0].rules[2].points'
 */
export function formatPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? part : `.${part}`;
  }
  return out;
}

/**
 * The base class of every error scorekit throws. `code` is stable across versions; branch on it,
 * not on the message.
 *
 * @example
 * try {
 *   loadModel('{}');
 * } catch (error) {
 *   if (error instanceof ScorekitError) console.log(error.code); // 'invalid_model'
 * }
 */
export class ScorekitError extends Error {
  /** A stable, machine-readable code. */
  readonly code: string;
  /** Every problem found, with its path. */
  readonly issues: readonly Issue[];

  constructor(code: string, message: string, issues: readonly Issue[] = []) {
    super(message);
    this.name = 'ScorekitError';
    this.code = code;
    this.issues = issues;
  }
}

function listIssues(title: string, issues: readonly Issue[]): string {
  const lines = issues.map((issue) => {
    const where = formatPath(issue.path);
    return `  ${where === '' ? '(root)' : where}: ${issue.message}`;
  });
  return [title, ...lines].join('\n');
}

/**
 * A pipeline configuration (or a model's pipeline) is invalid. The message lists every problem with its
 * path, one per line; `issues` holds the same as data.
 *
 * @example
 * try {
 *   definePipeline({ id: 'x', scorers: [{ type: 'attributes', name: 'fit', rules: [{ when: { field: 'a', eq: 1 }, points: 'ten' }] }] });
 * } catch (error) {
 *   if (error instanceof ConfigError) console.log(error.message);
 *   // the pipeline "x" has 1 problem
 *   //   scorers[0].rules[0].points: expected a number, got "ten"
 * }
 */
export class ConfigError extends ScorekitError {
  constructor(subject: string, issues: readonly Issue[], code = 'invalid_config') {
    const count = `${issues.length} problem${issues.length === 1 ? '' : 's'}`;
    super(code, listIssues(`${subject} has ${count}`, issues), issues);
    this.name = 'ConfigError';
  }
}

/**
 * A record could not be scored: its id is missing or repeated, a field has the wrong type, a date cannot be
 * read. Returned as a {@link Rejection} by default; thrown as this error with `onInvalid: 'throw'`.
 *
 * @example
 * const error = new RecordError({ index: 3, id: 'c-9', path: ['employees'], code: 'invalid_type', message: 'expected a number, got "many"' });
 * error.rejection.index // → 3
 */
export class RecordError extends ScorekitError {
  /** The rejection record: index, id, path, code and message. */
  readonly rejection: Rejection;

  constructor(rejection: Rejection) {
    const where = formatPath(rejection.path);
    const who =
      rejection.id === undefined
        ? `record ${rejection.index}`
        : `record ${rejection.index} (id ${rejection.id})`;
    super(rejection.code, `${who}${where === '' ? '' : ` at ${where}`}: ${rejection.message}`, [rejection]);
    this.name = 'RecordError';
    this.rejection = rejection;
  }
}

/**
 * An input that could not be scored, with where it was and why. Records go to `run.rejected`; rows of
 * side inputs (transactions, events) go to `run.rejectedInputs` with their `source`.
 *
 * @example
 * const rejection: Rejection = { index: 0, path: ['id'], code: 'missing_id', message: 'the record has no id' };
 */
export interface Rejection extends Issue {
  /** Position of the record (or row) in the input array, from 0. */
  readonly index: number;
  /** The record's id, when it has a usable one. */
  readonly id?: string;
  /** Which input the row came from; absent for the scored records themselves. */
  readonly source?: 'transactions' | 'events';
}
