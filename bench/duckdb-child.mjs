// The DuckDB side of bench/cli.ts, in plain JavaScript so that it runs on node alone, as the scorekit bin does:
// both children then count the same start-up (node's) and their own exit, and their wall times compare end to
// end. (A TypeScript child needs tsx, whose start-up took about 130 ms more and 34 MiB.)
//
// node bench/duckdb-child.mjs <statement.sql>: runs the statement (bench/cli.ts writes the COPY of the RFM
// scores) in an in-memory database and prints `{"ms": …}`, its time from loading the module to the end of the
// statement (DuckDB's query alone, without node's start-up and exit).
import { readFileSync } from 'node:fs';

const t0 = performance.now();
const file = process.argv[2];
if (file === undefined) throw new Error('usage: node bench/duckdb-child.mjs <statement.sql>');
const statement = readFileSync(file, 'utf8');
const { DuckDBInstance } = await import('@duckdb/node-api');
const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
await con.run(statement);
const ms = performance.now() - t0;
con.closeSync();
process.stdout.write(`${JSON.stringify({ ms })}\n`);
