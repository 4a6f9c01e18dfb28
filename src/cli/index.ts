// The scorekit command line: scoring for marketers and analysts with a CSV or JSON export.
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { validatePipeline } from 'scorekit';
import { TEXT_ENCODINGS, type TextEncoding } from '../node/decode.js';
import { TableError } from '../node/errors.js';
import { runDemo } from './commands/demo.js';
import { runReport } from './commands/report.js';
import { runScore } from './commands/score.js';
import { readJsonFile } from './config.js';
import { CliError, EXIT } from './errors.js';
import { HELP } from './help.js';
import { writeOutput } from './output.js';
import { Progress } from './progress.js';
import { STARTER_CONFIG } from './starter.js';

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
  encoding: { type: 'string' },
  'out-delimiter': { type: 'string' },
  columns: { type: 'string' },
  'on-invalid': { type: 'string' },
  threads: { type: 'string' },
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

function delimiterOf(value: string | undefined, flag: string): string | undefined {
  const delimiter = value === '\\t' || value === 'tab' ? '\t' : value;
  if (delimiter !== undefined && delimiter.length !== 1)
    throw new CliError(`--${flag}: expected one character, got "${delimiter}"`);
  if (delimiter === '"' || delimiter === '\n' || delimiter === '\r')
    throw new CliError(`--${flag}: a quote or a line break cannot be a delimiter`);
  return delimiter;
}

/** `--columns id,segment,score`: the names, in their order. */
function columnsOf(value: string | undefined, command: string): string[] | undefined {
  if (value === undefined) return undefined;
  if (command === 'fit') throw new CliError('--columns: fit writes a model, not scores (use it with score)');
  const names = value.split(',').map((c) => c.trim());
  if (names.some((c) => c === ''))
    throw new CliError(`--columns: expected column names separated by commas, got "${value}"`);
  const twice = names.find((c, i) => names.indexOf(c) !== i);
  if (twice !== undefined) throw new CliError(`--columns: "${twice}" is named twice`);
  return names;
}

function encodingOf(value: string | undefined): TextEncoding | undefined {
  if (value === undefined) return undefined;
  const name = value.toLowerCase() === 'utf8' ? 'utf-8' : value.toLowerCase();
  if (!(TEXT_ENCODINGS as readonly string[]).includes(name))
    throw new CliError(`--encoding: expected ${TEXT_ENCODINGS.join(', ')}, got "${value}"`);
  return name as TextEncoding;
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
      await writeOutput(out, 'config', () => writeFile(out, STARTER_CONFIG));
      process.stdout.write(
        `wrote ${out}\n\nNext steps:\n  1. edit the rules, weights, levels, grades and segments in ${out}\n  2. scorekit validate ${out}\n  3. scorekit score --config ${out} --customers customers.csv --transactions orders.csv --events events.csv --as-of YYYY-MM-DD --out scored.csv --report board.html\n     (--events: one row per event, columns customerId, type, at, and url or form; without it every lead gets 0 engagement)\n`,
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
      const threads = v.threads;
      if (threads !== undefined && threads !== '1' && threads !== '2')
        throw new CliError(`--threads: expected 1 or 2, got "${threads}"`);
      const text = await runScore(
        {
          config: v.config,
          model: v.model,
          customers: v.customers === '' ? required(v.customers, 'customers', command) : v.customers,
          transactions: v.transactions,
          events: v.events,
          asOf: v['as-of'],
          out: required(v.out, 'out', command),
          report: v.report,
          rejected: v.rejected,
          delimiter: delimiterOf(v.delimiter, 'delimiter'),
          decimal,
          encoding: encodingOf(v.encoding),
          outDelimiter: delimiterOf(v['out-delimiter'], 'out-delimiter'),
          columns: columnsOf(v.columns, command),
          onInvalid,
          threads: threads === undefined ? undefined : threads === '1' ? 1 : 2,
          locale: locale(v.locale),
        },
        progress,
        command,
        (line) => process.stderr.write(`scorekit: ${line}\n`),
      );
      process.stdout.write(`${text}\n`);
      return EXIT.ok;
    }
    case 'report':
      process.stdout.write(
        `${await runReport({ scored: required(v.scored, 'scored', 'report'), out: required(v.out, 'out', 'report'), locale: locale(v.locale), title: v.title, encoding: encodingOf(v.encoding) })}\n`,
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
    if (error instanceof CliError || error instanceof TableError) {
      const hint =
        error instanceof TableError && error.code === 'invalid_encoding'
          ? ': if it comes from Excel or an older system, add --encoding windows-1252'
          : '';
      process.stderr.write(`scorekit: ${error.message}${hint}\n`);
      if (debug && error.stack !== undefined) process.stderr.write(`${error.stack}\n`);
      process.exitCode = error instanceof CliError ? error.exitCode : EXIT.usage;
    } else {
      process.stderr.write(`scorekit: unexpected error: ${(error as Error)?.message ?? String(error)}\n`);
      if (debug) process.stderr.write(`${(error as Error)?.stack ?? ''}\n`);
      else process.stderr.write('run again with --debug for details, and report it if it persists\n');
      process.exitCode = EXIT.internal;
    }
  },
);
