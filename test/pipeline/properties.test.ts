import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  attributes,
  ConfigError,
  definePipeline,
  loadModel,
  type PipelineConfig,
  scoreCustomers,
  segments,
  thresholds,
  weighted,
} from '../../src/index.js';
import type { Condition } from '../../src/schema/condition.js';

/** Whether every character of `text` is ASCII. */
function isAscii(text: string): boolean {
  for (let k = 0; k < text.length; k++) if (text.charCodeAt(k) >= 0x80) return false;
  return true;
}

const FIELDS = ['a', 'b', 'c', 'n.x'] as const;
const scalar = fc.oneof(
  fc.constantFrom('FR', 'BE', 'x', ''),
  fc.integer({ min: -5, max: 5 }),
  fc.boolean(),
  fc.constant(null),
);
const number = fc.integer({ min: -5, max: 5 });

const fieldCondition: fc.Arbitrary<Condition> = fc.oneof(
  fc.record({ field: fc.constantFrom(...FIELDS), eq: scalar }),
  fc.record({ field: fc.constantFrom(...FIELDS), ne: scalar }),
  fc.record({ field: fc.constantFrom(...FIELDS), in: fc.array(scalar, { maxLength: 3 }) }),
  fc.record({ field: fc.constantFrom(...FIELDS), notIn: fc.array(scalar, { maxLength: 3 }) }),
  fc.record({ field: fc.constantFrom(...FIELDS), gte: number }),
  fc.record({ field: fc.constantFrom(...FIELDS), lt: number, gt: number }),
  fc.record({ field: fc.constantFrom(...FIELDS), exists: fc.boolean() }),
  fc.record({ field: fc.constantFrom(...FIELDS), contains: fc.constantFrom('F', 'x') }),
);
const condition: fc.Arbitrary<Condition> = fc.letrec<{ c: Condition }>((tie) => ({
  c: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fieldCondition,
    fc.record({ all: fc.array(tie('c'), { minLength: 1, maxLength: 3 }) }),
    fc.record({ any: fc.array(tie('c'), { minLength: 1, maxLength: 3 }) }),
    fc.record({ not: tie('c') }),
  ),
})).c;

const value = fc.oneof(scalar, number.map(String), fc.constant(undefined));
const record = fc.record(
  { a: value, b: value, c: value, n: fc.option(fc.record({ x: value }), { nil: undefined }) },
  { requiredKeys: [] },
);
const records = fc
  .array(fc.tuple(fc.option(fc.integer({ min: 0, max: 30 }), { nil: undefined, freq: 10 }), record), {
    maxLength: 25,
  })
  .map((rows) => rows.map(([id, r]) => (id === undefined ? r : { ...r, id: `c${id}` })));

const pipelineConfig: fc.Arbitrary<PipelineConfig> = fc
  .record({
    rules: fc.array(
      fc.record({
        when: condition,
        points: fc.integer({ min: -20, max: 20 }),
        criterion: fc.option(fc.constantFrom('k1', 'k2'), { nil: undefined }),
      }),
      { minLength: 1, maxLength: 6 },
    ),
    second: fc.array(fc.record({ when: condition, points: fc.integer({ min: 0, max: 9 }) }), {
      minLength: 1,
      maxLength: 3,
    }),
    w: fc.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 5 })),
  })
  .map(({ rules, second, w }) => ({
    id: 'prop',
    scorers: [
      attributes({
        name: 'fit',
        rules: rules.map((r) => (r.criterion === undefined ? { when: r.when, points: r.points } : r)),
      }),
      attributes({ name: 'more', rules: second }),
    ],
    combine: weighted({ fit: w[0], more: w[1] }),
    qualify: thresholds([
      { label: 'high', min: 50 },
      { label: 'low', min: 0 },
    ]),
    segment: segments({
      rules: [
        {
          when: { field: 'components.fit.normalized', gte: 0.5 },
          segment: { key: 'good', label: 'Good', color: '#0a0', action: 'call' },
        },
      ],
      otherwise: { key: 'other', label: 'Other', color: '#888', action: 'wait' },
    }),
  }));

