import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  aggregateTransactions,
  ConfigError,
  createRfmAccumulator,
  definePipeline,
  loadModel,
  type RfmComponentScore,
  resolveAsOf,
  rfm,
  rfmFromTransactions,
  rfmSegments,
  scoreCustomers,
} from '../../../src/index.js';

const rfmOf = (run: ReturnType<typeof scoreCustomers>, id: string): RfmComponentScore =>
  run.results.find((r) => r.id === id)?.components.rfm as RfmComponentScore;

describe('rfmFromTransactions: the definitions', () => {
  const tx = [
    { customerId: 'a', date: '2026-01-01', amount: 10, order: 'o1' },
    { customerId: 'a', date: '2026-01-01', amount: 5, order: 'o1' },
    { customerId: 'a', date: '2025-12-20', amount: 20, order: 'o2' },
    { customerId: 'a', date: '2025-12-25', amount: -8, order: 'o3' },
    { customerId: 'b', date: '2025-12-31T23:59:59Z', amount: '7.25', order: 'o4' },
    { customerId: 'c', date: '2025-11-01', amount: -3 },
  ];
  it('recency counts whole days to asOf: the asOf day itself is 0, the day before is 1', () => {
    const { customers } = rfmFromTransactions(tx, { asOf: '2026-01-01' });
    expect(customers.map((c) => [c.id, c.recency])).toEqual([
      ['a', 0],
      ['b', 1],
      ['c', null],
    ]);
    expect(customers[0]).toMatchObject({ firstPurchase: '2025-12-20', lastPurchase: '2026-01-01' });
  });
  it('frequency counts rows, distinct days or distinct orders; returns never count as purchases', () => {
    const f = (frequency: 'transactions' | 'days' | 'orders') =>
      rfmFromTransactions(tx, { asOf: '2026-01-01', frequency, orderKey: 'order' }).customers.map(
        (c) => c.frequency,
      );
    expect(f('transactions')).toEqual([3, 1, 0]);
    expect(f('days')).toEqual([2, 1, 0]);
    expect(f('orders')).toEqual([2, 1, 0]);
  });
  it('monetary: net subtracts returns, ignore leaves them out; mean is per frequency unit', () => {
    const net = rfmFromTransactions(tx, { asOf: '2026-01-01' });
    expect(net.customers.map((c) => c.monetary)).toEqual([27, 7.25, -3]);
    const ignore = rfmFromTransactions(tx, { asOf: '2026-01-01', returns: 'ignore' });
    expect(ignore.customers.map((c) => c.monetary)).toEqual([35, 7.25]);
    expect(ignore.ignoredReturns).toBe(2);
    const mean = rfmFromTransactions(tx, {
      asOf: '2026-01-01',
      monetary: 'mean',
      frequency: 'days',
      returns: 'ignore',
    });
    expect(mean.customers.map((c) => c.monetary)).toEqual([17.5, 7.25]);
  });
  it('invoice lines: a quantity times a unit price, a negative quantity being a return', () => {
    // UCI Online Retail style: InvoiceNo, Quantity, UnitPrice, CustomerID; a cancelled line has Quantity < 0.
    const lines = [
      {
        CustomerID: '17850.0',
        InvoiceDate: '2010-12-01 08:26:00',
        InvoiceNo: '536365',
        Quantity: '6',
        UnitPrice: '2.55',
      },
      {
        CustomerID: '17850.0',
        InvoiceDate: '2010-12-01 08:26:00',
        InvoiceNo: '536365',
        Quantity: '8',
        UnitPrice: '2.75',
      },
      {
        CustomerID: '17850.0',
        InvoiceDate: '2010-12-05 10:00:00',
        InvoiceNo: 'C536379',
        Quantity: '-2',
        UnitPrice: '2.55',
      },
      {
        CustomerID: '13047.0',
        InvoiceDate: '2010-12-03 09:00:00',
        InvoiceNo: '536367',
        Quantity: 'two',
        UnitPrice: '1.5',
      },
      { CustomerID: '13047.0', InvoiceDate: '2010-12-03 09:00:00', InvoiceNo: '536367', UnitPrice: '1.5' },
      {
        CustomerID: '13047.0',
        InvoiceDate: '2010-12-03 09:00:00',
        InvoiceNo: '536367',
        Quantity: 3,
        UnitPrice: 0,
      },
    ];
    const out = rfmFromTransactions(lines, {
      asOf: '2010-12-10',
      customerKey: 'CustomerID',
      dateKey: 'InvoiceDate',
      amountKey: 'UnitPrice',
      quantityKey: 'Quantity',
      orderKey: 'InvoiceNo',
      frequency: 'orders',
    });
    // 17850: 6 × 2.55 + 8 × 2.75 − 2 × 2.55 = 15.3 + 22 − 5.1 = 32.2, one order (the cancellation is a return).
    // 13047: the two lines without a readable quantity are rejected; the free line counts: 0 spent, one order.
    expect(out.customers.map((c) => [c.id, c.frequency, c.monetary, c.recency])).toEqual([
      ['13047.0', 1, 0, 7],
      ['17850.0', 1, 32.2, 9],
    ]);
    expect(out.rejected.map((r) => [r.index, r.path, r.code, r.message])).toEqual([
      [3, ['Quantity'], 'invalid_quantity', 'expected a finite quantity, got "two"'],
      [4, ['Quantity'], 'invalid_quantity', 'expected a finite quantity, got nothing'],
    ]);
  });
  it('purchases after asOf are rejected, or ignored and counted', () => {
    const late = [...tx, { customerId: 'b', date: '2026-01-02', amount: 1 }];
    const rejected = rfmFromTransactions(late, { asOf: '2026-01-01' });
    expect(rejected.rejected).toEqual([
      {
        index: 6,
        id: 'b',
        path: ['date'],
        code: 'future_purchase',
        message: 'the purchase date is after asOf (2026-01-01)',
        source: 'transactions',
      },
    ]);
    const ignored = rfmFromTransactions(late, { asOf: '2026-01-01', future: 'ignore' });
    expect(ignored.rejected).toEqual([]);
    expect(ignored.ignoredFuture).toBe(1);
  });
  it('reports every bad row with its index and reason', () => {
    const bad = [
      { customerId: '', date: '2025-01-01', amount: 1 },
      { customerId: 'x', date: 'yesterday', amount: 1 },
      { customerId: 'x', date: '2025-01-01', amount: 'ten' },
      { customerId: 'x', date: '2025-01-01', amount: Number.POSITIVE_INFINITY },
      null,
      { customerId: 'x', date: '2025-02-30', amount: 1 },
    ];
    const out = rfmFromTransactions(bad, { asOf: '2026-01-01' });
    expect(out.rejected.map((r) => [r.index, r.code])).toEqual([
      [0, 'missing_customer'],
      [1, 'invalid_date'],
      [2, 'invalid_amount'],
      [3, 'invalid_amount'],
      [4, 'invalid_record'],
      [5, 'invalid_date'],
    ]);
    expect(out.customers).toEqual([]);
  });
  it('monetary is exact to 6 decimals whatever the order of the rows', () => {
    const rows = [0.1, 0.2, 0.3, 1e-7, 123.456789].map((amount, i) => ({
      customerId: 'a',
      date: `2025-01-0${i + 1}`,
      amount,
    }));
    const a = rfmFromTransactions(rows, { asOf: '2026-01-01' }).customers[0]?.monetary;
    const b = rfmFromTransactions([...rows].reverse(), { asOf: '2026-01-01' }).customers[0]?.monetary;
    expect(a).toBe(124.056789);
    expect(b).toBe(a);
  });
  it('reads an array of rows exactly as the accumulator reads them one by one (fast-check)', () => {
    // rfmFromTransactions takes the common row (known string id, date text, finite number) on a short path;
    // every other row goes through the accumulator's add. Both must agree on every row: same features, same
    // rejections, same counts, whatever the mix.
    const asOf = '2026-01-01';
    // An id inherited from a prototype is no id: the row has no customer of its own.
    const inherited = Object.assign(Object.create({ customerId: 'a' }) as object, {
      date: '2025-05-05',
      amount: 9,
    });
    const row = fc.oneof(
      fc.record({
        customerId: fc.constantFrom('a', 'b', 'c', ' ', '', 7, null, 'toString'),
        date: fc.constantFrom(
          '2025-12-31',
          '2026-01-01',
          '2026-01-02',
          '2025-02-30',
          'soon',
          1_735_689_600_000,
        ),
        amount: fc.constantFrom(
          10,
          -4,
          0,
          -0,
          2.5,
          '3.75',
          'ten',
          Number.NaN,
          Number.POSITIVE_INFINITY,
          1e-7,
        ),
      }),
      fc.constant(inherited),
      fc.constant(null),
    );
    const options = fc.record({
      returns: fc.constantFrom('net' as const, 'ignore' as const),
      future: fc.constantFrom('reject' as const, 'ignore' as const),
      frequency: fc.constantFrom('transactions' as const, 'days' as const),
      monetary: fc.constantFrom('sum' as const, 'mean' as const),
    });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 40 }), options, (rows, opts) => {
        const fast = rfmFromTransactions(rows, { asOf, ...opts });
        const acc = createRfmAccumulator(resolveAsOf(asOf), opts);
        const codes: [number, string][] = [];
        rows.forEach((r, i) => {
          const own = (key: string): unknown =>
            r !== null && Object.hasOwn(r, key) ? (r as Record<string, unknown>)[key] : undefined;
          const bad =
            r === null ? { code: 'invalid_record' } : acc.add(own('customerId'), own('date'), own('amount'));
          if (bad !== undefined) codes.push([i, bad.code]);
        });
        const table = acc.finish();
        expect(fast.rejected.map((r) => [r.index, r.code])).toEqual(codes);
        expect(fast.ignoredFuture).toBe(table.ignoredFuture);
        expect(fast.ignoredReturns).toBe(table.ignoredReturns);
        const byId = [...table.ids].sort();
        expect(fast.customers.map((c) => c.id)).toEqual(byId);
        for (const c of fast.customers) {
          const at = table.positionOf(c.id) as number;
          expect(c.frequency).toBe(table.frequency[at]);
          expect(c.monetary).toBe(table.monetary[at]);
          expect(c.recency).toBe(table.hasPurchase[at] === 1 ? table.recency[at] : null);
        }
      }),
      { numRuns: 300 },
    );
  });
  it('counts days in the given time zone', () => {
    const row = [{ customerId: 'a', date: '2025-12-31T23:30:00Z', amount: 1 }];
    expect(rfmFromTransactions(row, { asOf: '2026-01-01' }).customers[0]?.recency).toBe(1);
    expect(
      rfmFromTransactions(row, { asOf: '2026-01-01', timeZone: 'Europe/Paris' }).customers[0]?.recency,
    ).toBe(0);
    expect(
      rfmFromTransactions(row, { asOf: '2026-01-01', timeZone: 'America/Los_Angeles' }).customers[0]?.recency,
    ).toBe(1);
  });
});

