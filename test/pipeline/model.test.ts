import { describe, expect, it } from 'vitest';
import {
  attributes,
  ConfigError,
  definePipeline,
  fit as fitModel,
  loadModel,
  Model,
  RecordError,
  rfm,
  scoreCustomers,
  thresholds,
  weighted,
} from '../../src/index.js';

const pipeline = definePipeline({
  id: 'm',
  scorers: [
    attributes({
      name: 'fit',
      rules: [
        { when: { field: 'country', in: ['FR', 'BE'] }, points: 10 },
        { when: { field: 'employees', gte: 50 }, points: 5 },
      ],
    }),
    attributes({ name: 'recent', rules: [{ when: { field: 'seen', within: { days: 30 } }, points: 7 }] }),
  ],
  combine: weighted({ fit: 2, recent: 1 }),
  qualify: thresholds([
    { label: 'hot', min: 60 },
    { label: 'cold', min: 0 },
  ]),
});
const customers = [
  { id: 'a', country: 'FR', employees: 80, seen: '2025-12-20' },
  { id: 'b', country: 'US', employees: 10, seen: '2025-10-01' },
  { id: 'c', country: 'BE', seen: '2025-12-31T23:59:59Z' },
];

describe('models', () => {
  it('serialize with a versioned format and load back with identical scores', () => {
    const run = scoreCustomers(customers, pipeline, { asOf: '2026-01-01' });
    const stored = JSON.stringify(run.model);
    const data = JSON.parse(stored);
    expect(data.format).toBe('scorekit.model/1');
    expect(data.asOf).toBe('2026-01-01');
    expect(data.population).toBe(3);
    const model = loadModel(stored);
    expect(model).toBeInstanceOf(Model);
    for (const [i, c] of customers.entries()) expect(model.score(c)).toEqual(run.results[i]);
    expect(loadModel(data).score(customers[0] as never)).toEqual(run.results[0]);
    expect(JSON.stringify(model)).toBe(stored);
  });
  it('score with another asOf, and batch-score new records with the model', () => {
    const model = fitModel(customers, pipeline, { asOf: '2026-01-01' });
    expect(model.score(customers[0] as never, { asOf: '2026-03-01' }).components.recent?.value).toBe(0);
    const run = scoreCustomers([{ id: 'z', country: 'FR', seen: '2025-12-25' }], model);
    expect(run.asOf).toBe('2026-01-01');
    expect(run.results[0]?.components.recent?.value).toBe(7);
    expect(run.model).toBe(model);
  });
  it('keeps an exact asOf instant, so windows give the same answers after loading', () => {
    const run = scoreCustomers(customers, pipeline, { asOf: '2026-01-30T23:59:59Z' });
    expect(run.asOf).toBe('2026-01-30T23:59:59.000Z');
    // c was seen 2025-12-31T23:59:59Z: exactly 30 days before asOf, inside the window (both ends included).
    expect(run.results[2]?.components.recent?.value).toBe(7);
    const model = loadModel(JSON.stringify(run.model));
    expect(model.asOf).toBe('2026-01-30T23:59:59.000Z');
    for (const [i, c] of customers.entries()) expect(model.score(c)).toEqual(run.results[i]);
  });

  it('throws a RecordError for a record it cannot score', () => {
    const model = fitModel(customers, pipeline, { asOf: '2026-01-01' });
    expect(() => model.score({ id: 'q', employees: 'lots' })).toThrow(RecordError);
    expect(() => model.score({ employees: 1 })).toThrow(/no usable "id"/);
    expect(() => model.score({ id: 'q', seen: 'never' }, { asOf: '2026-01-02' })).toThrow(RecordError);
  });
  it('refuses a damaged model with every problem listed', () => {
    const good = JSON.parse(JSON.stringify(fitModel(customers, pipeline, { asOf: '2026-01-01' })));
    const expectInvalid = (value: unknown, pattern: RegExp): void => {
      let error: unknown;
      try {
        loadModel(value);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).code).toBe('invalid_model');
      expect((error as ConfigError).message).toMatch(pattern);
    };
    expectInvalid('{', /not valid JSON/);
    expectInvalid({ ...good, format: 'scorekit.model/0' }, /format: expected "scorekit.model\/1"/);
    expectInvalid({ ...good, asOf: 'x' }, /asOf/);
    expectInvalid(
      { ...good, pipeline: { ...good.pipeline, scorers: [] } },
      /pipeline\.scorers: expected at least 1/,
    );
    expectInvalid(
      { ...good, pipeline: { ...good.pipeline, combine: { type: 'weighted', weights: { fitt: 1 } } } },
      /pipeline\.combine\.weights\.fitt: no scorer is named "fitt" \(did you mean "fit"\?\)/,
    );
  });
});

describe('fit builds the model without scoring', () => {
  it('gives the same model as scoreCustomers(...).model', () => {
    const pipeline = definePipeline({
      id: 'm',
      scorers: [rfm(), attributes({ name: 'fit', rules: [{ when: { field: 'vip', eq: true }, points: 5 }] })],
    });
    const customers = [{ id: 'a', vip: true }, { id: 'b' }, { id: 'c' }, { id: 'c' }, { vip: 'x' }];
    const transactions = [
      { customerId: 'a', date: '2025-12-01', amount: 10 },
      { customerId: 'b', date: '2025-11-01', amount: 30 },
      { customerId: 'b', date: '2025-12-20', amount: 5 },
    ];
    const options = { asOf: '2026-01-01', transactions };
    expect(JSON.stringify(fitModel(customers, pipeline, options))).toBe(
      JSON.stringify(scoreCustomers(customers, pipeline, options).model),
    );
  });
});
