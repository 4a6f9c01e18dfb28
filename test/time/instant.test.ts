import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveAsOf } from '../../src/time/as-of.js';
import { durationMilliseconds, subtractDuration } from '../../src/time/duration.js';
import { dayNumber, dayToIso, parseInstant, timeZoneOffset } from '../../src/time/instant.js';

describe('parseInstant', () => {
  it('reads ISO dates and date-times as UTC wall time unless an offset is given', () => {
    expect(parseInstant('2026-01-31')).toBe(Date.UTC(2026, 0, 31));
    expect(parseInstant('20260131')).toBe(Date.UTC(2026, 0, 31));
    expect(parseInstant('2026-01-31T10:20:30Z')).toBe(Date.UTC(2026, 0, 31, 10, 20, 30));
    expect(parseInstant('2026-01-31 10:20')).toBe(Date.UTC(2026, 0, 31, 10, 20));
    expect(parseInstant('2026-01-31T10:20:30.250')).toBe(Date.UTC(2026, 0, 31, 10, 20, 30, 250));
    expect(parseInstant('2026-01-31T10:00:00+02:00')).toBe(Date.UTC(2026, 0, 31, 8));
    expect(parseInstant('2026-01-31T10:00:00-0530')).toBe(Date.UTC(2026, 0, 31, 15, 30));
  });
  it('reads wall time in a named zone, across daylight saving changes', () => {
    expect(parseInstant('2026-01-31 01:00', 'Europe/Paris')).toBe(Date.UTC(2026, 0, 31, 0));
    expect(parseInstant('2026-07-01 02:00', 'Europe/Paris')).toBe(Date.UTC(2026, 6, 1, 0));
    expect(parseInstant('2026-01-01', 'Pacific/Kiritimati')).toBe(Date.UTC(2025, 11, 31, 10));
  });
  it('takes Dates and epoch milliseconds as they are', () => {
    expect(parseInstant(new Date(Date.UTC(2020, 1, 29)))).toBe(Date.UTC(2020, 1, 29));
    expect(parseInstant(0)).toBe(0);
  });
  it('refuses what is not a date', () => {
    for (const v of [
      '',
      'soon',
      '2026-13-01',
      '2026-02-29',
      '2026-01-32',
      '2026-01-01T24:00',
      '2026/01/01',
      '2026-0101',
      null,
      undefined,
      true,
      {},
      Number.POSITIVE_INFINITY,
      'x'.repeat(100),
    ]) {
      expect(parseInstant(v)).toBeNaN();
    }
    expect(parseInstant('2024-02-29')).toBe(Date.UTC(2024, 1, 29));
  });
});

describe('days and zones', () => {
  it('dayNumber counts whole days since 1970-01-01 in the given zone', () => {
    expect(dayNumber(Date.UTC(1970, 0, 1))).toBe(0);
    expect(dayNumber(Date.UTC(1969, 11, 31, 23))).toBe(-1);
    expect(dayNumber(Date.UTC(2026, 0, 1, 23, 30))).toBe(Date.UTC(2026, 0, 1) / 86_400_000);
    expect(dayNumber(Date.UTC(2026, 0, 1, 23, 30), 'Europe/Paris')).toBe(Date.UTC(2026, 0, 2) / 86_400_000);
    expect(dayToIso(Date.UTC(2026, 0, 1) / 86_400_000)).toBe('2026-01-01');
  });
  it('timeZoneOffset follows daylight saving time', () => {
    expect(timeZoneOffset(Date.UTC(2026, 0, 15), 'Europe/Paris')).toBe(60);
    expect(timeZoneOffset(Date.UTC(2026, 6, 15), 'Europe/Paris')).toBe(120);
    expect(timeZoneOffset(Date.UTC(2026, 6, 15), 'America/Los_Angeles')).toBe(-420);
  });
});

describe('resolveAsOf', () => {
  it('a date-only asOf means the end of that day', () => {
    const a = resolveAsOf('2026-01-01');
    expect(a.date).toBe('2026-01-01');
    expect(a.day).toBe(Date.UTC(2026, 0, 1) / 86_400_000);
    expect(a.instant).toBe(Date.UTC(2026, 0, 2));
  });
  it('an instant stays that instant, its day counted in the zone', () => {
    const a = resolveAsOf('2026-01-01T12:00:00Z');
    expect(a.instant).toBe(Date.UTC(2026, 0, 1, 12));
    const paris = resolveAsOf('2026-01-01', 'Europe/Paris');
    expect(paris.instant).toBe(Date.UTC(2026, 0, 1, 23));
    expect(paris.date).toBe('2026-01-01');
  });
  it('throws a ConfigError on a non-date', () => {
    expect(() => resolveAsOf('tomorrow')).toThrow(/asOf: expected a date/);
  });
});

describe('durations', () => {
  it('subtracts calendar months with end-of-month clamping', () => {
    expect(subtractDuration(Date.UTC(2026, 2, 31), { months: 1 })).toBe(Date.UTC(2026, 1, 28));
    expect(subtractDuration(Date.UTC(2024, 2, 31), { months: 1 })).toBe(Date.UTC(2024, 1, 29));
    expect(subtractDuration(Date.UTC(2026, 0, 15), { years: 1, months: 2 })).toBe(Date.UTC(2024, 10, 15));
    expect(subtractDuration(Date.UTC(2026, 0, 15, 12), { days: 1, hours: 12 })).toBe(Date.UTC(2026, 0, 14));
  });
  it('measures exact units in milliseconds', () => {
    expect(durationMilliseconds({ weeks: 1, days: 1, hours: 1, minutes: 1 })).toBe(
      8 * 86_400_000 + 3_600_000 + 60_000,
    );
  });
});

describe('parseInstant: the fast path of toISOString() texts', () => {
  it('reads every instant that Date#toISOString writes, exactly (fast-check)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -30_000_000_000_000, max: 200_000_000_000_000 }), (ms) => {
        const text = new Date(ms).toISOString();
        expect(parseInstant(text)).toBe(ms);
        expect(parseInstant(text.replace(/\.\d{3}Z$/, 'Z'))).toBe(ms - (((ms % 1000) + 1000) % 1000));
      }),
      { numRuns: 2000 },
    );
  });
  it('refuses impossible dates and times in that form', () => {
    for (const bad of [
      '2026-02-29T00:00:00.000Z',
      '2026-13-01T00:00:00.000Z',
      '2026-04-31T00:00:00Z',
      '2026-01-01T24:00:00.000Z',
      '2026-01-01T00:60:00.000Z',
      '2026-01-0xT00:00:00.000Z',
    ])
      expect(parseInstant(bad)).toBeNaN();
    expect(parseInstant('2024-02-29T12:00:00.000Z')).toBe(Date.UTC(2024, 1, 29, 12));
  });
});
