/** An error the CLI reports as one line, with its exit code. */
export class CliError extends Error {
  readonly exitCode: number;

  constructor(message: string, exitCode = 1) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

/** Exit codes, documented in the README and `docs/cli.md`. */
export const EXIT = {
  ok: 0,
  /** Bad usage, a missing or unreadable file, an invalid config or model, a missing column. */
  usage: 1,
  /** A bad row with `--on-invalid fail`. */
  invalidRow: 2,
  /** An unexpected error (a bug: please report it with the output of `--debug`). */
  internal: 3,
} as const;
