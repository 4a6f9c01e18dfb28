// `scorekit score` as a user runs it (the built bin, in its own process) on a transaction CSV of 1M customers /
// 10M rows (--small: 100k / 1M), against DuckDB reading the same files with read_csv, computing the same RFM
// scores with the SQL of bench/rfm.ts and writing them with COPY, also in its own process. Each child's wall time
// and peak RSS are its own; both outputs are compared customer by customer.
//
// The DuckDB child is bench/duckdb-child.mjs, plain JavaScript run by node alone as the bin is: the time compared
// is each child's wall time, end to end (node's start-up, the work, the exit); DuckDB's time inside its child
// (from loading its module to the end of COPY, without node's start-up and exit) is printed too.
// scorekit runs three times: with every column (explanations included), with DuckDB's columns only (--columns),
// and with those columns without the customers file (the customers found in the transactions file).
//
// Where scorekit's time goes (unprofiled timestamps of both threads, 2-core machine; see docs/cli.md "Speed
// and memory"), for the --columns run of about 2.3-2.9 s (DuckDB 2.0-3.2 s in the same bench since session 15;
// 3.0-3.9 s before session 13):
// - start-up 0.1-0.15 s (the bin is one file with the pieces of the core, zod and csv-parse it uses: loading
//   them from their modules took 0.12 s more); the worker thread starts at once on the end of the transactions
//   file (its first row
//   about 0.11 s after it starts: its file holds the few pieces of the core it uses, without the core's zod
//   schemas, which took 0.3 s) while this thread keeps the customers file as bytes (0.15-0.25 s:
//   node/record-table.ts, records made when the core reads them), then both take pieces of about 2 MiB (this
//   thread from the start on, the worker from the end back: transactions-split.ts) until none is left; all is
//   read by about 1.3-1.5 s (1.6-2.3 s before the tables were written first, see below). The plainest rows are read one after
//   the other in one loop (transactions-reader.ts `quickRun`), each going straight to its customer's part queue
//   (rfm-slots.ts `put`); a full queue is added in one go, after a pass that only reads each row's first three
//   slots (the loads from memory overlap). Each thread keeps the tables of half the parts (rfm-slots.ts
//   `SplitSlots`): a full queue of the other half goes to the other thread through a ring in shared memory
//   (slot-ring.ts), added there between its own queues. On one thread, 10M rows in about 2.1-2.4 s: about 110
//   ns a row to read and queue, 100 to add (the table's lines come from memory); with two threads each row
//   costs about a third more (every function alike: both cores busy, the ring); the two threads end within a
//   few milliseconds of each other (with a static share of the file, before session 15, within +-0.25 s: the
//   other core's speed moves from run to run);
// - the customers file's ids are marked in the tables while the transactions are read (session 15: queued like
//   rows between two pieces, added by the thread that keeps their part; before, a seed after the reading took
//   0.12-0.18 s: ids hashed, sorted by where their search starts, looked up in the tables' order);
// - then, on one thread: the worker's tables taken as they are (0.03 s), the feature table (0.12 s),
//   the core's ids (0.16 s: copied as bytes, RecordSource.fieldBytes), features and fitting (0.25-0.3 s: ids
//   looked up by their bytes, compared in place), scoring and writing (0.45-0.5 s without the explanations:
//   no record made for RFM alone; about 2.3 s with every column and the explanations, of which about 0.9 s
//   turns their texts into bytes: the join, and V8 flattening and encoding a fresh text of ~190 characters,
//   which costs about as much written whole as in pieces; numbers are written digit by digit, no text made),
//   the summary (0.12-0.15 s).
// Session 13: the tables' memory written once when allocated (rfm-slots.ts `written`). A fresh page first read
// is mapped to the zero page and remapped when written; with two threads running each remapping is a TLB
// shootdown (an interrupt to the other core, a VM exit here): /proc/interrupts counted 21,820 shootdowns in a
// run before, 411 after, and the first ~130 apply calls of each thread (130,000 rows) ran at 1-2 us a row
// instead of 0.09. --columns 2934 ms against 3266 (ABBA, 10 pairs). The RFM scorer reads the features of the
// CLI's customers by their record's place (RfmFeatureTable.recordPositions): 30-37 ms instead of 116-165.
// The explanation cell written piece by piece (node/explain-bytes.ts: a shared contribution's bytes encoded once
// and copied): the explained run about 0.2 s faster. The printed board no longer keeps ids nor makes the top
// list and histogram (only --report shows them), and takes the mean and median of every score from the run's
// summary: the summary phase 73-99 ms instead of 160-167. Five benches after all this: --columns 1.14, 1.15,
// 1.17, 1.42 and 1.43 times DuckDB; with the explanations 1.82-2.60; peak RSS 0.37-0.49 of DuckDB's.
// Session 14 (each measured with the phase markers of scratch/patch-t.py, two builds alternated ABBA): the
// customers' ids found all different while the seed looks them up (a repeat with rows has a first place already,
// two without rows meet in one bucket), so that the core skips IdColumn.hasRepeats (RecordSource.distinctIds):
// the core's ids 79 ms instead of 134; the line encoder reading a component's field and the id itself, with
// a component found under its scorer's name without Object.hasOwn (its one-digit path beside encodeNumber's
// own was later removed, ~5 ms in process) (the scoring window 342 ms instead of 365; explained 1816 against 1871); RecordTable.fieldBytes keeping the
// last key's column (ids 122 ms instead of 134); ResultColumns.add trying the last result's component places
// first (337 against 358); orderStatistics looking for a NaN only when counting refused the values (inputs
// read to the fit done 236 ms against 259); IdColumn.at not looking in its (empty) map of ids beyond ASCII
// (the scoring window 365 against 412); summarize making no list of members for the group of every result
// (scored to summarized 72 ms against 94); the worker's termination awaited after its rows are taken in. Thirteen benches this
// session: --columns 1.07, 1.08, 1.10, 1.11, 1.11, 1.14, 1.14, 1.23 and 1.38 times DuckDB along the way, 1.02,
// 1.11, 1.14 and 1.34 with the final code (slower and noisier hours of the machine: scorekit 2.2-3.0 s, DuckDB
// 2.1-2.8); with the explanations 1.74-2.49; peak RSS 0.37-0.47. Measured, not kept: the seed's counting sort done ahead while this thread waits for the worker
// (the seed 120 ms mean instead of 152, but its 24 MB of sorted ids beside the 20 MB of the first pass while
// the worker still held its memory: a high-water mark of 262 MiB in 1 run of 6, where 0.5 of DuckDB's lowest
// peak is 248); the RFM fit without a list of members when every record bought, and one scoring function per
// comparison instead of a comparison passed as a function (neither measurably faster); the explanation's own M line copied unit by unit instead of Buffer.write,
// and the frozen pieces' bytes copied by a loop instead of set (both no faster, in process, ABBA); the
// feature table's scatter into one interleaved scratch row per position (24 bytes, in the seed's freed
// memory; the slots given back before the columns are made from it): no faster (190 ms against 192 over 16
// rounds) and the peak 5-15 MiB higher (a buffer given back is freed at the next young collection, not at
// once). Not tried, from timestamps: a worker started by the bin's first line would start only 30-40 ms
// earlier (node takes about 80 ms to parse the bin before its first line runs, the worker is asked for ~35
// ms later). Where the tail's time goes now: page faults (a fresh page costs about 2 us here: the tail touches
// about 170 MB of new memory, about 85 ms, and reading the customers file about 100 MB with the tables'
// first writes); the line encoder's generic dispatch (about 80 ns a line against 30 for a loop written for
// four columns); ResultColumns.add about 35 ns a result plus the faults of its columns.
// Session 15: the transactions file read in pieces of 2 MiB that this thread takes from the start on and the
// worker from the end back (one Atomics counter, transactions-split.ts): the two threads end within a few ms
// of each other instead of 0-0.25 s apart (the reading phase, readInputs to the seed, 1360 ms mean against
// 1444 over 12 ABBA rounds); the known ids' first pass (RfmSlots.prepareSeed) done between two pieces, 32k ids
// at a time, so that the worker makes up for it by taking more pieces (the seed 126-184 ms against 130-219);
// the seed's list of repeated ids' first places made only at a first repeat (4 MB less at the peak). The tail
// after the reading is now all on one thread while the worker has ended: about 0.85 s in a good run (absorb
// 0.03, seed 0.12, feature table 0.13, the core's ids 0.065, features and fit 0.11, scoring and writing 0.34,
// summary 0.05). Then the known ids marked through the queues like rows (flag MARK), between two pieces and by
// both threads, instead of the seed's first pass, sort and lookups after the reading: the seed's 0.12-0.18 s
// gone from the tail, the reading's memory 218 MB at its end instead of 236, the peak 229-242 MB (ABBA, a slow
// hour: readInputs to summarized 2988 ms mean against 3215). Measured, not kept: pieces of 1 MiB (no faster than 2); a larger young generation
// (--max-semi-space-size 32 or 64: no faster; the tail's collections take about 70-85 ms).
// Looked at, not kept: JIT warm-up (the first batches of each thread made small, queues started small, so that
// V8 has feedback for every path of the hot loops before it optimizes them: fewer deoptimizations, no faster
// in 9 rounds); V8 flags (interrupt budget, concurrent OSR: no change). A run compiles about 160 functions in
// about 0.9 s of background CPU, quickRun alone 9-13 times (OSR, then deoptimized by field changes and an
// out-of-bounds read at a chunk's end); one-shot loops over a million values in the tail (the summary's median,
// the fit) run 3-5 times slower than in a warm micro-benchmark.
// Memory: the reading holds about 220 MiB (one table of 85 MB between the two threads), the marking of the known
// customers, the feature table and the end of the scoring peak at 240-251 MiB. What moved it there from 300-330 MiB: the ids of a
// run kept as bytes (pipeline/id-column.ts: a million strings held 30 MB of heap), the 256 part tables of a thread in one buffer
// (freed, 256 tables of a few hundred kilobytes stayed in the C library's heap: smaps showed 142 MB of [heap]
// for 100 MB of live buffers), the parts shared by the threads, the known customers' ids read from their list
// instead of copied into the feature table (feature-ids.ts, 32 MB), and ResultColumns' codes left unwritten
// for none (12 MB). The scoring used to reach 455-513 MiB in about 5 runs of 8: V8's allocation-site
// pretenuring decided early in the scoring loop that the RFM component literal's objects live long
// (--trace-pretenuring-statistics: "=> tenure"); they are made by a constructor now (scorers/rfm/component.ts).
// Tried and measured, not kept: a second thread scoring half the customers against the fitted model (slower:
// set-up, start-up, two allocating threads at half speed); marking the known customers before the rows (the
// same time, moved); the feature table filled in the order of its positions (0.53-0.6 s against 0.14-0.33);
// the ids of the feature table as bytes in the slots' order (positionOf missed the cache at every id); the
// known ids gathered while the worker ends its part (2 passes to keep memory low took 250-400 ms, more than
// the lookups saved) or in chunks of 64k ids (slower, and the memory freed was reused anyway); a static share
// retuned for the shared parts (the worker's end moves by +-0.4 s from run to run at any share); this thread
// marking the known customers of its parts while the worker ends its own (it no longer drained the ring,
// the worker kept more rows aside: slower in 3 runs of 4 even with draining, and 20-30 MiB more); tables
// at most 60 % full instead of 80 (fewer probes: no faster, 30 MiB more).
// Also tried this session, not kept: the marking of the known customers with its ids put in order of their
// parts first (sequential reads in the lookups: the lookups took 30 ms less, the second pass as much) and
// with their first slots read ahead (no faster); the additions of a queue in a copy of the function for the
// ring's blocks (within the noise).
// Also tried in session 12, not kept: the queued rows added in the order of their slots too (a counting sort
// of each queue: its ~1000 rows touch a fifth of the part's lines, too few for the sequence to help; 10 % slower
// than the read-ahead); 1024 parts (single thread 14 % faster with 1024-row queues, but 46 MB more for the
// queues of two threads, and no faster with two; with 256-row queues no faster); the explanation cell written
// piece by piece, the shared R and F lines' bytes copied (no faster: its cost is in making the texts).
// A check of the machine: two single-thread runs at once read as fast as one alone, so the two threads' extra
// cost (about 15-20 % more CPU per row than one thread) is the design's (queues and rings of both threads in
// the caches), not the machine's.
// Session 16 (phase markers, two builds alternated): the core's ids taken in one block (RecordSource
// fieldBytesColumn: the customers table gives the arena of its one column as it is; the rows it cannot give,
// read as text) instead of asked record by record: the end of the reading to the ids 28 ms mean against 71 (6
// rounds); the fit's two counting passes in functions of their own (the code after an on-stack-compiled loop
// had no type feedback and sent it back to the interpreter): to the scorers bound 161 ms against 174 (8
// rounds); two deoptimizations of the scoring loop gone (the scores file's first flush after 16 KiB; no load
// of NaN in ResultColumns.add), within the noise (390 against 407 over 10 rounds). The bench now writes each
// run's file new and syncs before each run: a new file's pages (234 MB for the explained run) were written
// back by the kernel about 30 s later, in the middle of another run. Benches: --columns 1.25, 1.08 (4
// rounds), 1.31, 1.08, 0.84, 0.91, 1.15 times DuckDB (scorekit 2.2-3.3 s, DuckDB 2.0-3.1 s); peak RSS
// 0.34-0.46. Measured, not kept: the feature table filled in position order (again: 395 ms against 166; the
// note above says so, read it first); control bytes beside the slots (a byte of the hash per slot, probed
// before the slot, as in Swiss tables: 76 ns a row against 66 in a simulation of apply, the probe's loop
// longer than the line it saves); reading only the home slot's line ahead (no faster: the probe then waits
// for the next lines). Measured on this machine: a read that depends on the one before costs about 210 ns, and
// independent reads about 30 ns each (about 7 at once): a table of a million customers costs a row about two
// lines (home slot and the next, at 76 % load), 60 ns, whatever the layout of a slot.
// Session 17: the DuckDB child is plain JavaScript run by node alone (bench/duckdb-child.mjs) and the ratio
// compares both children's wall times end to end; before, scorekit's whole process was compared with DuckDB's time
// inside a child started through tsx (without node's start-up and exit, about 0.1 s; tsx's own start-up, about
// 0.13 s and 34 MiB, was in its wall time and peak). The rows of a file of the columns id, date, amount alone
// are read field by field (transactions-reader.ts, `plain`: no loop over the columns; an id's end found by
// comparisons rather than the table of special bytes): one thread, 10M rows, 2006 ms mean against 2182; the bin,
// start of the reading to the board, 1925 against 2018 (8 rounds). Both paths only locate the fields; the date
// and the amount are then read by one piece of code in quickRun (as functions they were not inlined into it,
// V8's cumulative inlining budget, and the calls made the rows slower than before: 2181 against 2130; the
// generic path reads the amount's cell twice, 756 ms against 758 for 3M rows of another column order). Benches: --columns 1.00 and 0.89 times DuckDB end to end (1.06 and 0.95
// against its time inside the child), peak RSS 0.45-0.47. Measured, not kept: the fit's counting of amounts in
// two levels (4096 buckets, then the numbers of the buckets holding a place, instead of one array of up to 4M
// counts): 150 ms against 154 from the reading's end to the scorers bound (8 rounds), the third pass over the
// values costing what the cache saved (a one-shot loop runs in V8's baseline code until it is optimized);
// queues of 512 rows instead of 1024 (2138 against 2131 ms on one thread); two slots read ahead instead of three
// (1979 against 1982). Measured on this machine: a fresh page costs 1.7-2.1 us on first touch, and the tail
// touches about 33,000 (the feature table 11k, the scorers' features and fit 14k): about 60 ms of it.
// Then the worker's pieces read with readSync: its CPU profile showed it idle 10-22 ms in every 100 ms of the
// reading (an asynchronous read waits in Node's pool of I/O threads for a core, both being busy; the same read
// takes 0.33-0.65 ms on an idle machine either way): the reading 1256 ms mean against 1328 (8 rounds). The
// customers file read with readSync too (its reader idled about 20 ms): 1277 against 1301 (20 rounds). This
// thread's own pieces read with readSync: no faster (1239/1253 against 1235/1266, 2x8 rounds), not kept. The
// RFM fit takes the feature columns themselves when every record bought (no members list, no copies): about
// 13 ms. A run's rejections kept in a map by index (pipeline/run.ts; an array of n holes, 8 MB, filtered at
// the end before): the tail 520 ms mean against 539 (8 rounds). Not kept: --no-lazy-feedback-allocation (no
// change in 3 pairs). Benches after all this: --columns 0.98, 0.99, 0.96, 0.91, 0.93 times DuckDB end to end
// (scorekit 1.9-2.2 s, DuckDB 1.9-2.7 s; the bench now prints each round's ratio: medians 0.92 and 0.92, 9
// rounds of 10 faster than DuckDB's), peak RSS 0.37-0.46. Then: the feature table's known slots ranked by their
// place in one pass written in order (a state byte per known id; a second pass only when some known id has no
// taken row or is repeated): 108 ms mean against 119 (8 rounds); the queues (11 MB) and the read buffer (4 MB)
// released before the feature table (peak 228 MiB mean against 240); a young collection once the transactions
// are read (cli/young-collection.ts): about one run in twelve peaked at 266-268 MiB, VmHWM read at the phase
// markers showing the released 85 MB of tables still there when the scorers allocated 40 MB (the next
// collection came late); none over 237 in 30 runs since. Benches: 1.03 (a slow hour; rounds' median 0.87), 0.93,
// 0.94 (medians 0.92, 0.95), peak RSS 0.42-0.50. Phases now (markers, 3 runs): start-up 0.1 s, the reading
// 1.16-1.33, the join 0.03-0.036 (the worker's last piece, flush and export), the feature table 0.10-0.11, the
// core's ids 0.02, features and fit 0.10-0.11, scoring and writing 0.30-0.32, the summary 0.043. Then pieces of
// 1 MiB (a piece is read in one read and stays in a core's 1 MiB second-level cache while parsed; session 15 had
// found 1 MiB no faster than 2, with the worker's reads asynchronous): the reading 1212 ms mean against 1232 (26
// rounds; 512 KiB slower, 1253 against 1231); the join is unchanged (25 against 24 ms). Not kept: rings of 32
// blocks (peak RSS 221 MiB mean against 229, but the reading 17 ms slower over 16 rounds: the ring fills) or 64
// (31 ms slower over 10).
// Session 18 (phase markers, two builds alternated): the scores file's lines with one component read into a
// local (no list of found components kept between lines) and a digit written as itself: scoring and writing 307
// ms mean against 328 (8 rounds); summarize's default revenue taken from the group's monetary sum it already
// makes (43 against 51); the feature table's hasPurchase and lastDay made from recency when read (ft-start to
// inputs-read 99 against 113; +3 ms for hasPurchase's pass); without --customers, the RFM features scattered
// to their records' places while the table is read in order (the sorted ids' places missed the cache at every
// read): inputs-read to summarized 494 ms against 614. Measured, not kept: the transactions worker started by a
// small first file of the bin (it read its first piece 35-40 ms sooner, 127-139 ms after the start instead of
// 160-177, but the reading ended no sooner: 1460 against 1464 ms over 12 rounds); a cache of the days by a date's
// own bytes (no digits checked on a hit: 1901 against 1890 ms on one thread); one scoring function per
// comparison again (no faster in a warm loop: 13.6 ms against 13.8 for 3M scores); the exit by process.exit
// (17-21 ms either way). Two threads scoring halves: a test of two isolates allocating result objects at once
// gave one million in 76-97 ms against 90-114 for one thread alone, and pages mapped and unmapped by two threads
// at once cost ten times more than by one (this machine's TLB shootdowns): not tried in the bin. Phases now: the
// reading 1.2-1.29 s, the join 0.02-0.035, the feature table 0.09-0.1, the core's ids 0.02-0.03, the fit
// 0.12, scoring and writing 0.31, the summary 0.036 (the tail about 0.6 s).
// Where a run's time went before these: start-up 0.1 s, the reading to
// about 1.25-1.35 s, the join 0.02-0.04, the feature table 0.11 (its positions pass 33 ms), the core's ids 0.025,
// features and fit 0.13-0.15 (the monetary column's count 16 ms, of which 8 in fresh pages), scoring and
// writing 0.33-0.35, the summary 0.045.
// What is left: the one-thread phases after the reading (marking, feature table, the core: a result object
// per customer, about 1.3 s in all) and a row's cost in the reader (the prototype of the issue read and
// queued a row in about 73 ns and added it in 94 on this machine, 1.6 s for 10M rows on one thread). Random
// reads over memory much larger than the cache cost about 100-250 ns each on this virtual machine, so every
// pass that reads a million-row table out of order costs 0.1-0.25 s; read in the table's order (as the marking
// now is), a few tens of milliseconds.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readCsv } from '../src/node/csv.js';
import { generatePurchases, idsAndDates, writePurchasesCsv } from './purchases.js';
import { rfmScoresSql } from './rfm.js';

