// RfmSlots on its own: two tables that read the two parts of the same rows, put together with `absorb`, give
// what one table that read them all gives (what a transaction file read by two threads relies on).
import fc from 'fast-check';
import type { RecordSource } from 'scorekit';
import { describe, expect, it } from 'vitest';
import { hashBytes, hashOfKey, keyWord } from '../../src/node/byte-table.js';
import { type ByteIdList, distinctIn, type IdList, idsOf, type KnownIds } from '../../src/node/known-ids.js';
import { FUTURE, NO_ORDER, RfmSlots, ROW_BIAS, type RowOf, TAKEN } from '../../src/node/rfm-slots.js';
import { ringMemory } from '../../src/node/slot-ring.js';

const AS_OF = 20_454; // 2026-01-01
const encoder = new TextEncoder();

interface Row {
  readonly id: string;
  readonly day: number;
  readonly micro: number;
  readonly order: number;
}

/** Adds the rows (numbered from `first`) to the table; returns what `take` said of each. */
function takeAll(slots: RfmSlots, rows: readonly Row[], first: number): number[] {
  return rows.map((r, i) => {
    const key = encoder.encode(r.id);
    const words = [0, 1, 2, 3].map((w) => keyWord(key, 0, key.length, w)) as [number, number, number, number];
    const hash = hashBytes(key, 0, key.length);
    return slots.add(key, 0, key.length, hash, ...words, first + i, r.day, r.micro, r.micro < 0, r.order);
  });
}

/** A row as the worker of a file read by two threads adds it; `number`: its part's first number, at its first row. */
interface WorkerRow {
  readonly row: Row;
  /** Its place in the file. */
  readonly index: number;
  readonly number?: number;
}

/** The numbers between the worker's parts (as transactions-split.ts gives them, at least a part's rows). */
const ROOM = 1000;

/**
 * The rows after `at` as the worker reads them: cut where `cuts` say into parts, the last part first, the
 * rows of part k numbered from ROW_BIAS + k · ROOM; and where each number is in the file (at + the rows of the
 * parts before, + its place in its part), worked out here from the cuts.
 */
function workerRows(
  rows: readonly Row[],
  at: number,
  cuts: readonly number[],
): { order: WorkerRow[]; rowOf: RowOf } {
  const after = rows.slice(at);
  const ends = [...new Set(cuts.map((c) => c % (after.length + 1)))].sort((a, b) => a - b);
  const bounds = [0, ...ends.filter((e) => e > 0 && e < after.length), after.length];
  const order: WorkerRow[] = [];
  for (let k = bounds.length - 2; k >= 0; k--) {
    const part = after.slice(bounds[k], bounds[k + 1]);
    const index = at + (bounds[k] as number);
    part.forEach((row, i) => {
      order.push(i === 0 ? { row, index, number: ROW_BIAS + k * ROOM } : { row, index: index + i });
    });
  }
  const rowOf = (number: number) => {
    if (number < ROW_BIAS) return number;
    const k = Math.floor((number - ROW_BIAS) / ROOM);
    return at + (bounds[k] as number) + (number - ROW_BIAS - k * ROOM);
  };
  return { order, rowOf };
}

/** Adds the worker's rows from its `count`-th on, as it reads them; returns what `take` said of each. */
function takeWorker(slots: RfmSlots, rows: readonly WorkerRow[], count: number): number[] {
  return rows.map((r, i) => {
    if (r.number !== undefined) slots.setRowNumber(r.number, count + i);
    return takeAll(slots, [r.row], count + i)[0] as number;
  });
}

/**
 * A known list of `ids` as the CLI's customers file gives it (ids copied as bytes, read from records): the table
 * then tells each record's position, and whether the ids are all different.
 */
function recordList(ids: readonly string[]): { list: IdList; records: RecordSource } {
  const bytes = ids.map((id) => encoder.encode(id));
  const list: ByteIdList = {
    length: ids.length,
    at: (i) => ids[i],
    bytesInto: (i, target, at, room) => {
      const b = bytes[i] as Uint8Array;
      if (b.length > room) return -2;
      target.set(b, at);
      return b.length;
    },
  };
  const records = ids.map((id) => ({ id }));
  return { list: idsOf(list, records, 'id'), records };
}

