import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type BehaviourComponentScore,
  type BehaviourRule,
  behaviour,
  ConfigError,
  definePipeline,
  fit as fitModel,
  RecordError,
  scoreCustomers,
} from '../../../src/index.js';

const ASOF = '2026-01-01';
/** The ISO date `days` days before 2026-01-01, computed without scorekit. */
const daysAgo = (days: number): string => new Date(Date.UTC(2026, 0, 1 - days)).toISOString().slice(0, 10);

function engagement(
  rules: readonly BehaviourRule[],
  events: readonly Record<string, unknown>[],
  extra: Partial<Parameters<typeof behaviour>[0]> = {},
  asOf: string = ASOF,
): BehaviourComponentScore {
  const pipeline = definePipeline({ id: 'b', scorers: [behaviour({ ...extra, rules })] });
  const run = scoreCustomers([{ id: 'l' }], pipeline, {
    asOf,
    events: events.map((e) => ({ customerId: 'l', ...e })),
  });
  expect(run.rejected).toEqual([]);
  const component = run.results[0]?.components.engagement as BehaviourComponentScore;
  // The explanation always adds up to the value.
  expect(component.detail.reduce((s, c) => s + c.points, 0)).toBe(component.value);
  return component;
}

describe('behaviour: decay', () => {
  it('half-life: 10 points, half-life 30 days, 45 days old is 10 × 0.5^1.5 = 3.5355…', () => {
    const c = engagement(
      [{ event: 'open', points: 10, halfLife: { days: 30 }, cap: 10 }],
      [{ type: 'open', at: daysAgo(45) }],
    );
    expect(c.value).toBeCloseTo(3.5355339059, 9);
    expect(c.detail[0]?.reason).toBe('open 1 time: +3.54 (+10 before decay)');
  });
  it('the scorer-wide half-life applies to rules without their own; decay "none" opts out', () => {
    const c = engagement(
      [
        { id: 'a', event: 'open', points: 8, cap: 8 },
        { id: 'b', event: 'open', points: 8, cap: 8, halfLife: { days: 10 } },
        { id: 'c', event: 'open', points: 8, cap: 8, decay: 'none' },
      ],
      [{ type: 'open', at: daysAgo(20) }],
      { halfLife: { days: 20 } },
    );
    expect(c.detail.map((d) => d.points)).toEqual([4, 2, 8]);
  });
  it('percent step decay: 25 % per month, an event 2 months and a few days old keeps 0.75² = 56.25 %', () => {
    const c = engagement(
      [{ event: 'open', points: 10, cap: 10, decay: { percent: 25, every: { months: 1 } } }],
      [{ type: 'open', at: '2025-10-25' }], // Oct 25 → Dec 25 is two whole months; Jan 1 is not a third
    );
    expect(c.value).toBeCloseTo(5.625, 12);
  });
  it('points lost per period of inactivity (rule): 5 per 30 days, last event 64 days ago → 2 periods, -10', () => {
    const c = engagement(
      [{ event: 'open', points: 4, cap: 40, decay: { points: 5, every: { days: 30 } } }],
      [0, 1, 2, 3].map(() => ({ type: 'open', at: daysAgo(64) })),
    );
    expect(c.value).toBe(16 - 10);
    expect(c.detail[0]?.reason).toContain('-10 after 64 days without activity');
  });
  it('inactivity never moves a total past zero', () => {
    const c = engagement(
      [{ event: 'open', points: 3, cap: 40, decay: { points: 5, every: { days: 30 } } }],
      [{ type: 'open', at: daysAgo(90) }],
    );
    expect(c.value).toBe(0);
  });
  it('scorer-wide inactivity counts from the last matched event of any rule', () => {
    const c = engagement(
      [
        { id: 'open', event: 'open', points: 10, cap: 50 },
        { id: 'visit', event: 'visit', points: 10, cap: 50 },
      ],
      [
        { type: 'open', at: daysAgo(100) },
        { type: 'visit', at: daysAgo(31) },
      ],
      { decay: { points: 3, every: { days: 30 } } },
    );
    expect(c.detail.map((d) => [d.rule, d.points])).toEqual([
      ['open', 10],
      ['visit', 10],
      ['inactivity', -3],
    ]);
    expect(c.value).toBe(17);
  });
});

