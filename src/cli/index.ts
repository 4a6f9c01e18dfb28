// The scorekit command line: scoring for marketers and analysts with a CSV or JSON export.
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { validatePipeline } from 'scorekit';
import { runDemo } from './commands/demo.js';
import { runReport } from './commands/report.js';
import { runScore } from './commands/score.js';
import { readJsonFile } from './config.js';
import { CliError, EXIT } from './errors.js';
import { Progress } from './progress.js';
import { STARTER_CONFIG } from './starter.js';

const HELP: Record<string, string> = {
  main: `scorekit: score, qualify and segment customers from CSV or JSON exports

Usage: scorekit <command> [options]

Commands:
  init        write a commented starter config
  validate    check a config and print every problem with its path
  score       score customers and write scores, rejected rows and an HTML board
  fit         fit a pipeline on customers and write the model
  report      write the HTML board of a scored file
  demo        score the bundled CDNOW customers

Run "scorekit <command> --help" for the options and examples of a command.
Exit codes: 0 ok, 1 bad usage, missing file, invalid config or missing column, 2 bad row with --on-invalid fail, 3 unexpected error.`,
  init: `scorekit init [--out scoring.json] [--force]

Writes a commented starter config (RFM on transactions, fit on firmographics, qualification and segments).

Example:
  scorekit init --out scoring.json`,
  validate: `scorekit validate <config>

Checks a config file (JSON, comments allowed) and prints every problem with its path. Exit code 1 when there is one.

Example:
  scorekit validate scoring.json`,
  score: `scorekit score --config scoring.json --customers customers.csv [--transactions tx.csv] --as-of 2026-01-01 --out scored.csv
               [--report board.html] [--rejected rejected.csv] [--delimiter ";"] [--decimal ","] [--on-invalid reject|fail] [--locale en|fr]
scorekit score --model model.json --customers new.csv [--transactions tx.csv] --out scored.csv

Reads CSV (header row, delimiter detected or --delimiter, UTF-8 with or without BOM, --decimal , for French exports),
NDJSON (.ndjson, .jsonl) or JSON; writes CSV, NDJSON or JSON by the output's extension. Transactions are aggregated
while the file is read. A bad row goes to --rejected with its line, column and reason; --on-invalid fail stops at the
first one (exit code 2). Rows in = rows scored + rows rejected, printed at the end.

Examples:
  scorekit score --config scoring.json --customers customers.csv --transactions orders.csv --as-of 2026-01-01 --out scored.csv --report board.html
  scorekit score --config scoring.json --customers export.csv --decimal , --as-of 2026-01-01 --out scored.csv --rejected rejected.csv`,
  fit: `scorekit fit --config scoring.json --customers customers.csv [--transactions tx.csv] --as-of 2026-01-01 --out model.json

Fits the pipeline (RFM cut points…) and writes the model; score new customers later with "scorekit score --model model.json".

Example:
  scorekit fit --config scoring.json --customers customers.csv --transactions orders.csv --as-of 2026-01-01 --out model.json`,
  report: `scorekit report --scored scored.csv --out board.html [--locale en|fr] [--title "…"]

Writes the HTML board (segments, score distribution, R × F heatmap) of a file written by "scorekit score".

Example:
  scorekit report --scored scored.csv --out board.html --locale fr`,
  demo: `scorekit demo [--out scorekit-demo.html] [--locale en|fr]

Scores the 23,570 customers of the bundled CDNOW purchase history with RFM and prints the scoring table.

Example:
  scorekit demo --locale fr`,
};

const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  debug: { type: 'boolean' },
  out: { type: 'string', short: 'o' },
  force: { type: 'boolean' },
  config: { type: 'string', short: 'c' },
  model: { type: 'string', short: 'm' },
  customers: { type: 'string' },
  transactions: { type: 'string' },
  events: { type: 'string' },
  'as-of': { type: 'string' },
  report: { type: 'string' },
  rejected: { type: 'string' },
  delimiter: { type: 'string' },
  decimal: { type: 'string' },
  'on-invalid': { type: 'string' },
  locale: { type: 'string' },
  scored: { type: 'string' },
  title: { type: 'string' },
} as const;

function required(value: string | undefined, flag: string, command: string): string {
  if (value === undefined || value === '')
    throw new CliError(`${command}: missing --${flag} (see "scorekit ${command} --help")`);
  return value;
}

function locale(value: string | undefined): 'en' | 'fr' {
  if (value === undefined || value === 'en' || value === 'fr') return value ?? 'en';
  throw new CliError(`--locale: expected en or fr, got "${value}"`);
}