function plain(slots: RfmSlots, known?: KnownIds, rows?: readonly Row[]) {
  if (rows !== undefined) takeAll(slots, rows, 0);
  const { table, unknown } = slots.finish(known);
  return {
    // Each known record's place (a list read from records).
    places: table.recordPositions === undefined ? undefined : Array.from(table.recordPositions.positions),
    ids: [...table.ids],
    positions: [...table.ids, 'nobody'].map((id) => table.positionOf(id)),
    arrays: [
      table.hasPurchase,
      table.recency,
      table.frequency,
      table.monetary,
      table.firstDay,
      table.lastDay,
    ].map((a) => Array.from(a)),
    ignored: [table.ignoredFuture, table.ignoredReturns],
    unknown: { rows: unknown.rows, ids: [...unknown.ids].sort() },
  };
}

const row = fc.record({
  // Short, 16-byte, long and non-ASCII ids: inline in a slot or in the arena (long ids of either thread's
  // parts, with two threads sharing them).
  id: fc.constantFrom(
    'a',
    'b',
    'c1234567',
    'c123456789abcdef',
    'a customer id longer than a slot',
    'a customer id longer than a plot',
    'another customer id, longer still',
    'café',
    '😀',
  ),
  day: fc.integer({ min: AS_OF - 400, max: AS_OF + 3 }),
  micro: fc.integer({ min: -5_000_000, max: 50_000_000 }),
  order: fc.integer({ min: -1, max: 3 }),
});

const options = fc.record({
  frequency: fc.constantFrom('transactions' as const, 'days' as const, 'orders' as const),
  monetary: fc.constantFrom('sum' as const, 'mean' as const),
  returns: fc.constantFrom('net' as const, 'ignore' as const),
  future: fc.constantFrom('reject' as const, 'ignore' as const),
});

