// One line per benchmark. Each module exports `run(): Promise<void>` and prints its own figures.
export interface Benchmark {
  readonly name: string;
  readonly description: string;
  readonly run: () => Promise<void>;
}

export const benchmarks: Benchmark[] = [
  {
    name: 'attributes',
    description: 'compiled attribute rules and model.score',
    run: async () => (await import('./attributes.js')).run(),
  },
  {
    name: 'behaviour',
    description:
      'engagement on 100k leads / ~10M events vs a hand-written version; incremental updates (--small: 10k leads)',
    run: async () => (await import('./behaviour.js')).run(),
  },
  {
    name: 'rfm',
    description: 'RFM end to end vs DuckDB and a hand-written version (--small: 100k/1M only)',
    run: async () => (await import('./rfm.js')).run(),
  },
  {
    name: 'cli',
    description: 'scorekit score on a 10M-row transaction CSV vs DuckDB read_csv (--small: 1M rows)',
    run: async () => (await import('./cli.js')).run(),
  },
  {
    name: 'csv-reader',
    description:
      'a 10M-row transaction CSV into RFM features: csv-parse tuned vs the byte reader vs DuckDB (--small: 1M rows)',
    run: async () => (await import('./transactions-csv.js')).run(),
  },
];