describe('behaviour: windows, caps, once, per day', () => {
  const rule: BehaviourRule = { event: 'visit', points: 1, cap: 100, within: { days: 30 } };
  it('an event exactly `within` old counts; one day older does not', () => {
    expect(engagement([rule], [{ type: 'visit', at: daysAgo(30) }]).value).toBe(1);
    expect(engagement([rule], [{ type: 'visit', at: daysAgo(31) }]).value).toBe(0);
    expect(engagement([rule], [{ type: 'visit', at: `${daysAgo(30)}T00:00:00Z` }]).value).toBe(1);
  });
  it('events after asOf are left out and counted in the explanation; the whole asOf day counts', () => {
    const c = engagement(
      [rule],
      [
        { type: 'visit', at: '2026-01-01T23:59:59Z' },
        { type: 'visit', at: '2026-01-02T00:00:00Z' },
        { type: 'visit', at: '2026-03-01' },
      ],
    );
    expect([c.value, c.events, c.future]).toEqual([1, 1, 2]);
    expect(c.detail.at(-1)).toMatchObject({
      rule: 'after-as-of',
      points: 0,
      reason: '2 events after 2026-01-01 left out',
    });
  });
  it('a cap bounds what one rule gives, negative points included', () => {
    const events = [1, 2, 3, 4, 5].map((d) => ({ type: 'bounce', at: daysAgo(d) }));
    const c = engagement([{ event: 'bounce', points: -10, cap: 25 }], events);
    expect(c.value).toBe(-25);
    expect(c.detail[0]?.reason).toBe('bounce 5 times: -25 (cap 25)');
  });
  it('the scorer cap and floor bound the total, with their own contribution', () => {
    const events = [1, 2, 3].map((d) => ({ type: 'open', at: daysAgo(d) }));
    const capped = engagement([{ event: 'open', points: 10, cap: 30 }], events, { cap: 25 });
    expect(capped.value).toBe(25);
    expect(capped.detail.map((d) => d.points)).toEqual([30, -5]);
    const floored = engagement([{ event: 'open', points: -10 }], events, { floor: -15, max: 10 });
    expect(floored.value).toBe(-15);
    expect(floored.normalized).toBe(0);
  });
  it('once counts only the earliest event (inside the window)', () => {
    const events = [5, 40, 10].map((d) => ({ type: 'webinar', at: daysAgo(d) }));
    const c = engagement(
      [{ event: 'webinar', points: 20, once: true, reason: 'Attended a webinar' }],
      events,
    );
    expect(c.value).toBe(20);
    expect(c.detail[0]?.reason).toBe(`Attended a webinar (first time on ${daysAgo(40)}): +20`);
    const windowed = engagement(
      [{ event: 'webinar', points: 20, once: true, within: { days: 30 }, halfLife: { days: 10 } }],
      events,
    );
    expect(windowed.value).toBeCloseTo(20 * 0.5 ** (10 / 10), 12); // the earliest inside the window: 10 days old
  });
  it('perDay caps the points of one calendar day, before decay', () => {
    const events = [
      ...[0, 1, 2, 3, 4].map((h) => ({ type: 'view', at: `2025-12-30T1${h}:00:00Z` })), // 5 × 8 = 40 → 20
      { type: 'view', at: '2025-12-31T09:00:00Z' }, // 8
    ];
    const c = engagement([{ event: 'view', points: 8, perDay: 20, cap: 100 }], events);
    expect(c.value).toBe(28);
    expect(c.detail[0]?.reason).toBe('view 6 times: +28 (at most 20 a day)');
  });
  it('a rule matches by type and by a condition over the event; one event can count for several rules', () => {
    const c = engagement(
      [
        { id: 'any', event: ['view', 'click'], points: 1, cap: 50 },
        { id: 'pricing', event: 'view', when: { field: 'url', contains: '/pricing' }, points: 5, cap: 15 },
      ],
      [
        { type: 'view', url: '/pricing' },
        { type: 'view', url: '/blog' },
        { type: 'click', url: '/pricing' },
        { type: 'open', url: '/pricing' },
      ].map((e) => ({ ...e, at: daysAgo(1) })),
    );
    expect(c.detail.map((d) => [d.rule, d.points])).toEqual([
      ['any', 3],
      ['pricing', 5],
    ]);
    expect(c.events).toBe(3);
  });
});

