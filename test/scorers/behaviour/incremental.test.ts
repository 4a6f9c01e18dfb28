import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type BehaviourRule,
  behaviour,
  ConfigError,
  definePipeline,
  fit as fitModel,
  foldEvents,
  type LeadState,
  loadModel,
  RecordError,
  scoreCustomers,
} from '../../../src/index.js';

const rules: BehaviourRule[] = [
  { id: 'open', event: 'open', points: 2, cap: 30, halfLife: { days: 20 } },
  {
    id: 'pricing',
    event: 'view',
    when: { field: 'url', startsWith: '/pricing' },
    points: 5,
    cap: 25,
    within: { days: 30 },
  },
  { id: 'webinar', event: 'webinar', points: 15, once: true, within: { days: 60 } },
  { id: 'demo', event: 'demo', points: 25, once: true, decay: { points: 5, every: { weeks: 2 } } },
  { id: 'views', event: 'view', points: 3, perDay: 6, cap: 40, decay: { percent: 20, every: { months: 1 } } },
  { id: 'bounce', event: 'bounce', points: -10, cap: 20 },
];
const pipeline = definePipeline({
  id: 'leads',
  timeZone: 'Europe/Paris',
  scorers: [behaviour({ rules, cap: 100, floor: -20, decay: { points: 2, every: { days: 10 } } })],
});
const model = fitModel([], pipeline, { asOf: '2026-01-01' });

const START = Date.UTC(2025, 6, 1);
const event = fc.record({
  type: fc.constantFrom('open', 'view', 'webinar', 'demo', 'bounce', 'other'),
  url: fc.constantFrom('/pricing', '/pricing/team', '/blog'),
  // Instants over seven months, often on the same day or the same instant.
  at: fc.integer({ min: 0, max: 210 * 4 }).map((q) => new Date(START + q * 6 * 3_600_000).toISOString()),
});
const asOfArb = fc.constantFrom('2025-10-01', '2025-12-31', '2026-01-01T08:30:00Z', '2026-02-15');

describe('incremental lead states', () => {
  it('folding events in any chunks gives exactly the full recomputation (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.array(event, { maxLength: 40 }),
        fc.array(fc.nat(), { maxLength: 4 }),
        asOfArb,
        (events, cuts, asOf) => {
          const rows = events.map((e) => ({ customerId: 'l-1', ...e }));
          const full = model.score({ id: 'l-1' }, { events: rows, asOf });
          const bounds = [...new Set(cuts.map((c) => c % (rows.length + 1)))].sort((a, b) => a - b);
          let state: LeadState | undefined;
          let from = 0;
          for (const to of [...bounds, rows.length]) {
            state = foldEvents(model, state, rows.slice(from, to));
            from = to;
          }
          // Through JSON, as a service would store it.
          const stored = JSON.parse(JSON.stringify(state)) as LeadState;
          expect(model.score({ id: 'l-1' }, { state: stored, asOf })).toEqual(full);
        },
      ),
      { numRuns: 300 },
    );
  });
  it('pruning at an earlier asOf never changes a later score, and the state then refuses earlier dates', () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 40 }), (events) => {
        const rows = events.map((e) => ({ customerId: 'l-1', ...e }));
        const half = Math.floor(rows.length / 2);
        let state = foldEvents(model, undefined, rows.slice(0, half), { asOf: '2025-12-31' });
        state = foldEvents(model, state, rows.slice(half), { asOf: '2025-12-31' });
        for (const asOf of ['2025-12-31', '2026-01-20', '2026-03-01']) {
          expect(model.score({ id: 'l-1' }, { state, asOf })).toEqual(
            model.score({ id: 'l-1' }, { events: rows, asOf }),
          );
        }
        expect(() => model.score({ id: 'l-1' }, { state, asOf: '2025-12-01' })).toThrow(
          /pruned as of 2025-12-31/,
        );
      }),
      { numRuns: 150 },
    );
  });
  it('the score does not depend on the order of events', () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 30 }), fc.integer(), asOfArb, (events, seed, asOf) => {
        const rows = events.map((e) => ({ customerId: 'l-1', ...e }));
        const shuffled = [...rows].sort(
          (a, b) => ((a.at + seed).localeCompare(b.at + seed) || 0) * (seed % 2 ? 1 : -1),
        );
        expect(model.score({ id: 'l-1' }, { events: shuffled, asOf })).toEqual(
          model.score({ id: 'l-1' }, { events: rows, asOf }),
        );
      }),
      { numRuns: 150 },
    );
  });
  it('a batch with stored states and new events equals the batch with every event', () => {
    const old = [
      { customerId: 'a', type: 'open', at: '2025-12-01T10:00:00Z' },
      { customerId: 'b', type: 'demo', at: '2025-11-20T10:00:00Z' },
    ];
    const fresh = [
      { customerId: 'a', type: 'view', url: '/pricing', at: '2025-12-30T10:00:00Z' },
      { customerId: 'b', type: 'bounce', at: '2025-12-31T10:00:00Z' },
    ];
    const states = {
      a: foldEvents(
        model,
        undefined,
        old.filter((e) => e.customerId === 'a'),
      ),
      b: foldEvents(
        model,
        undefined,
        old.filter((e) => e.customerId === 'b'),
      ),
    };
    const leads = [{ id: 'a' }, { id: 'b' }];
    const incremental = scoreCustomers(leads, model, { asOf: '2026-01-01', states, events: fresh });
    const full = scoreCustomers(leads, model, { asOf: '2026-01-01', events: [...old, ...fresh] });
    expect(incremental.results).toEqual(full.results);
  });
  it('a state refuses another lead, bad events, and changed rules', () => {
    const state = foldEvents(model, undefined, [{ customerId: 'a', type: 'open', at: '2025-12-01' }]);
    expect(state.id).toBe('a');
    expect(() => foldEvents(model, state, [{ customerId: 'b', type: 'open', at: '2025-12-01' }])).toThrow(
      RecordError,
    );
    expect(() => foldEvents(model, state, [{ customerId: 'a', type: 'open', at: 'soon' }])).toThrow(
      /invalid_date|when the event/,
    );
    const changed = definePipeline({
      id: 'leads',
      timeZone: 'Europe/Paris',
      scorers: [behaviour({ rules: [{ event: 'open', points: 3, cap: 30 }] })],
    });
    expect(() => foldEvents(changed, state, [])).toThrow(ConfigError);
    expect(() => fitModel([], changed, { asOf: '2026-01-01' }).score({ id: 'a' }, { state })).toThrow(
      /other rules/,
    );
  });
  it('a model loaded from JSON folds and scores states identically', () => {
    const again = loadModel(JSON.stringify(model));
    const rows = [
      { customerId: 'a', type: 'open', at: '2025-12-01T10:00:00Z' },
      { customerId: 'a', type: 'view', url: '/pricing', at: '2025-12-20T10:00:00Z' },
    ];
    const state = foldEvents(again, undefined, rows);
    expect(again.score({ id: 'a' }, { state })).toEqual(model.score({ id: 'a' }, { events: rows }));
  });
});