const AS_OF = '2026-01-01';
const root = fileURLToPath(new URL('../', import.meta.url));
const bin = join(root, 'dist', 'cli.js');
const duckdbChild = fileURLToPath(new URL('./duckdb-child.mjs', import.meta.url));

/** A path as a DuckDB string literal. */
function literal(path: string): string {
  return `'${path.replace(/'/g, "''")}'`;
}

/**
 * The RFM scores of every customer of the customers file: bench/rfm.ts's SQL (rankMin quintiles,
 * 1 + floor(5 · (rank − 1) / n), over the customers with a purchase), reading the CSV files directly; customers
 * without a purchase get 1, 1, 1 as in scorekit.
 */
function rfmSql(transactions: string, customers: string): string {
  const source = `read_csv(${literal(transactions)}, header = true, columns = {'customerId': 'VARCHAR', 'date': 'DATE', 'amount': 'DOUBLE'})`;
  return `${rfmScoresSql(source)}
SELECT c.id, coalesce(s.r, 1) AS r, coalesce(s.f, 1) AS f, coalesce(s.m, 1) AS m
FROM read_csv(${literal(customers)}, header = true, columns = {'id': 'VARCHAR'}) AS c
LEFT JOIN scores AS s ON s.customerId = c.id`;
}

/** What a child process cost. */
interface Measured {
  readonly wallMs: number;
  /** Peak resident memory in MiB, or null when it cannot be measured on this machine. */
  readonly rssMiB: number | null;
  /** User + system CPU seconds (only with /usr/bin/time). */
  readonly cpuS: number | null;
  readonly stdout: string;
}