describe('behaviour: inputs and errors', () => {
  const pipeline = definePipeline({
    id: 'b',
    scorers: [
      behaviour({ rules: [{ event: 'visit', when: { field: 'pages', gte: 2 }, points: 1, cap: 9 }] }),
    ],
  });
  it('bad event rows are reported in rejectedInputs with their index, never dropped silently', () => {
    const run = scoreCustomers([{ id: 'a' }], pipeline, {
      asOf: ASOF,
      events: [
        { customerId: 'a', type: 'visit', at: '2025-12-01', pages: 3 },
        { type: 'visit', at: '2025-12-01', pages: 3 },
        { customerId: 'a', type: 'visit', at: 'yesterday', pages: 3 },
        { customerId: 'a', at: '2025-12-01' },
        { customerId: 'a', type: 'visit', at: '2025-12-01', pages: 'many' },
      ],
    });
    expect(run.results[0]?.score).toBe(1);
    expect(run.rejectedInputs.map((r) => [r.index, r.code, r.path.join('.')])).toEqual([
      [1, 'missing_id', 'customerId'],
      [2, 'invalid_date', 'at'],
      [3, 'missing_type', 'type'],
      [4, 'invalid_type', 'pages'],
    ]);
  });
  it('events can be an array field of the record; a bad one rejects the record with its path', () => {
    const p = definePipeline({
      id: 'f',
      scorers: [behaviour({ eventsField: 'activity', rules: [{ event: 'visit', points: 2, cap: 10 }] })],
    });
    const run = scoreCustomers(
      [
        {
          id: 'a',
          activity: [
            { type: 'visit', at: '2025-12-01' },
            { type: 'visit', at: '2025-12-02' },
          ],
        },
        { id: 'b' },
        { id: 'c', activity: [{ type: 'visit', at: 'soon' }] },
        { id: 'd', activity: 'visit' },
      ],
      p,
      { asOf: ASOF },
    );
    expect(run.results.map((r) => [r.id, r.score])).toEqual([
      ['a', 4],
      ['b', 0],
    ]);
    expect(run.rejected.map((r) => [r.id, r.code, r.path.join('.')])).toEqual([
      ['c', 'invalid_date', 'activity.0.at'],
      ['d', 'invalid_type', 'activity'],
    ]);
  });
  it('the config refuses unbounded rules, hours, conflicting decays and windows inside conditions', () => {
    const refused = (rules: unknown[], extra: Record<string, unknown> = {}): string[] => {
      try {
        definePipeline({ id: 'x', scorers: [{ type: 'behaviour', name: 'e', rules, ...extra }] } as never);
        return [];
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        return (error as ConfigError).issues.map((i) => i.code);
      }
    };
    expect(refused([{ event: 'a', points: 1 }])).toEqual(['unbounded_rule']);
    expect(refused([{ event: 'a', points: 1 }], { cap: 10 })).toEqual([]);
    expect(refused([{ event: 'a', points: 1, cap: 5, within: { hours: 3 } }])).toEqual(['invalid_duration']);
    expect(refused([{ event: 'a', points: 1, cap: 5, within: { days: 1.5 } }])).toEqual(['invalid_duration']);
    expect(refused([{ event: 'a', points: 1, cap: 5, halfLife: { days: 1.5 } }])).toEqual([]);
    expect(refused([{ event: 'a', points: 1, cap: 5, halfLife: { days: 3 }, decay: 'none' }])).toEqual([
      'conflicting_decay',
    ]);
    expect(refused([{ when: { field: 'at', within: { days: 3 } }, points: 1, cap: 5 }])).toEqual([
      'not_applicable',
    ]);
    expect(refused([{ points: 1, cap: 5 }])).toEqual(['missing_match']);
  });
  it('a run with behaviour needs an asOf', () => {
    expect(() => scoreCustomers([{ id: 'a' }], pipeline)).toThrow(ConfigError);
  });
  it('model.score(lead, { events }) gives what the batch gave; bad events throw a RecordError', () => {
    const events = [
      { customerId: 'a', type: 'visit', at: '2025-12-01', pages: 3 },
      { customerId: 'a', type: 'visit', at: '2025-12-03', pages: 5 },
    ];
    const run = scoreCustomers([{ id: 'a' }], pipeline, { asOf: ASOF, events });
    const model = fitModel([], pipeline, { asOf: ASOF });
    expect(model.score({ id: 'a' }, { events })).toEqual(run.results[0]);
    expect(() => model.score({ id: 'a' }, { events: [{ customerId: 'a', type: 'visit', at: 'x' }] })).toThrow(
      RecordError,
    );
  });
});