describe('the rfm scorer', () => {
  // Five customers, asOf 2026-01-01 (day 0 below is the asOf day):
  //   recency (days):  a 1, b 10, c 10, d 100, e 300
  //   frequency:       a 5, b 1,  c 3,  d 3,   e 1
  //   monetary:        a 500, b 50, c 80, d 80, e 10
  const tx = [
    ...[1, 20, 40, 60, 80].map((d) => ({ customerId: 'a', date: day(d), amount: 100 })),
    { customerId: 'b', date: day(10), amount: 50 },
    ...[10, 200, 250].map((d, i) => ({ customerId: 'c', date: day(d), amount: [30, 30, 20][i] as number })),
    ...[100, 150, 200].map((d, i) => ({ customerId: 'd', date: day(d), amount: [20, 20, 40][i] as number })),
    { customerId: 'e', date: day(300), amount: 10 },
  ];
  const customers = ['a', 'b', 'c', 'd', 'e', 'f'].map((id) => ({ id }));
  function day(daysBefore: number): string {
    return new Date(Date.UTC(2026, 0, 1) - daysBefore * 86_400_000).toISOString().slice(0, 10);
  }

  it('scores quantiles with ties: same, by hand', () => {
    // n = 5 purchasers (f has none), k = 5, score = 1 + floor(5 · (rankMin − 1) / 5) = rankMin.
    // R (fewer days better): e 300 → 1, d 100 → 2, b,c 10 → 3, a 1 → 5
    // F: b,e 1 → 1, c,d 3 → 3, a 5 → 5.  M: e 10 → 1, b 50 → 2, c,d 80 → 3, a 500 → 5
    const run = scoreCustomers(customers, definePipeline({ id: 'p', scorers: [rfm()] }), {
      asOf: '2026-01-01',
      transactions: tx,
    });
    expect(['a', 'b', 'c', 'd', 'e'].map((id) => rfmOf(run, id).code)).toEqual([
      '555',
      '312',
      '333',
      '233',
      '111',
    ]);
    expect(rfmOf(run, 'a')).toMatchObject({
      r: 5,
      f: 5,
      m: 5,
      recency: 1,
      frequency: 5,
      monetary: 500,
      value: 15,
      max: 15,
      normalized: 1,
    });
    expect(rfmOf(run, 'c').normalized).toBeCloseTo(6 / 12, 12);
  });

  it('makes no record to score an RFM-only pipeline; makes them when segments read them', () => {
    const read: number[] = [];
    const source = {
      length: customers.length,
      at: (i: number) => {
        read.push(i);
        return customers[i];
      },
      field: (i: number, key: string) => (customers[i] as Record<string, unknown> | undefined)?.[key],
    };
    const alone = definePipeline({ id: 'p', scorers: [rfm()] });
    const run = scoreCustomers(source, alone, { asOf: '2026-01-01', transactions: tx });
    expect(read).toEqual([]);
    expect(run.results).toEqual(
      scoreCustomers(customers, alone, { asOf: '2026-01-01', transactions: tx }).results,
    );
    const segmented = definePipeline({ id: 'p', scorers: [rfm()], segment: rfmSegments() });
    const withSegments = scoreCustomers(source, segmented, { asOf: '2026-01-01', transactions: tx });
    expect(read.length).toBe(withSegments.results.length);
    expect(withSegments.results).toEqual(
      scoreCustomers(customers, segmented, { asOf: '2026-01-01', transactions: tx }).results,
    );
  });

  it('reads the records of a table made for them by their place (recordPositions), any others by their id', () => {
    const pipeline = definePipeline({ id: 'p', scorers: [rfm()] });
    const aggregator = aggregateTransactions(pipeline, { asOf: '2026-01-01' });
    for (const [i, row] of tx.entries()) expect(aggregator.add(row, i)).toBeUndefined();
    const table = aggregator.finish();
    const byId = scoreCustomers(customers, pipeline, { asOf: '2026-01-01', transactions: table });
    const codes = (run: ReturnType<typeof scoreCustomers>) => run.results.map((r) => rfmOf(run, r.id).code);
    // Places that say a and b swapped, c and f looked up (-1): the same population, a and b's codes swapped.
    const source = { length: customers.length, at: (i: number) => customers[i] };
    const at = (id: string) => table.positionOf(id) as number;
    const positions = Int32Array.of(at('b'), at('a'), -1, at('d'), at('e'), -1);
    const placed = { ...table, recordPositions: { records: source, idKey: 'id', positions } };
    const swapped = scoreCustomers(source, pipeline, { asOf: '2026-01-01', transactions: placed });
    const [a, b, c, d, e, f] = codes(byId);
    expect(codes(swapped)).toEqual([b, a, c, d, e, f]);
    // A place past the features: a listed customer without any row, as if d had none.
    const withoutD = scoreCustomers(customers, pipeline, {
      asOf: '2026-01-01',
      transactions: tx.filter((row) => row.customerId !== 'd'),
    });
    const none = Int32Array.of(at('a'), at('b'), at('c'), table.recency.length, at('e'), -1);
    const noneOfD = { ...table, recordPositions: { records: source, idKey: 'id', positions: none } };
    const run = scoreCustomers(source, pipeline, { asOf: '2026-01-01', transactions: noneOfD });
    expect(codes(run)).toEqual(codes(withoutD));
    expect(rfmOf(run, 'd').recency).toBeNull();
    // Other records (the same rows), or ids from another field: the places are not theirs, each id is looked up.
    const copy = { length: customers.length, at: (i: number) => customers[i] };
    expect(codes(scoreCustomers(copy, pipeline, { asOf: '2026-01-01', transactions: placed }))).toEqual(
      codes(byId),
    );
    const otherKey = { ...placed, recordPositions: { records: source, idKey: 'code', positions } };
    expect(codes(scoreCustomers(source, pipeline, { asOf: '2026-01-01', transactions: otherKey }))).toEqual(
      codes(byId),
    );
  });

  it("reads records placed out of the table's order as it reads them by id (recordPositions)", () => {
    const pipeline = definePipeline({ id: 'p', scorers: [rfm()] });
    const aggregator = aggregateTransactions(pipeline, { asOf: '2026-01-01' });
    for (const [i, row] of tx.entries()) expect(aggregator.add(row, i)).toBeUndefined();
    const table = aggregator.finish();
    const options = { asOf: '2026-01-01' };
    // The records in another order than the table's, f (no row) placed past the table, and a record without
    // an id (rejected) at a place another record has: each record's features are written at its own index.
    const records = [
      { id: 'e' },
      { id: 'c' },
      { id: 'f' },
      { name: 'no id' },
      { id: 'a' },
      { id: 'd' },
      { id: 'b' },
    ];
    const placeOf = (r: { id?: string }) =>
      r.id === undefined ? 0 : (table.positionOf(r.id) ?? table.recency.length);
    const positions = Int32Array.from(records, placeOf);
    const source = { length: records.length, at: (i: number) => records[i] };
    const placed = { ...table, recordPositions: { records: source, idKey: 'id', positions } };
    const byPlace = scoreCustomers(source, pipeline, { ...options, transactions: placed });
    const byId = scoreCustomers(records, pipeline, { ...options, transactions: table });
    expect(byPlace.results).toEqual(byId.results);
    expect(byPlace.rejected).toEqual(byId.rejected);
    expect(byPlace.results.map((r) => r.id)).toEqual(['e', 'c', 'f', 'a', 'd', 'b']);
    // Two records at one place (ids that say otherwise): each reads that place, as the positions say.
    const twice = Int32Array.from(records, placeOf);
    twice[6] = twice[4] as number;
    const shared = scoreCustomers(source, pipeline, {
      ...options,
      transactions: { ...table, recordPositions: { records: source, idKey: 'id', positions: twice } },
    });
    const features = (c: RfmComponentScore) => [c.recency, c.frequency, c.monetary];
    expect(features(rfmOf(shared, 'b'))).toEqual(features(rfmOf(byId, 'a')));
    expect(features(rfmOf(shared, 'a'))).toEqual(features(rfmOf(byId, 'a')));
  });

  it('gives a customer without purchases a defined result, never NaN', () => {
    const run = scoreCustomers(customers, definePipeline({ id: 'p', scorers: [rfm()] }), {
      asOf: '2026-01-01',
      transactions: tx,
    });
    expect(rfmOf(run, 'f')).toMatchObject({
      r: 1,
      f: 1,
      m: 1,
      code: '111',
      recency: null,
      frequency: 0,
      monetary: 0,
      value: 3,
      normalized: 0,
    });
    expect(rfmOf(run, 'f').detail[0]?.reason).toBe('R=1: no purchase on or before 2026-01-01');
    expect(run.model.toJSON().fitted).toMatchObject({ rfm: { population: 5 } });
  });

  it('scores equal-count bins with ties: split (ties by ascending id)', () => {
    // k = 5, n = 5: each customer its own bin, in (value, id) order.
    // R: e, d, b(10), c(10), a → b 3, c 4.  F: b(1), e(1), c(3), d(3), a → b 1, e 2, c 3, d 4.  M: e, b, c(80), d(80), a.
    const run = scoreCustomers(customers, definePipeline({ id: 'p', scorers: [rfm({ ties: 'split' })] }), {
      asOf: '2026-01-01',
      transactions: tx,
    });
    expect(['a', 'b', 'c', 'd', 'e'].map((id) => rfmOf(run, id).code)).toEqual([
      '555',
      '312',
      '433',
      '244',
      '121',
    ]);
  });

  it('scores business thresholds', () => {
    const thresholds = { recency: [7, 30, 90, 180], frequency: [2, 3, 4, 5], monetary: [20, 50, 100, 200] };
    const run = scoreCustomers(
      customers,
      definePipeline({ id: 'p', scorers: [rfm({ method: 'thresholds', thresholds })] }),
      { asOf: '2026-01-01', transactions: tx },
    );
    // a: recency 1 ≤ 7 → 5; F 5 ≥ 5 → 5; M 500 ≥ 200 → 5.  d: 100 → 2 (≤180); F 3 → 3; M 80 → 3.  e: 300 → 1; F 1 → 1; M 10 → 1.
    expect(['a', 'd', 'e'].map((id) => rfmOf(run, id).code)).toEqual(['555', '233', '111']);
    // b: recency 10 → 4 (≤ 30); F 1 → 1; M 50 → 3 (≥ 50)
    expect(rfmOf(run, 'b').code).toBe('413');
  });

  it('reads fields already on the customer', () => {
    const pipeline = definePipeline({
      id: 'p',
      scorers: [rfm({ recency: 'days', frequency: 'orders', monetary: 'revenue' })],
    });
    const run = scoreCustomers(
      [
        { id: 1, days: 3, orders: 4, revenue: 400 },
        { id: 2, days: '30', orders: '1', revenue: '10' },
        { id: 3 },
        { id: 4, days: 'soon', orders: 1, revenue: 1 },
      ],
      pipeline,
      { asOf: '2026-01-01' },
    );
    expect(run.results.map((r) => (r.components.rfm as RfmComponentScore).code)).toEqual([
      '333',
      '111',
      '111',
    ]);
    expect(run.rejected).toEqual([
      { index: 3, id: '4', path: ['days'], code: 'invalid_type', message: 'expected a number, got "soon"' },
    ]);
  });

  it('explains each score with the raw value and the share of customers it beats', () => {
    const run = scoreCustomers(customers, definePipeline({ id: 'p', scorers: [rfm()] }), {
      asOf: '2026-01-01',
      transactions: tx,
    });
    expect(rfmOf(run, 'c').detail.map((d) => d.reason)).toEqual([
      'R=3: last purchase 10 days before 2026-01-01, more recent than 40% of customers',
      'F=3: 3 purchases, more than 40% of customers',
      'M=3: 80 spent, more than 40% of customers',
    ]);
    const component = rfmOf(run, 'c');
    expect(component.detail.reduce((s, d) => s + d.points, 0)).toBe(component.value);
  });

  it('a loaded model reproduces every fitted customer exactly, and places new ones among the population', () => {
    const pipeline = definePipeline({
      id: 'p',
      scorers: [rfm()],
      segment: rfmSegments({ preset: 'standard' }),
    });
    const run = scoreCustomers(customers, pipeline, { asOf: '2026-01-01', transactions: tx });
    const model = loadModel(JSON.stringify(run.model));
    for (const result of run.results) {
      const own = tx.filter((t) => t.customerId === result.id);
      expect(model.score({ id: result.id }, { transactions: own })).toEqual(result);
    }
    // A newcomer with one purchase of 60 a day before asOf, against the 5 fitted customers:
    // R: 1 day, better than 4 (a ties) → 1 + floor(5·4/5) = 5; F: 1, better than none → 1; M: 60 beats 10 and 50 → 3.
    const newcomer = model.score(
      { id: 'z' },
      { transactions: [{ customerId: 'z', date: day(1), amount: 60 }] },
    );
    expect((newcomer.components.rfm as RfmComponentScore).code).toBe('513');
  });

  it('asks for transactions, and refuses options that do not fit', () => {
    const pipeline = definePipeline({ id: 'p', scorers: [rfm()] });
    expect(() => scoreCustomers(customers, pipeline, { asOf: '2026-01-01' })).toThrow(/needs transactions/);
    expect(() => scoreCustomers(customers, pipeline)).toThrow(ConfigError);
    const issues = (config: object) => {
      try {
        definePipeline({ id: 'p', scorers: [{ type: 'rfm', name: 'rfm', ...config }] } as never);
        return [];
      } catch (error) {
        return (error as ConfigError).issues.map((i) => i.code);
      }
    };
    expect(issues({ frequency: 'weekly' })).toEqual(['invalid_value']);
    expect(issues({ frequency: 'orders' })).toEqual(['missing_field']);
    expect(issues({ bins: 11 })).toEqual(['too_big']);
    expect(issues({ method: 'thresholds' })).toEqual(['missing_field']);
    expect(
      issues({
        method: 'thresholds',
        thresholds: { recency: [1, 2], frequency: [1, 2, 3, 4], monetary: [4, 3, 2, 1] },
      }),
    ).toEqual(['invalid_cuts', 'invalid_cuts']);
    expect(issues({ recency: 'days', frequency: 'n' })).toEqual(['missing_field']);
    expect(
      issues({ source: 'fields', recency: 'd', frequency: 'f', monetary: 'm', customerKey: 'c' }),
    ).toEqual(['not_applicable']);
  });

  it('does not depend on the order of customers or transactions (fast-check)', () => {
    const pipeline = definePipeline({ id: 'p', scorers: [rfm({ ties: 'split' })], segment: rfmSegments() });
    const base = scoreCustomers(customers, pipeline, { asOf: '2026-01-01', transactions: tx });
    const byId = (run: typeof base) => new Map(run.results.map((r) => [r.id, r]));
    fc.assert(
      fc.property(
        fc.shuffledSubarray(tx, { minLength: tx.length }),
        fc.shuffledSubarray(customers, { minLength: customers.length }),
        (t, c) => {
          expect(byId(scoreCustomers(c, pipeline, { asOf: '2026-01-01', transactions: t }))).toEqual(
            byId(base),
          );
        },
      ),
      { numRuns: 50 },
    );
  });
});

