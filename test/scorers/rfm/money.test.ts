// The amount of an explanation is String(x) when whole, else x.toFixed(2), whatever the amount.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { moneyText } from '../../../src/scorers/rfm/money.js';

describe('moneyText', () => {
  it('writes what String or toFixed(2) writes (fast-check)', () => {
    const reference = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(2));
    fc.assert(
      fc.property(
        fc.oneof(
          // Amounts of cents, of tenths, and any double; the edges of the fast path.
          fc.integer({ min: -1e12, max: 1e12 }).map((c) => c / 100),
          fc.integer({ min: -1e6, max: 1e6 }).map((c) => c / 10),
          fc.double({ noNaN: true }),
          fc.constantFrom(-0, 0.005, -0.005, 0.015, 1.005, 9.995, 1e15 / 100, 1e21, -1e21, 5e-324, Infinity),
        ),
        (x) => {
          expect(moneyText(x)).toBe(reference(x));
        },
      ),
      { numRuns: 20_000 },
    );
  });
});
