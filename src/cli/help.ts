// The help of every command: what it does, its options and an example (docs/cli.md has the details).
export const HELP: Record<string, string> = {
  main: `scorekit: score, qualify and segment customers and leads from CSV or JSON exports

Usage: scorekit <command> [options]

Commands:
  init        write a commented starter config
  validate    check a config and print every problem with its path
  score       score customers and write scores, rejected rows and an HTML board
  fit         fit a pipeline on customers and write the model
  report      write the HTML board of a scored file
  demo        score the bundled CDNOW customers

Run "scorekit <command> --help" for the options and examples of a command.
Exit codes: 0 ok, 1 bad usage, missing or unreadable file, invalid config or missing column, 2 bad row with --on-invalid fail, 3 unexpected error.`,
  init: `scorekit init [--out scoring.json] [--force]

Writes a commented starter config: RFM on purchases (--transactions), fit on firmographics, engagement on
behaviour (--events: email opens, pricing page views, demo requests, unsubscribes), qualification, fit ×
engagement grades and segments.

Example:
  scorekit init --out scoring.json
  scorekit score --config scoring.json --customers customers.csv --transactions orders.csv --events events.csv --as-of 2026-01-01 --out scored.csv`,
  validate: `scorekit validate <config>

Checks a config file (JSON; comments and trailing commas allowed) and prints every problem with its path.
Exit code 1 when there is one.

Example:
  scorekit validate scoring.json`,
  score: `scorekit score --config scoring.json --customers customers.csv [--transactions tx.csv] [--events events.csv]
               [--as-of 2026-01-01] --out scored.csv [--report board.html] [--rejected rejected.csv]
               [--delimiter ";"] [--decimal ","] [--encoding utf-8|windows-1252|latin1] [--out-delimiter ";"]
               [--columns id,segment,score] [--on-invalid reject|fail] [--threads 1|2] [--locale en|fr]
scorekit score --model model.json --customers new.csv [--transactions tx.csv] [--events events.csv] --out scored.csv
scorekit score --config rfm.json --transactions orders.csv --as-of 2026-01-01 --out scored.csv

Reads CSV (header row, delimiter detected or --delimiter, dotted headers such as company.employees as nested
fields, empty cells as missing values, --decimal , for French exports), NDJSON (.ndjson, .jsonl) or JSON, in
UTF-8 or --encoding windows-1252; writes CSV, NDJSON or JSON by the output's extension (CSV with ";" and decimal
commas when the customers file uses ";" or --decimal , is given). Transactions are aggregated while the file is
read; events feed behaviour scorers. Without --customers, the customers of the transactions file are scored (for
a pipeline that reads only transactions). --as-of is needed when the pipeline reads dates. A bad row goes to
--rejected with its line, column and reason; --on-invalid fail stops at the first one (exit code 2). Rows in =
rows scored + rows rejected, printed at the end. A CSV transactions file of 32 MiB or more is read by two threads
when the machine has two cores or more (--threads 1 keeps to one, --threads 2 asks for two). --columns picks the
columns of the scores file and their order (default: all of them, explanation last); in NDJSON or JSON each
customer is then a flat object of those columns.

Examples:
  scorekit score --config scoring.json --customers customers.csv --transactions orders.csv --as-of 2026-01-01 --out scored.csv --report board.html
  scorekit score --config leads.json --customers leads.csv --events events.ndjson --as-of 2026-01-01 --out scored.csv
  scorekit score --config rfm.json --transactions online_retail.csv --as-of 2011-12-10 --out scored.csv --report board.html
  scorekit score --config scoring.json --customers export.csv --decimal , --encoding windows-1252 --as-of 2026-01-01 --out scored.csv --rejected rejected.csv
  scorekit score --config scoring.json --customers customers.csv --transactions orders.csv --as-of 2026-01-01 --out crm.csv --columns id,segment_label,score`,
  fit: `scorekit fit --config scoring.json --customers customers.csv [--transactions tx.csv] [--events events.csv] [--as-of 2026-01-01] --out model.json

Fits the pipeline (RFM cut points…) and writes the model; score new customers later with "scorekit score --model model.json".
Takes the same input options as score.

Example:
  scorekit fit --config scoring.json --customers customers.csv --transactions orders.csv --as-of 2026-01-01 --out model.json`,
  report: `scorekit report --scored scored.csv --out board.html [--locale en|fr] [--title "…"] [--encoding utf-8|windows-1252|latin1]

Writes the HTML board (segments, score distribution, R × F heatmap) of a file written by "scorekit score".

Example:
  scorekit report --scored scored.csv --out board.html --locale fr`,
  demo: `scorekit demo [--out scorekit-demo.html] [--locale en|fr]

Scores the 23,570 customers of the bundled CDNOW purchase history with RFM and prints the scoring table.

Example:
  scorekit demo --locale fr`,
};