async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(`${HELP.main}\n`);
    return command === undefined ? EXIT.usage : EXIT.ok;
  }
  if (!(command in HELP) || command === 'main')
    throw new CliError(`unknown command "${command}" (commands: init, validate, score, fit, report, demo)`);
  let parsed: ReturnType<
    typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true; args: string[] }>
  >;
  try {
    parsed = parseArgs({ args: rest, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new CliError(`${command}: ${(error as Error).message} (see "scorekit ${command} --help")`);
  }
  const v = parsed.values;
  if (v.help === true) {
    process.stdout.write(`${HELP[command]}\n`);
    return EXIT.ok;
  }
  const progress = new Progress(process.stderr);
  switch (command) {
    case 'init': {
      const out = v.out ?? 'scoring.json';
      if (existsSync(out) && v.force !== true)
        throw new CliError(`${out} already exists (use --force to replace it)`);
      await writeFile(out, STARTER_CONFIG);
      process.stdout.write(
        `wrote ${out}\n\nNext steps:\n  1. edit the rules, weights, levels and segments in ${out}\n  2. scorekit validate ${out}\n  3. scorekit score --config ${out} --customers customers.csv --transactions orders.csv --as-of YYYY-MM-DD --out scored.csv --report board.html\n`,
      );
      return EXIT.ok;
    }
    case 'validate': {
      const path = parsed.positionals[0] ?? v.config;
      if (path === undefined)
        throw new CliError('validate: give the config file (scorekit validate scoring.json)');
      const issues = validatePipeline(await readJsonFile(path, 'config'));
      if (issues.length === 0) {
        process.stdout.write(`${path}: valid\n`);
        return EXIT.ok;
      }
      const where = (p: readonly (string | number)[]) =>
        p.map((x, i) => (typeof x === 'number' ? `[${x}]` : i === 0 ? x : `.${x}`)).join('') || '(root)';
      process.stdout.write(
        `${path}: ${issues.length} problem${issues.length === 1 ? '' : 's'}\n${issues.map((i) => `  ${where(i.path)}: ${i.message}`).join('\n')}\n`,
      );
      return EXIT.usage;
    }
    case 'score':
    case 'fit': {
      const onInvalid = v['on-invalid'] ?? 'reject';
      if (onInvalid !== 'reject' && onInvalid !== 'fail')
        throw new CliError(`--on-invalid: expected reject or fail, got "${onInvalid}"`);
      const decimal = v.decimal;
      if (decimal !== undefined && decimal !== '.' && decimal !== ',')
        throw new CliError(`--decimal: expected "." or ",", got "${decimal}"`);
      const delimiter = v.delimiter === '\\t' ? '\t' : v.delimiter;
      if (delimiter !== undefined && delimiter.length !== 1)
        throw new CliError(`--delimiter: expected one character, got "${delimiter}"`);
      const text = await runScore(
        {
          config: v.config,
          model: v.model,
          customers: required(v.customers, 'customers', command),
          transactions: v.transactions,
          events: v.events,
          asOf: v['as-of'],
          out: required(v.out, 'out', command),
          report: v.report,
          rejected: v.rejected,
          delimiter,
          decimal,
          onInvalid,
          locale: locale(v.locale),
        },
        progress,
        command,
      );
      process.stdout.write(`${text}\n`);
      return EXIT.ok;
    }
    case 'report':
      process.stdout.write(
        `${await runReport({ scored: required(v.scored, 'scored', 'report'), out: required(v.out, 'out', 'report'), locale: locale(v.locale), title: v.title })}\n`,
      );
      return EXIT.ok;
    default:
      process.stdout.write(
        `${await runDemo({ out: v.out ?? 'scorekit-demo.html', locale: locale(v.locale) })}\n`,
      );
      return EXIT.ok;
  }
}

const argv = process.argv.slice(2);
const debug = argv.includes('--debug');
main(argv).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof CliError) {
      process.stderr.write(`scorekit: ${error.message}\n`);
      if (debug && error.stack !== undefined) process.stderr.write(`${error.stack}\n`);
      process.exitCode = error.exitCode;
    } else {
      process.stderr.write(`scorekit: unexpected error: ${(error as Error)?.message ?? String(error)}\n`);
      if (debug) process.stderr.write(`${(error as Error)?.stack ?? ''}\n`);
      else process.stderr.write('run again with --debug for details, and report it if it persists\n');
      process.exitCode = EXIT.internal;
    }
  },
);