const byId = <T extends { id: string }>(rows: readonly T[]): Map<string, T> =>
  new Map(rows.map((r) => [r.id, r]));

describe('properties of a run', () => {
  it('scored + rejected = input, and results do not depend on input order', () => {
    fc.assert(
      fc.property(pipelineConfig, records, fc.integer(), (config, rows, seed) => {
        const pipeline = definePipeline(config);
        const run = scoreCustomers(rows, pipeline);
        expect(run.results.length + run.rejected.length).toBe(rows.length);
        const order = rows
          .map((_, i) => i)
          .sort((x, y) => ((x * 7919 + seed) % 101) - ((y * 7919 + seed) % 101) || x - y);
        const shuffled = scoreCustomers(
          order.map((i) => rows[i] as never),
          pipeline,
        );
        expect(byId(shuffled.results)).toEqual(byId(run.results));
        const rejectedKeys = (r: typeof run.rejected) =>
          r.map((x) => `${x.id}/${x.code}/${x.path.join('.')}`).sort();
        expect(rejectedKeys(shuffled.rejected)).toEqual(rejectedKeys(run.rejected));
      }),
      { numRuns: 150 },
    );
  });

  it('a record source that makes a new object at each read scores as the array of its records', () => {
    fc.assert(
      fc.property(pipelineConfig, records, (config, rows) => {
        const pipeline = definePipeline(config);
        let reads = 0;
        // A deep copy at each read: no record object is seen twice, as with a table kept in columns.
        const source = {
          length: rows.length,
          at: (i: number) => {
            reads++;
            const r = rows[i];
            return r === undefined ? undefined : (structuredClone(r) as object);
          },
        };
        const run = scoreCustomers(rows, pipeline);
        const fromSource = scoreCustomers(source, pipeline);
        expect(fromSource.results).toEqual(run.results);
        expect(fromSource.rejected).toEqual(run.rejected);
        expect(fromSource.summary).toEqual(run.summary);
        expect(reads).toBeLessThanOrEqual(2 * rows.length);
        // With `field`, the ids are read without the records: a record is made once to be scored, and for
        // an id that cannot be used (to tell a missing one from a record that is not an object).
        reads = 0;
        const withField = {
          ...source,
          field: (i: number, key: string): unknown => {
            const r = rows[i];
            return r !== null && typeof r === 'object' && !Array.isArray(r) && Object.hasOwn(r, key)
              ? structuredClone((r as Record<string, unknown>)[key])
              : undefined;
          },
        };
        const fromFields = scoreCustomers(withField, pipeline);
        expect(fromFields.results).toEqual(run.results);
        expect(fromFields.rejected).toEqual(run.rejected);
        expect(fromFields.summary).toEqual(run.summary);
        const unusable = rows.filter((r) => {
          const id = r !== null && typeof r === 'object' ? (r as { id?: unknown }).id : undefined;
          return !(
            (typeof id === 'string' && id.trim() !== '') ||
            (typeof id === 'number' && Number.isFinite(id))
          );
        }).length;
        expect(reads).toBeLessThanOrEqual(rows.length + unusable);
        // With `fieldBytes` too: an ASCII string id (not all spaces) as its bytes, in a room too small at
        // times (then read with `field`); the same results.
        let copied = 0;
        const withBytes = {
          ...withField,
          fieldBytes: (i: number, key: string, target: Uint8Array, at: number, room: number): number => {
            const value = withField.field(i, key);
            if (typeof value !== 'string' || value.trim() === '' || !isAscii(value)) return -1;
            if (value.length > room || i % 7 === 3) return -1;
            for (let k = 0; k < value.length; k++) target[at + k] = value.charCodeAt(k);
            copied++;
            return value.length;
          },
        };
        const fromBytes = scoreCustomers(withBytes, pipeline);
        expect(fromBytes.results).toEqual(run.results);
        expect(fromBytes.rejected).toEqual(run.rejected);
        expect(fromBytes.summary).toEqual(run.summary);
        // Every such id is copied (the column leaves room for 64 bytes at least; a longer one may be read as
        // text).
        const asciiIds = rows.map((r, i) => {
          const id = r !== null && typeof r === 'object' ? (r as { id?: unknown }).id : undefined;
          const ascii = typeof id === 'string' && id.trim() !== '' && isAscii(id) && i % 7 !== 3;
          return ascii ? id.length : -1;
        });
        expect(copied).toBeGreaterThanOrEqual(asciiIds.filter((l) => l >= 0 && l <= 64).length);
        expect(copied).toBeLessThanOrEqual(asciiIds.filter((l) => l >= 0).length);
        // With `fieldBytesColumn`: the same ids in one block (the others read with `field`), the same results.
        const withBlock = {
          ...withBytes,
          fieldBytesColumn: (key: string) => {
            const target = new Uint8Array(64 * rows.length + 64);
            const ends = new Int32Array(rows.length);
            let at = 0;
            for (let i = 0; i < rows.length; i++) {
              const m = withBytes.fieldBytes(i, key, target, at, 64);
              // Bytes that are not the id may sit before the end of a row read as text.
              if (m < 0) target[at++] = 0x21;
              at += Math.max(m, 0);
              ends[i] = m < 0 ? -1 - at : at;
            }
            return { bytes: target, ends };
          },
        };
        const fromBlock = scoreCustomers(withBlock, pipeline);
        expect(fromBlock.results).toEqual(run.results);
        expect(fromBlock.rejected).toEqual(run.rejected);
        expect(fromBlock.summary).toEqual(run.summary);
      }),
      { numRuns: 100 },
    );
  });

  it('a JSON round trip of the config and of the model gives identical scores', () => {
    fc.assert(
      fc.property(pipelineConfig, records, (config, rows) => {
        const pipeline = definePipeline(config);
        const again = definePipeline(JSON.parse(JSON.stringify(config)));
        const run = scoreCustomers(rows, pipeline);
        expect(scoreCustomers(rows, again).results).toEqual(run.results);
        const model = loadModel(JSON.parse(JSON.stringify(run.model)));
        const ok = new Set(run.results.map((r) => r.id));
        for (const row of rows) {
          const id = (row as { id?: string }).id;
          if (id !== undefined && ok.has(id)) expect(model.score(row)).toEqual(byId(run.results).get(id));
        }
      }),
      { numRuns: 100 },
    );
  });

  it('contributions add up exactly to each component value', () => {
    fc.assert(
      fc.property(pipelineConfig, records, (config, rows) => {
        for (const r of scoreCustomers(rows, definePipeline(config)).results) {
          for (const c of Object.values(r.components))
            expect(c.detail.reduce((s, d) => s + d.points, 0)).toBe(c.value);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('an object near the schema either validates or throws ConfigError, never another error', () => {
    const mutate = (config: PipelineConfig, path: readonly string[], junk: unknown): unknown => {
      const copy = JSON.parse(JSON.stringify(config));
      let node = copy;
      for (const key of path.slice(0, -1)) {
        if (node === null || typeof node !== 'object') return copy;
        node = node[key];
      }
      if (node !== null && typeof node === 'object') node[path[path.length - 1] as string] = junk;
      return copy;
    };
    const paths = fc.constantFrom(
      ['id'],
      ['scorers'],
      ['scorers', '0'],
      ['scorers', '0', 'type'],
      ['scorers', '0', 'rules'],
      ['scorers', '0', 'rules', '0', 'when'],
      ['scorers', '0', 'rules', '0', 'points'],
      ['scorers', '0', 'rules', '0', 'when', 'field'],
      ['combine'],
      ['combine', 'weights'],
      ['qualify', 'levels'],
      ['segment', 'rules'],
      ['segment', 'otherwise', 'color'],
      ['timeZone'],
      ['scorers', '1', 'name'],
    );
    fc.assert(
      fc.property(
        pipelineConfig,
        paths,
        fc.anything({ withNullPrototype: true, withBigInt: true, withDate: true, withMap: true }),
        (config, path, junk) => {
          try {
            definePipeline(mutate(config, path, junk) as PipelineConfig);
          } catch (error) {
            expect(error).toBeInstanceOf(ConfigError);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
