// The customers of a run without a customers file: those found in the transactions file, in the order of their
// ids (the same whatever the order of the rows), as records read by position. They are the feature table's own
// positions, so the table is told where each record is (`recordPositions`): the RFM scorer then reads their
// features without looking a million ids up, and no million records are made, nor a million ids checked for
// repeats (a table's ids are all different).
import type { InputRecord, RecordSource } from 'scorekit';
import { trimmedAway } from '../node/ascii-text.js';

/** The ids of {@link sortIds}: their positions in order, and their bytes in that order when they are ASCII. */
export interface SortedIds {
  /** The positions of the ids, in the order of the ids. */
  readonly order: Int32Array;
  /**
   * The ids' bytes in that order, one after the other, and where each ends (as `RecordSource.fieldBytesColumn`
   * gives them; `-1 - end` for an id of spaces only); `undefined` when they were sorted by comparison.
   */
  readonly block: { readonly bytes: Uint8Array; readonly ends: Int32Array } | undefined;
}

/** The ids of a feature table, by position: their bytes when it can give them, their texts (made when read). */
export interface IdSource {
  /** How many ids (positions). */
  readonly length: number;
  /** See `RfmFeatureTable.idBytesInto`. */
  readonly bytesInto?:
    | ((position: number, target: Uint8Array, at: number, room: number) => number)
    | undefined;
  /** The ids as texts: read only when the bytes cannot be sorted (or a record is made). */
  texts(): readonly string[];
}

/**
 * The positions of the ids in the order of the ids (as strings compare, by UTF-16 code units). Ids of ASCII
 * characters up to 16 long (most), taken as bytes, are sorted by their characters, a byte at a time from the
 * last (a radix sort: 0.16-0.2 s for a million, against about 1 s for a sort that compares them), and their
 * bytes are given in that order too; any other list is sorted by comparing the ids' texts.
 *
 * @example
 * const ids = ['b', 'a', 'ab', 'a\u0000'];
 * sortIds({ length: 4, texts: () => ids }).order // → Int32Array.of(1, 3, 2, 0)
 */
export function sortIds(source: IdSource): SortedIds {
  const n = source.length;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const byComparison = (): SortedIds => {
    const ids = source.texts();
    order.sort((a, b) => {
      const x = ids[a] as string;
      const y = ids[b] as string;
      return x < y ? -1 : x > y ? 1 : 0;
    });
    return { order, block: undefined };
  };
  // The characters of each id, by column (0 past its end, and its length to break the ties that leaves: a
  // shorter id comes first, as a prefix of a string comes before it).
  const columns: Uint8Array[] = [];
  const lengths = new Uint8Array(n);
  const bytesInto = source.bytesInto ?? textBytes(source.texts());
  const scratch = new Uint8Array(16);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const length = bytesInto(i, scratch, 0, 16);
    if (length < 0) return byComparison();
    while (columns.length < length) columns.push(new Uint8Array(n));
    for (let k = 0; k < length; k++) {
      const b = scratch[k] as number;
      if (b >= 0x80) return byComparison();
      (columns[k] as Uint8Array)[i] = b;
    }
    lengths[i] = length;
    total += length;
  }
  const longest = columns.length;
  let from = order;
  let to = new Int32Array(n);
  const counts = new Int32Array(257);
  // Least significant first: the length, then the characters from the last column to the first. Each pass is a
  // stable counting sort, so the order of the later (more significant) ones wins; a column of one character
  // throughout (a prefix that all share) changes nothing and is skipped.
  for (let pass = longest; pass >= 0; pass--) {
    const digits = pass === longest ? lengths : (columns[pass] as Uint8Array);
    counts.fill(0);
    for (let i = 0; i < n; i++) {
      const d = (digits[i] as number) + 1;
      counts[d] = (counts[d] as number) + 1;
    }
    if (counts.includes(n)) continue;
    for (let d = 0; d < 256; d++) counts[d + 1] = (counts[d + 1] as number) + (counts[d] as number);
    for (let j = 0; j < n; j++) {
      const i = from[j] as number;
      const d = digits[i] as number;
      to[counts[d] as number] = i;
      counts[d] = (counts[d] as number) + 1;
    }
    const swap = from;
    from = to;
    to = swap;
  }
  // The bytes in that order, a column at a time (each small enough to stay in the caches, unlike the ids'
  // texts), then each id of spaces only marked.
  const ends = new Int32Array(n);
  for (let j = 0, at = 0; j < n; j++) {
    at += lengths[from[j] as number] as number;
    ends[j] = at;
  }
  const bytes = new Uint8Array(total);
  for (let k = 0; k < longest; k++) {
    const column = columns[k] as Uint8Array;
    for (let j = 0, start = 0; j < n; j++) {
      const end = ends[j] as number;
      if (start + k < end) bytes[start + k] = column[from[j] as number] as number;
      start = end;
    }
  }
  for (let j = 0, start = 0; j < n; j++) {
    const end = ends[j] as number;
    let plain = false;
    for (let k = start; k < end && !plain; k++) {
      const b = bytes[k] as number;
      plain = !trimmedAway(b);
    }
    if (!plain) ends[j] = -1 - end;
    start = end;
  }
  return { order: from, block: { bytes, ends } };
}

/** `bytesInto` of ids given as texts: an ASCII id's characters (-1 for any other, or a longer one). */
function textBytes(
  ids: readonly string[],
): (p: number, target: Uint8Array, at: number, room: number) => number {
  return (p, target, at, room) => {
    const id = ids[p] as string;
    if (id.length > room) return -1;
    for (let k = 0; k < id.length; k++) {
      const c = id.charCodeAt(k);
      if (c >= 0x80) return -1;
      target[at + k] = c;
    }
    return id.length;
  };
}

/**
 * The records `{ [idKey]: id }` of the ids in the order `sorted` gives (see {@link sortIds}), read by position:
 * made one at a time when the run reads them (for RFM alone, never), their ids given by `field` and as bytes
 * (`fieldBytesColumn`), known to be all different (`distinctIds`). The ids' texts are asked of `source` only
 * when a record or a field is read.
 *
 * @example
 * const source = { length: 2, texts: () => ['b', 'a'] };
 * const customers = foundCustomers(source, sortIds(source), 'id');
 * [customers.at(0), customers.field?.(1, 'id')] // → [{ id: 'a' }, 'b']
 */
export function foundCustomers(source: IdSource, sorted: SortedIds, idKey: string): RecordSource {
  const { order, block } = sorted;
  const n = order.length;
  const idAt = (i: number): string | undefined =>
    i >= 0 && i < n ? source.texts()[order[i] as number] : undefined;
  return {
    length: n,
    at: (i: number): InputRecord | undefined => (i >= 0 && i < n ? { [idKey]: idAt(i) } : undefined),
    field: (i: number, key: string): unknown => (key === idKey ? idAt(i) : undefined),
    // Given once: the run takes them as its ids, and may change `ends`.
    fieldBytesColumn: (key: string) =>
      key === idKey && block !== undefined ? { bytes: block.bytes, ends: block.ends.slice() } : undefined,
    distinctIds: (key: string): boolean => key === idKey,
  };
}