const MARK = 'scorekit-bench-time';

function hasGnuTime(): boolean {
  return spawnSync('sh', ['-c', 'command -v /usr/bin/time'], { stdio: 'ignore' }).status === 0;
}

/** Runs a command to its end under /usr/bin/time, which reads the child's peak RSS from wait4(). */
function underTime(command: string, args: readonly string[]): Measured {
  const t0 = performance.now();
  const out = spawnSync('/usr/bin/time', ['-f', `${MARK} %M %U %S`, command, ...args], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  const wallMs = performance.now() - t0;
  const lines = out.stderr.trimEnd().split('\n');
  const mark = [...lines].reverse().find((l) => l.startsWith(MARK));
  const errors = lines.filter((l) => !l.startsWith(MARK)).join('\n');
  if (out.status !== 0 || mark === undefined)
    throw new Error(`${command} ${args.join(' ')} failed (exit ${out.status}):\n${out.stdout}\n${errors}`);
  const [, kib, user, system] = mark.split(' ');
  return {
    wallMs,
    rssMiB: Math.round(Number(kib) / 1024),
    cpuS: Number(user) + Number(system),
    stdout: out.stdout,
  };
}

/** Without /usr/bin/time: polls VmHWM (the peak RSS) in /proc/<pid>/status until the child exits. */
async function polling(command: string, args: readonly string[]): Promise<Measured> {
  const t0 = performance.now();
  const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
  child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  let kib: number | null = null;
  const poll = () => {
    try {
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      if (m !== null) kib = Math.max(kib ?? 0, Number(m[1]));
    } catch {
      // Not Linux, or the child has just exited: keep the last reading.
    }
  };
  const timer = setInterval(poll, 20);
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  clearInterval(timer);
  const wallMs = performance.now() - t0;
  if (code !== 0)
    throw new Error(`${command} ${args.join(' ')} failed (exit ${code}):\n${stdout}\n${stderr}`);
  return { wallMs, rssMiB: kib === null ? null : Math.round(kib / 1024), cpuS: null, stdout };
}

async function measure(command: string, args: readonly string[]): Promise<Measured> {
  // The files the runs before wrote are first written to the disk (outside of the times): the kernel writes a
  // new file's pages back about 30 s after (234 MB for the explained run), in the middle of another run.
  if (process.platform !== 'win32') spawnSync('sync');
  return hasGnuTime() ? underTime(command, args) : polling(command, args);
}

function newestMtime(dir: string): number {
  let t = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return t;
}

function ensureBuilt(): void {
  if (!existsSync(bin)) {
    console.log('dist/cli.js is missing: npm run build');
    const built = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
    if (built.status !== 0) throw new Error('npm run build failed');
  } else if (statSync(bin).mtimeMs < newestMtime(join(root, 'src'))) {
    console.log('note: src/ is newer than dist/cli.js; the figures are those of the last build');
  }
}

/** `id → "r f m"` of a scored CSV, read with the given column names. */
async function scores(
  path: string,
  id: string,
  r: string,
  f: string,
  m: string,
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for await (const row of readCsv(path)) {
    if (row.kind === 'bad') throw new Error(`${path}, line ${row.line}: ${row.message}`);
    const v = row.values;
    out.set(String(v[id]), `${v[r]} ${v[f]} ${v[m]}`);
  }
  return out;
}

const int = (n: number) => Math.round(n).toLocaleString('en');
const mib = (n: number | null) => (n === null ? 'n/a' : `${int(n)} MiB`);
const cpu = (s: number | null) => (s === null ? 'n/a' : `${s.toFixed(1)} s`);

async function size(customers: number, transactions: number, rounds: number): Promise<void> {
  const p = generatePurchases(customers, transactions);
  const tx = writePurchasesCsv(p);
  const dir = dirname(tx);
  try {
    const { ids } = idsAndDates(p);
    const customersCsv = join(dir, 'customers.csv');
    writeFileSync(customersCsv, `id\n${ids.join('\n')}\n`);
    const config = join(dir, 'scoring.json');
    writeFileSync(
      config,
      JSON.stringify({
        id: 'bench-cli',
        scorers: [
          { type: 'rfm', name: 'rfm', customerKey: 'customerId', dateKey: 'date', amountKey: 'amount' },
        ],
      }),
    );
    const scored = join(dir, 'scored.csv');
    const duckOut = join(dir, 'duckdb.csv');
    console.log(
      `\n### ${int(customers)} customers, ${int(p.customer.length)} transaction rows (${int(statSync(tx).size / 2 ** 20)} MiB of CSV), ${availableParallelism()} CPUs\n`,
    );

    const args = [
      ...[bin, 'score', '--config', config, '--customers', customersCsv, '--transactions', tx],
      ...['--as-of', AS_OF, '--out'],
    ];
    // The same run writing only DuckDB's columns (id, r, f, m): the same output as the SQL's; and without the
    // customers file (the customers found in the transactions file, in id order: one export is all it takes).
    const narrow = join(dir, 'narrow.csv');
    const alone = join(dir, 'alone.csv');
    const aloneArgs = [
      ...[bin, 'score', '--config', config, '--transactions', tx, '--as-of', AS_OF, '--out', alone],
      ...['--columns', 'id,rfm.r,rfm.f,rfm.m'],
    ];
    const statement = join(dir, 'duckdb.sql');
    writeFileSync(
      statement,
      `COPY (${rfmSql(tx, customersCsv)}) TO ${literal(duckOut)} (HEADER, DELIMITER ',')`,
    );
    const duckArgs = [duckdbChild, statement];
    // DuckDB's time inside its child: from loading the module to the end of COPY.
    const innerMs = (m: Measured) =>
      (JSON.parse(m.stdout.trim().split('\n').at(-1) ?? '{}') as { ms?: number }).ms ?? m.wallMs;
    // Rounds of the three, one after the other (the machine's load drifts): each keeps its fastest run.
    const runs: { sk: Measured[]; same: Measured[]; alone: Measured[]; duck: Measured[] } = {
      sk: [],
      same: [],
      alone: [],
      duck: [],
    };
    // Each run writes a new file (the last round's is removed first, outside of the times), as a first run does.
    for (let round = 0; round < rounds; round++) {
      rmSync(scored, { force: true });
      runs.sk.push(await measure(process.execPath, [...args, scored]));
      rmSync(narrow, { force: true });
      runs.same.push(await measure(process.execPath, [...args, narrow, '--columns', 'id,rfm.r,rfm.f,rfm.m']));
      rmSync(alone, { force: true });
      runs.alone.push(await measure(process.execPath, aloneArgs));
      rmSync(duckOut, { force: true });
      runs.duck.push(await measure(process.execPath, duckArgs));
    }
    const best = (list: Measured[], ms: (m: Measured) => number = (m) => m.wallMs): Measured =>
      list.reduce((x, y) => (ms(y) < ms(x) ? y : x));
    const sk = best(runs.sk);
    const same = best(runs.same);
    const found = best(runs.alone);
    const duck = best(runs.duck);
    const duckMs = duck.wallMs;
    const queryMs = innerMs(best(runs.duck, innerMs));
    const all = (list: Measured[], ms: (m: Measured) => number = (m) => m.wallMs) =>
      list.map((m) => `${(ms(m) / 1000).toFixed(1)} s / ${mib(m.rssMiB)}`).join(', ');
    const countLine = sk.stdout.split('\n').find((l) => l.startsWith('customers: ')) ?? '(no count line)';
    // The same start-up, without any work: what node costs by itself (in both children's times and peaks).
    const nodeAlone = await measure(process.execPath, ['-e', '0']);

    const a = await scores(scored, 'id', 'rfm.r', 'rfm.f', 'rfm.m');
    const b = await scores(duckOut, 'id', 'r', 'f', 'm');
    const c = await scores(narrow, 'id', 'rfm.r', 'rfm.f', 'rfm.m');
    const d = await scores(alone, 'id', 'rfm.r', 'rfm.f', 'rfm.m');
    let differ = 0;
    for (const [id, code] of a) if (b.get(id) !== code || c.get(id) !== code) differ++;
    for (const id of b.keys()) if (!a.has(id)) differ++;
    // Without the customers file: the customers with a purchase (here every customer), the same scores.
    let differAlone = 0;
    for (const [id, code] of d) if (b.get(id) !== code) differAlone++;

    console.log(`scorekit: ${countLine}`);
    console.log('| implementation | wall time | CPU time | peak RSS |');
    console.log('|---|---:|---:|---:|');
    console.log(
      `| scorekit score (the bin: node start-up, CSV reading, RFM, scored.csv with explanations) | ${int(sk.wallMs)} ms | ${cpu(sk.cpuS)} | ${mib(sk.rssMiB)} |`,
    );
    console.log(
      `| scorekit score --columns id,rfm.r,rfm.f,rfm.m (the same columns as DuckDB's output) | ${int(same.wallMs)} ms | ${cpu(same.cpuS)} | ${mib(same.rssMiB)} |`,
    );
    console.log(
      `| scorekit score --columns id,rfm.r,rfm.f,rfm.m without --customers (the customers of the transactions file) | ${int(found.wallMs)} ms | ${cpu(found.cpuS)} | ${mib(found.rssMiB)} |`,
    );
    console.log(
      `| DuckDB read_csv + RFM SQL + COPY (its child: node start-up, @duckdb/node-api, the statement, exit) | ${int(duckMs)} ms | ${cpu(duck.cpuS)} | ${mib(duck.rssMiB)} |`,
    );
    console.log(
      `(the fastest of ${rounds} rounds; all runs: scorekit ${all(runs.sk)}; with DuckDB's columns ${all(runs.same)}; without --customers ${all(runs.alone)}; DuckDB ${all(runs.duck)})`,
    );
    console.log(
      `(DuckDB's time inside its child, from loading the module to the end of COPY: ${int(queryMs)} ms at best, ${runs.duck.map((m) => int(innerMs(m))).join(', ')} ms; node's start-up alone: ${int(nodeAlone.wallMs)} ms / ${mib(nodeAlone.rssMiB)}, in both children's times and peaks)`,
    );
    const ratio = (x: number | null, y: number | null) =>
      x === null || y === null ? 'n/a' : (x / y).toFixed(2);
    console.log(
      `ratio scorekit / DuckDB: time ${(sk.wallMs / duckMs).toFixed(2)}, ${(same.wallMs / duckMs).toFixed(2)} with DuckDB's columns (end to end, target ≤ 1.0); against DuckDB's time inside its child ${(sk.wallMs / queryMs).toFixed(2)}, ${(same.wallMs / queryMs).toFixed(2)}`,
    );
    // Round by round (the two ran one after the other, at about the same speed of the machine): how often the
    // fastest-of ratio above is only a lucky round of one of them.
    const byRound = runs.same.map((m, k) => m.wallMs / (runs.duck[k] as Measured).wallMs);
    const median = [...byRound].sort((x, y) => x - y)[Math.floor(byRound.length / 2)] as number;
    console.log(
      `round by round, with DuckDB's columns: ${byRound.map((r) => r.toFixed(2)).join(', ')} (median ${median.toFixed(2)}; scorekit the faster in ${byRound.filter((r) => r < 1).length} of ${byRound.length})`,
    );
    console.log(
      `ratio scorekit / DuckDB: peak RSS ${ratio(sk.rssMiB, duck.rssMiB)}, ${ratio(same.rssMiB, duck.rssMiB)} with DuckDB's columns (target ≤ 0.5)`,
    );
    console.log(
      `without --customers: time ${(found.wallMs / duckMs).toFixed(2)}, peak RSS ${ratio(found.rssMiB, duck.rssMiB)} of DuckDB's; ${int(d.size)} customers, ${differAlone === 0 && d.size === b.size ? 'the same scores' : `${int(differAlone)} scores differ`}`,
    );
    console.log(
      `same scores: ${differ === 0 && a.size === b.size && c.size === b.size ? 'yes' : 'no'} (${int(differ)} differ, ${int(a.size)} customers scored by scorekit, ${int(c.size)} with DuckDB's columns, ${int(b.size)} by DuckDB)`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `npm run bench -- cli [--small] [--rounds N]` (2 rounds by default). */
export async function run(): Promise<void> {
  ensureBuilt();
  const small = process.argv.includes('--small');
  const at = process.argv.indexOf('--rounds');
  const rounds = at === -1 ? 2 : Math.max(1, Number.parseInt(process.argv[at + 1] ?? '', 10) || 1);
  if (small) await size(100_000, 1_000_000, rounds);
  else await size(1_000_000, 10_000_000, rounds);
  console.log('\ntargets: scorekit / DuckDB time ≤ 1.0; peak RSS ≤ 0.5 × DuckDB');
}
