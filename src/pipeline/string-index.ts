// Positions of strings, for the hot loops that turn millions of ids into dense indexes.
//
// A null-prototype object is used as a dictionary rather than a `Map`: on 1M distinct ids looked up 10M times
// in random order, V8's keyed lookup on a dictionary object takes about half the time of `Map.get` (measured
// on the benchmark machine: 1.3–2.3 s against 2.5–3.5 s), because a key is internalized once and then found
// by its cached hash. Without a prototype, `__proto__`, `constructor` or `toString` are ordinary keys.

/**
 * A string → dense position index (0, 1, 2… in order of first `add`).
 *
 * @example
 * const index = new StringIndex();
 * index.add('c1'); // → 0
 * index.add('c2'); // → 1
 * index.add('c1'); // → 0
 * index.get('__proto__'); // → undefined
 */
export class StringIndex {
  private readonly slots: Record<string, number> = Object.create(null) as Record<string, number>;
  /** The number of distinct strings added. */
  size = 0;

  /** The position of `key`, or `undefined` when it was never added. */
  get(key: string): number | undefined {
    return this.slots[key];
  }

  /**
   * Adds `key`, which the caller has just looked up and not found (one lookup instead of two), at the end;
   * returns its position.
   */
  addMissing(key: string): number {
    this.slots[key] = this.size;
    return this.size++;
  }

  /** The position of `key`, added at the end when new. */
  add(key: string): number {
    const known = this.slots[key];
    if (known !== undefined) return known;
    this.slots[key] = this.size;
    return this.size++;
  }
}