describe('RfmSlots', () => {
  it('gives, from the start and the parts after it read from the last back, put together, what one table gives from all the rows (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.array(row, { maxLength: 40 }),
        fc.nat(),
        fc.array(fc.nat(), { maxLength: 4 }),
        options,
        fc.boolean(),
        (rows, cut, cuts, o, withKnown) => {
          // Orders are the reader's own numbers: two readers of a file never split one with frequency orders.
          if (o.frequency === 'orders') return;
          const at = rows.length === 0 ? 0 : cut % (rows.length + 1);
          const known = withKnown ? ['a', 'café', 'nobody'] : undefined;
          const whole = new RfmSlots(AS_OF, o, 1);
          const said = takeAll(whole, rows, 0);
          const first = new RfmSlots(AS_OF, o);
          const second = new RfmSlots(AS_OF, o, 2);
          const saidFirst = takeAll(first, rows.slice(0, at), 0);
          const { order, rowOf } = workerRows(rows, at, cuts);
          const saidSecond = takeWorker(second, order, 0);
          expect(saidFirst).toEqual(said.slice(0, at));
          expect(saidSecond).toEqual(order.map((r) => said[r.index]));
          first.absorb(second.export(), rowOf);
          expect(plain(first, known)).toEqual(plain(whole, known));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('gives the same when two tables share the parts through rings of any size, full or not (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.array(row, { maxLength: 200 }),
        fc.nat(),
        fc.array(fc.nat(), { maxLength: 4 }),
        options,
        fc.boolean(),
        // Ring blocks: few (a full ring keeps rows and marks in a table of the sender's own), or room for all.
        fc.constantFrom(1, 2, 4, 300),
        fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 8 }),
        (rows, cut, cuts, o, withKnown, blocks, steps) => {
          // Parts are shared only when purchases are counted by row (no pairs of customer numbers).
          if (o.frequency !== 'transactions') return;
          const at = rows.length === 0 ? 0 : cut % (rows.length + 1);
          // Known ids (repeated, long, without rows) marked by the first table before it reads its rows:
          // the marks of the second's parts go to it through the ring (or stay in a table of the first's own,
          // a full ring). Read from records: each record's place, and whether the ids are all different.
          const ids = [
            ...['a', 'b', 'café', 'nobody', 'c1234567', '😀', 'a customer id longer than a slot'],
            ...['a', 'b', 'café', 'nobody', 'c1234567', '😀', 'a customer id longer than a slot'].reverse(),
          ];
          const known = withKnown ? recordList(ids.slice(0, 1 + (cut % ids.length))) : undefined;
          const alone = withKnown ? recordList(ids.slice(0, 1 + (cut % ids.length))) : undefined;
          const whole = new RfmSlots(AS_OF, o, 1);
          const said = takeAll(whole, rows, 0);
          const toFirst = ringMemory(blocks);
          const toSecond = ringMemory(blocks);
          const first = new RfmSlots(AS_OF, o, 4, { owner: 0, inbox: toFirst, outbox: toSecond });
          const second = new RfmSlots(AS_OF, o, 4, {
            owner: 1,
            inbox: toSecond,
            outbox: toFirst,
          });
          // The two readers take turns (a few rows each, as `steps` says), the second reading its parts from the
          // last back, and sometimes adds what the other sent; then each sends its last rows and adds the other's.
          const firstRows = rows.slice(0, at);
          const { order: secondRows, rowOf } = workerRows(rows, at, cuts);
          const saidFirst: number[] = [];
          const saidSecond: number[] = [];
          for (let k = 0; saidFirst.length < firstRows.length || saidSecond.length < secondRows.length; k++) {
            const step = steps[k % steps.length] as number;
            const a = saidFirst.length;
            saidFirst.push(...takeAll(first, firstRows.slice(a, a + step), a));
            const b = saidSecond.length;
            saidSecond.push(...takeWorker(second, secondRows.slice(b, b + step), b));
            if (k === 0) first.markKnownAhead(known?.list, Number.POSITIVE_INFINITY);
            if (k % 2 === 0) first.receive();
            else second.receive();
          }
          expect(saidFirst).toEqual(said.slice(0, at));
          expect(saidSecond).toEqual(secondRows.map((r) => said[r.index]));
          first.finishSending();
          second.finishSending();
          expect(second.receive()).toBe(true);
          expect(first.receive()).toBe(true);
          first.absorb(second.export(), rowOf);
          expect(plain(first, known?.list)).toEqual(plain(whole, alone?.list));
          if (known !== undefined && alone !== undefined)
            expect(distinctIn(known.records, 'id')).toBe(distinctIn(alone.records, 'id'));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('finds positions asked in the order of a known list (repeats too), out of it, and again, as without the list (fast-check)', () => {
    const ids = [
      'a',
      'b',
      'c1234567',
      'café',
      'nobody',
      'a customer id longer than a slot',
      'a customer id longer than a plot',
    ];
    fc.assert(
      fc.property(
        fc.array(row, { maxLength: 30 }),
        fc.array(fc.constantFrom(...ids), { maxLength: 8 }),
        fc.array(fc.constantFrom(...ids), { maxLength: 12 }),
        options,
        fc.boolean(),
        // The known ids marked ahead in pieces (markKnownAhead) while rows still come, after `cut` of them.
        fc.array(fc.nat({ max: 5 }), { maxLength: 4 }),
        fc.nat({ max: 30 }),
        (rows, known, strays, o, asBytes, ahead, cut) => {
          const listed = new RfmSlots(AS_OF, o);
          const plainTable = new RfmSlots(AS_OF, o);
          takeAll(plainTable, rows, 0);
          // The list as strings, or as the CLI's customers file gives it (ids copied as bytes, read from
          // records: the table then tells each record's position).
          const { list, records } = recordList(known);
          const given = asBytes ? list : known;
          const at = Math.min(cut, rows.length);
          takeAll(listed, rows.slice(0, at), 0);
          for (const count of ahead) listed.markKnownAhead(given, count);
          takeAll(listed, rows.slice(at), at);
          const withList = listed.finish(given).table;
          const without = plainTable.finish().table;
          // The reference: the known customers with a taken row first, in the list's order (a repeated one
          // where it first is), then the others in the order of the table read without the list (of their
          // first row).
          const first = [...new Set(known)].filter((id) => without.ids.includes(id));
          const order = [...first, ...without.ids.filter((id) => !first.includes(id))];
          expect(withList.ids).toEqual(order);
          // Each position's id as bytes (known ones from the list, the others from the slots; long, beyond
          // ASCII), -1 without room or past the positions.
          for (const table of [withList, without])
            table.ids.forEach((id, p) => {
              const bytes = Buffer.from(id, 'utf8');
              const target = new Uint8Array(bytes.length + 3);
              expect(table.idBytesInto?.(p, target, 3, bytes.length)).toBe(bytes.length);
              expect(Buffer.from(target.subarray(3))).toEqual(bytes);
              expect(table.idBytesInto?.(p, target, 0, bytes.length - 1)).toBe(-1);
              expect(table.idBytesInto?.(table.ids.length, target, 0, 64)).toBe(-1);
            });
          const reference = (id: string) => (order.includes(id) ? order.indexOf(id) : undefined);
          // The core's order (the list's), then ids out of it, then the list from its start again.
          // By text, and by bytes (an id among others' bytes, as the core's IdColumn keeps them).
          for (const id of [...known, ...strays, ...known, ...known.slice(1)]) {
            expect(withList.positionOf(id)).toBe(reference(id));
            const key = encoder.encode(`ab${id}c`);
            expect(withList.positionOfBytes?.(key, 2, key.length - 1)).toBe(reference(id));
          }
          // Each record's place, where it has one, is its id's position (a place past the features: none).
          // Ids read from records are found all different exactly when they are (with or without rows).
          if (asBytes) expect(distinctIn(records, 'id')).toBe(new Set(known).size === known.length);
          else expect(distinctIn(records, 'id')).toBe(false);
          const placed = withList.recordPositions;
          expect(placed === undefined).toBe(!asBytes);
          if (placed !== undefined) {
            expect(placed.records).toBe(records);
            expect(placed.idKey).toBe('id');
            const size = withList.recency.length;
            known.forEach((id, i) => {
              const p = placed.positions[i] as number;
              expect(p === -1 ? reference(id) : p < size ? p : undefined).toBe(reference(id));
              if (reference(id) !== undefined) expect(p).toBeGreaterThanOrEqual(0);
            });
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses a row after asOf or without an order as the core does, and counts the ones it leaves out', () => {
    const take = (o: Partial<ConstructorParameters<typeof RfmSlots>[1]>, r: Row) =>
      takeAll(
        new RfmSlots(AS_OF, {
          frequency: 'transactions',
          monetary: 'sum',
          returns: 'net',
          future: 'reject',
          ...o,
        }),
        [r],
        0,
      )[0];
    expect(take({}, { id: 'a', day: AS_OF + 1, micro: 1, order: -1 })).toBe(FUTURE);
    expect(take({ future: 'ignore' }, { id: 'a', day: AS_OF + 1, micro: 1, order: -1 })).toBe(TAKEN);
    expect(take({ frequency: 'orders' }, { id: 'a', day: AS_OF, micro: 1, order: -1 })).toBe(NO_ORDER);
    // A return needs no order.
    expect(take({ frequency: 'orders' }, { id: 'a', day: AS_OF, micro: -1, order: -1 })).toBe(TAKEN);
    const slots = new RfmSlots(AS_OF, {
      frequency: 'days',
      monetary: 'mean',
      returns: 'ignore',
      future: 'ignore',
    });
    takeAll(
      slots,
      [
        { id: 'a', day: AS_OF - 2, micro: 10_000_000, order: -1 },
        { id: 'a', day: AS_OF - 2, micro: 20_000_000, order: -1 },
        { id: 'a', day: AS_OF - 9, micro: 3_000_000, order: -1 },
        { id: 'a', day: AS_OF - 1, micro: -4_000_000, order: -1 },
        { id: 'a', day: AS_OF + 5, micro: 1_000_000, order: -1 },
      ],
      0,
    );
    const { table } = slots.finish();
    // Two distinct days, 33 spent over them; the return and the future purchase are left out and counted.
    expect(Array.from(table.frequency)).toEqual([2]);
    expect(Array.from(table.monetary)).toEqual([16.5]);
    expect(Array.from(table.recency)).toEqual([2]);
    expect([table.ignoredFuture, table.ignoredReturns]).toEqual([1, 1]);
  });

  it('keeps every row of many customers through its queues, growing tables and long ids (reference by hand)', () => {
    // 40,000 customers (a third with ids longer than a slot holds), 300,000 rows in a random order, a table
    // sized for one customer: the queues fill, grow and are added many times, the long ids' bytes too.
    const o = { frequency: 'transactions', monetary: 'sum', returns: 'net', future: 'reject' } as const;
    const idOf = (c: number) => (c % 3 === 0 ? `customer number ${c} of a long export` : `c${c}`);
    const rows: Row[] = [];
    let x = 11;
    for (let i = 0; i < 300_000; i++) {
      x = (Math.imul(x, 1_103_515_245) + 12_345) | 0;
      const c = (x >>> 4) % 40_000;
      rows.push({ id: idOf(c), day: AS_OF - ((x >>> 9) % 700), micro: (x % 9_000) * 1000, order: -1 });
    }
    // The reference: a Map in row order (a return adds to the sum only).
    const reference = new Map<string, { first: number; last: number; n: number; sum: number }>();
    for (const r of rows) {
      const a = reference.get(r.id) ?? { first: Infinity, last: -Infinity, n: 0, sum: 0 };
      a.sum += r.micro;
      if (r.micro >= 0) {
        a.first = Math.min(a.first, r.day);
        a.last = Math.max(a.last, r.day);
        a.n++;
      }
      reference.set(r.id, a);
    }
    // Known ids: short and long, one without rows, two given twice (the second is the first's place).
    const known = ['c5', idOf(9), 'nobody', 'c7', 'c5', idOf(9)];
    const whole = new RfmSlots(AS_OF, o, 1);
    takeAll(whole, rows, 0);
    const { table, unknown } = whole.finish(known);
    // Known customers first (those with rows), then the others by their first row.
    const order = [...new Set(rows.map((r) => r.id))];
    const first = [...new Set(known)].filter((id) => reference.has(id));
    expect(table.ids).toEqual([...first, ...order.filter((id) => !first.includes(id))]);
    table.ids.forEach((id, p) => {
      const a = reference.get(id) as { first: number; last: number; n: number; sum: number };
      expect(table.frequency[p]).toBe(a.n);
      if (a.n > 0)
        expect([table.firstDay[p], table.lastDay[p], table.recency[p]]).toEqual([
          a.first,
          a.last,
          AS_OF - a.last,
        ]);
      else expect(table.recency[p]).toBe(-1);
      expect(table.monetary[p]).toBeCloseTo(a.sum / 1e6, 6);
      expect(table.positionOf(id)).toBe(p);
    });
    for (const id of known)
      expect(table.positionOf(id)).toBe(id === 'nobody' ? undefined : table.ids.indexOf(id));
    expect(unknown.ids.size).toBe(reference.size - first.length);
    expect(unknown.rows).toBe(rows.filter((r) => !known.includes(r.id)).length);
    // Read in two parts put together, the same.
    const a = new RfmSlots(AS_OF, o, 1);
    const b = new RfmSlots(AS_OF, o, 1);
    takeAll(a, rows.slice(0, 123_457), 0);
    b.setRowNumber(ROW_BIAS, 0);
    takeAll(b, rows.slice(123_457), 0);
    a.absorb(b.export(), (number) => (number < ROW_BIAS ? number : number - ROW_BIAS + 123_457));
    expect(plain(a)).toEqual(plain(new RfmSlots(AS_OF, o, 1), undefined, rows));
  });
});

describe('hashOfKey', () => {
  it('is hashBytes of an id of up to 16 bytes, from its key words (fast-check)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 16 }), fc.nat(5), (id, pad) => {
        const bytes = Buffer.concat([Buffer.alloc(pad, 0x7a), id, Buffer.alloc(pad, 0x7a)]);
        const [s, e] = [pad, pad + id.length];
        const words = [0, 1, 2, 3].map((w) => keyWord(bytes, s, e, w)) as [number, number, number, number];
        expect(hashOfKey(id.length, ...words)).toBe(hashBytes(bytes, s, e));
      }),
      { numRuns: 2000 },
    );
  });
});
