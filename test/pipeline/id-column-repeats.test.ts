import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IdColumn } from '../../src/pipeline/id-column.js';

const hasRepeatedIds = (ids: readonly (string | undefined)[], maxProbes?: number): boolean =>
  IdColumn.of(ids).hasRepeats(maxProbes);

/** The reference: a Set of the defined ids is smaller than their count exactly when one repeats. */
function reference(ids: readonly (string | undefined)[]): boolean {
  const defined = ids.filter((id): id is string => id !== undefined);
  return new Set(defined).size !== defined.length;
}

describe('IdColumn hasRepeats', () => {
  it('finds repeats, skips undefined, and tells equal text from equal objects', () => {
    expect(hasRepeatedIds([])).toBe(false);
    expect(hasRepeatedIds([undefined, undefined])).toBe(false);
    expect(hasRepeatedIds(['a', 'b', 'c'])).toBe(false);
    expect(hasRepeatedIds(['a', 'b', ['a'].join('')])).toBe(true);
    expect(hasRepeatedIds(['', ''])).toBe(true);
    expect(hasRepeatedIds(['\u{1F600}', '\uD83D', '\uDE00'])).toBe(false);
    expect(hasRepeatedIds(['é', 'e', 'é'])).toBe(true);
  });

  it('agrees with a Set on any ids, through the table and through the fallback (fast-check)', () => {
    const ids = fc.array(
      fc.option(
        fc.oneof(
          fc.string({ maxLength: 4 }),
          fc.string({ maxLength: 3, unit: 'binary' }),
          fc.constantFrom('a', 'b', 'c', 'é'),
        ),
        { nil: undefined },
      ),
      {
        maxLength: 200,
      },
    );
    fc.assert(
      fc.property(ids, (xs) => {
        expect(hasRepeatedIds(xs)).toBe(reference(xs));
        expect(hasRepeatedIds(xs, 0)).toBe(reference(xs));
      }),
      { numRuns: 500 },
    );
  });

  it('handles a large batch of distinct ids and one repeat at its very end', () => {
    const ids = Array.from({ length: 100_000 }, (_, i) => `c${i}`);
    expect(hasRepeatedIds(ids)).toBe(false);
    expect(hasRepeatedIds([...ids, 'c0'])).toBe(true);
  });
});