describe('behaviour, grades and stages configs near the schema', () => {
  it('either validate or throw ConfigError, never another error (fast-check)', () => {
    const base = {
      id: 'near',
      scorers: [
        { type: 'attributes', name: 'fit', rules: [{ when: { field: 'a', eq: 1 }, points: 10 }] },
        {
          type: 'behaviour',
          name: 'engagement',
          halfLife: { days: 30 },
          cap: 50,
          rules: [
            { event: 'open', points: 1, cap: 10, within: { days: 30 }, perDay: 3 },
            { event: ['demo'], when: { field: 'form', eq: 'demo' }, points: 20, once: true, decay: 'none' },
            { event: 'visit', points: 2, cap: 8, decay: { points: 1, every: { weeks: 2 } } },
          ],
        },
      ],
      qualify: {
        type: 'thresholds',
        levels: [
          { label: 'SQL', min: 30 },
          { label: 'MQL', min: 10 },
        ],
        margin: 5,
        previous: 'stage',
      },
      grade: {
        type: 'grades',
        fit: { scorer: 'fit', levels: [{ label: 'A', min: 5 }, { label: 'B' }] },
        engagement: { scorer: 'engagement', levels: [{ label: '1', min: 10 }, { label: '2' }] },
        priority: ['A1', 'B1', 'A2', 'B2'],
      },
    };
    expect(() => definePipeline(base as never)).not.toThrow();
    const paths = fc.constantFrom(
      ['scorers', '1', 'rules', '0', 'within'],
      ['scorers', '1', 'rules', '0', 'perDay'],
      ['scorers', '1', 'rules', '1', 'event'],
      ['scorers', '1', 'rules', '1', 'once'],
      ['scorers', '1', 'rules', '2', 'decay'],
      ['scorers', '1', 'rules', '2', 'decay', 'every'],
      ['scorers', '1', 'halfLife'],
      ['scorers', '1', 'cap'],
      ['scorers', '1', 'floor'],
      ['scorers', '1', 'customerKey'],
      ['scorers', '1', 'eventsField'],
      ['qualify', 'margin'],
      ['qualify', 'previous'],
      ['grade', 'fit', 'levels'],
      ['grade', 'engagement', 'scorer'],
      ['grade', 'priority'],
      ['grade', 'priority', '2'],
    );
    fc.assert(
      fc.property(
        paths,
        fc.anything({ withNullPrototype: true, withBigInt: true, withDate: true }),
        (path, junk) => {
          const copy = JSON.parse(JSON.stringify(base));
          let node = copy;
          for (const key of path.slice(0, -1)) node = node[key];
          node[path[path.length - 1] as string] = junk;
          try {
            definePipeline(copy);
          } catch (error) {
            expect(error).toBeInstanceOf(ConfigError);
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});