describe('the RFM component of a result', () => {
  it('has the fields of RfmComponentScore in their documented order, the JSON of a plain object', () => {
    const pipeline = definePipeline({ id: 'p', scorers: [rfm()] });
    const run = scoreCustomers([{ id: 'a' }, { id: 'b' }], pipeline, {
      asOf: '2026-01-01',
      transactions: [{ customerId: 'a', date: '2025-12-01', amount: 30 }],
    });
    const order = ['scorer', 'type', 'value', 'max', 'normalized', 'detail', 'r', 'f', 'm', 'code'];
    const fields = [...order, 'recency', 'frequency', 'monetary'];
    // A buyer and a customer without any purchase (made apart), both with the same own fields in this order.
    for (const id of ['a', 'b']) {
      const c = rfmOf(run, id);
      expect(Object.keys(c)).toEqual(fields);
      expect(Object.keys(JSON.parse(JSON.stringify(c)))).toEqual(fields);
      expect({ ...c }).toEqual(JSON.parse(JSON.stringify(c)));
    }
    expect(rfmOf(run, 'b')).toEqual({
      scorer: 'rfm',
      type: 'rfm',
      value: 3,
      max: 15,
      normalized: 0,
      detail: ['R', 'F', 'M'].map((rule) => expect.objectContaining({ scorer: 'rfm', rule, points: 1 })),
      r: 1,
      f: 1,
      m: 1,
      code: '111',
      recency: null,
      frequency: 0,
      monetary: 0,
    });
  });
});
