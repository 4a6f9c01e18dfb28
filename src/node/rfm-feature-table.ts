// The feature table of filled RFM slot tables (rfm-slots.ts): each customer's position (the known customers
// first, in their order, then the others by their first taken row), its features as the core's accumulator
// makes them, and the ids by position as bytes (position-ids.ts) for `positionOf` and `ids`, so that the slots
// can go.
import type { RfmFeatureTable } from 'scorekit';
import { type ByteArena, hashOfId, keyWord } from './byte-table.js';
import { FeatureIds } from './feature-ids.js';
import { type IdList, sourceOfIds } from './known-ids.js';
import { PositionIds } from './position-ids.js';
import { release } from './release.js';
import {
  ACCEPTED,
  FIRST_DAY,
  FIRST_ROW,
  IdBytes,
  INLINE,
  idText,
  KNOWN,
  LAST_DAY,
  LENGTH,
  MICRO,
  MIN_DAY,
  NUMBER,
  PARTS,
  PURCHASES,
  SHIFT,
  SUM,
  WORDS,
} from './rfm-slot-layout.js';

/** The tables of an RfmSlots once every row is in (and the known ids marked), as {@link featureTable} reads them. */
export interface FilledSlots {
  readonly tables: readonly Int32Array[];
  readonly capacities: Int32Array;
  readonly arena: ByteArena;
  /** Purchases per customer number when they count distinct days or orders (else a slot's purchases). */
  readonly counts: Float64Array | undefined;
  readonly asOfDay: number;
  readonly mean: boolean;
  /**
   * With known ids: for each, the place of its first when it is repeated (-1 for the others); undefined when
   * none is repeated.
   */
  readonly firstOf: Int32Array | undefined;
  /** The row in the file of a first row's number, when two threads gave them (see rfm-slots.ts `RowOf`). */
  readonly rowOf: ((row: number) => number) | undefined;
  /**
   * The customers not known in the order of their first taken row (default), or `false`: in the tables' order
   * (no sort, and their features and ids written in order), for a caller that orders them itself.
   */
  readonly byFirstRow?: boolean | undefined;
  readonly ignoredFuture: number;
  readonly ignoredReturns: number;
}

/** What {@link featureTable} gives: the feature table, and the customers not in `known`. */
export interface SlotsResult {
  readonly table: RfmFeatureTable;
  /** Gives back the memory of `table` (see release.ts): it must not be read after. */
  readonly release: () => void;
  /** With `known`: the rows not rejected whose customer is not in it, and those customers. */
  readonly unknown: { readonly rows: number; readonly ids: Set<string> };
}

/** Where each part's slots start in a numbering of all the slots, and how many slots there are in all. */
function bases(capacities: Int32Array): { base: Int32Array; total: number } {
  const base = new Int32Array(PARTS);
  let total = 0;
  for (let p = 0; p < PARTS; p++) {
    base[p] = total;
    total += capacities[p] as number;
  }
  return { base, total };
}

/**
 * Each taken slot's position in the feature table (`rank`, by slot number among all, -1 for a slot without a
 * taken row): the `k` known customers with a taken row first, in the order of `known` (the core then reads
 * the features of a customers file in order), then the others by their first row; the slots of known
 * customers (`seen`); the place of each known id (`places`: -1 for none, a repeated id has its first's).
 * Known customers without a taken row get a place after the `n` positions (`extra` of them), so that their
 * ids can be checked in order too.
 */
function positions(
  filled: FilledSlots,
  known: IdList | undefined,
  base: Int32Array,
  total: number,
): {
  rank: Int32Array;
  seen: Uint8Array | undefined;
  places: Int32Array | undefined;
  k: number;
  n: number;
  extra: number;
} {
  const { tables, firstOf, rowOf } = filled;
  const rank = new Int32Array(total).fill(-1);
  let places: Int32Array | undefined;
  const seen = known === undefined ? undefined : new Uint8Array(total);
  let n = 0;
  // The others: a slot with a taken row and no mark (a known id's slot with a taken row gets its rank below).
  let others = 0;
  if (known !== undefined) {
    // Each known id's state from the marks (0: no slot, 1: a slot without a taken row, 2: with one), written at
    // its place (a byte array small enough for the cache), and each slot's rank first taken as its place: the
    // rank it has when every known id before it has a taken row and none is repeated (the common case, checked
    // below). A slot number per known id, written out of order over megabytes, cost a third of this pass.
    const state = new Uint8Array(known.length);
    for (let p = 0; p < PARTS; p++) {
      const slots = tables[p] as Int32Array;
      for (let at = 0; at < slots.length; at += WORDS) {
        if (slots[at + LENGTH] === 0) continue;
        const k = slots[at + KNOWN] as number;
        const taken = (slots[at + FIRST_ROW] as number) >= 0;
        if (k < 0) {
          if (taken) others++;
          continue;
        }
        const s = (base[p] as number) + (at >> SHIFT);
        (seen as Uint8Array)[s] = 1;
        state[k] = taken ? 2 : 1;
        if (taken) rank[s] = k;
      }
    }
    places = new Int32Array(known.length);
    let exact = true;
    for (let k = 0; k < known.length; k++) {
      if (firstOf !== undefined && (firstOf[k] as number) >= 0) exact = false;
      else if (state[k] === 2) places[k] = n++;
      else {
        places[k] = -1; // no slot; with one, an extra place (given below)
        exact = false;
      }
    }
    if (!exact) {
      // Some known ids have no taken row or are repeated: the ranks of those after them move down.
      for (let p = 0; p < PARTS; p++) {
        const slots = tables[p] as Int32Array;
        for (let at = 0; at < slots.length; at += WORDS) {
          if (slots[at + LENGTH] === 0) continue;
          const k = slots[at + KNOWN] as number;
          if (k < 0) continue;
          const s = (base[p] as number) + (at >> SHIFT);
          if (state[k] === 2) rank[s] = places[k] as number;
          else places[k] = -2 - s;
        }
      }
      // A repeated id has the place of its first copy (an earlier one).
      if (firstOf !== undefined)
        for (let k = 0; k < known.length; k++) {
          const first = firstOf[k] as number;
          if (first >= 0) places[k] = places[first] as number;
        }
    }
  } else
    for (let p = 0; p < PARTS; p++) {
      const slots = tables[p] as Int32Array;
      for (let at = 0; at < slots.length; at += WORDS)
        if (slots[at + LENGTH] !== 0 && (slots[at + FIRST_ROW] as number) >= 0) others++;
    }
  const k = n;
  // The others by their first row: (first row · total + slot number) is exact below 2^53; or, told so, in the
  // tables' order (no sort). None (the customers file lists every customer of the transactions): no pass.
  const byRow = filled.byFirstRow !== false;
  const keys = new Float64Array(byRow ? others : 0);
  for (let p = 0, o = 0; p < PARTS && o < others; p++) {
    const slots = tables[p] as Int32Array;
    for (let at = 0; at < slots.length; at += WORDS) {
      const first = slots[at + FIRST_ROW] as number;
      if (slots[at + LENGTH] !== 0 && first >= 0 && (slots[at + KNOWN] as number) < 0) {
        const s = (base[p] as number) + (at >> SHIFT);
        if (byRow) keys[o++] = (rowOf === undefined ? first : rowOf(first)) * total + s;
        else {
          rank[s] = n++;
          o++;
        }
      }
    }
  }
  keys.sort();
  for (const key of keys) rank[key - Math.floor(key / total) * total] = n++;
  // The known customers without a taken row, after all positions.
  let extra = 0;
  if (places !== undefined)
    for (let j = 0; j < places.length; j++) {
      const v = places[j] as number;
      if (v > -2) continue;
      const s = -2 - v;
      if ((rank[s] as number) < 0) rank[s] = n + extra++;
      places[j] = rank[s] as number;
    }
  return { rank, seen, places, k, n, extra };
}

/** 1 where a customer bought (a recency of 0 or more), else 0. */
function purchasesOf(recency: Int32Array): Uint8Array {
  const out = new Uint8Array(recency.length);
  for (let p = 0; p < recency.length; p++) out[p] = (recency[p] as number) >= 0 ? 1 : 0;
  return out;
}

/**
 * The day of each customer's last purchase from its recency (asOf − the day), MIN_DAY without a purchase (its
 * slot's last day is never set then).
 */
function lastDaysOf(recency: Int32Array, asOfDay: number): Int32Array {
  const out = new Int32Array(recency.length);
  for (let p = 0; p < recency.length; p++) {
    const r = recency[p] as number;
    out[p] = r >= 0 ? asOfDay - r : MIN_DAY;
  }
  return out;
}

/**
 * The features of every customer with a taken row, as the core's accumulator gives them: with `known` (whose
 * slots are marked), the known customers first, in its order, then the others in the order of their first
 * taken row (without `known`, all in that order); and the customers not in `known` that have rows not
 * rejected. `listed`: `known` was given as a list, which `positionOf` is then likely to be asked in. The
 * slots are not kept, but lookup tables of half their size for `positionOf`; `ids` are decoded when first read.
 *
 * @example
 * // What RfmSlots.finish gives, from its filled tables:
 * const slots = new RfmSlots(20_454, { frequency: 'transactions', monetary: 'sum', returns: 'net', future: 'reject' });
 * const { table, unknown } = slots.finish(['c1']);
 * table.positionOf('c1') // → undefined
 * unknown.rows // → 0
 */
export function featureTable(filled: FilledSlots, known: IdList | undefined, listed: boolean): SlotsResult {
  const { tables, capacities, arena, counts, asOfDay } = filled;
  const { base, total } = bases(capacities);
  const { rank, seen, places, k, n, extra } = positions(filled, known, base, total);
  const recency = new Int32Array(n);
  const frequency = new Float64Array(n);
  const monetary = new Float64Array(n);
  const firstDay = new Int32Array(n);
  // hasPurchase and lastDay follow from recency (-1 without a purchase): made when first read (the core reads
  // hasPurchase once, a run never lastDay), not written out of order in the pass below (about 20 ms less for
  // a million customers).
  let hasPurchase: Uint8Array | undefined;
  let lastDay: Int32Array | undefined;
  // One pass over each table in its order: the features and the id of each slot go to its position (writes
  // out of order, which cost less than reading the slots in the order of the positions: a read out of order
  // waits for memory, a write does not); the customers not known are gathered on the way.
  const unknown = { rows: 0, ids: new Set<string>() };
  const decoder = new TextDecoder();
  const scratch = Buffer.alloc(INLINE);
  // The ids of the other customers (positions k to n); the known ones are read from their list.
  const others = new PositionIds(n - k, arena);
  for (let part = 0; part < PARTS; part++) {
    const slots = tables[part] as Int32Array;
    const sums = new Float64Array(slots.buffer, slots.byteOffset, slots.length / 2);
    for (let at = 0; at < slots.length; at += WORDS) {
      const stored = slots[at + LENGTH] as number;
      if (stored === 0) continue;
      const s = (base[part] as number) + (at >> SHIFT);
      const accepted = slots[at + ACCEPTED] as number;
      if (seen !== undefined && seen[s] !== 1 && accepted > 0) {
        unknown.rows += accepted;
        unknown.ids.add(idText(slots, at, arena, scratch, decoder));
      }
      const p = rank[s] as number;
      if (p < 0) continue;
      if (p >= n) continue; // a known customer without a taken row: its id only
      if (p >= k) others.set(p - k, slots, at);
      // The features as the core's accumulator makes them from its cells (scorers/rfm/aggregate.ts, finish).
      const purchases = slots[at + PURCHASES] as number;
      const f = counts === undefined ? purchases : (counts[slots[at + NUMBER] as number] as number);
      frequency[p] = f;
      firstDay[p] = slots[at + FIRST_DAY] as number;
      // The last day of a customer without a purchase is never set: MIN_DAY (see lastDaysOf).
      recency[p] = purchases > 0 ? asOfDay - (slots[at + LAST_DAY] as number) : -1;
      const sum = sums[(at >> 1) + SUM] as number;
      monetary[p] = (filled.mean ? (f > 0 ? Math.round(sum / f) : 0) : sum) / MICRO;
    }
  }
  // The bytes of an id asked (encoded from its text, or copied).
  const idBytes = new IdBytes();
  const ids = new FeatureIds(known, places, k, n, others, n + extra);
  let next = 0;
  // With a list: whether known id `j` has a place and is `key[0, length)`.
  const inOrder = listed ? places : undefined;
  const knownIs = (j: number, key: Uint8Array, length: number): boolean =>
    inOrder !== undefined && j < inOrder.length && (inOrder[j] as number) >= 0 && ids.knownIs(j, key, length);
  // A place of the ids as a position of the features (places after them have none).
  const positionAt = (p: number): number | undefined => (p >= 0 && p < n ? p : undefined);
  // The position of the id `key[0, length)` (its UTF-8 bytes).
  const positionOfKey = (key: Uint8Array, length: number): number | undefined => {
    // Asked in the order of `known` (the core binds records in their order, and the CLI's known ids are
    // its records'): the next known id is compared first, no index made; the first one starts the list
    // again. A known customer without a taken row has a place after the positions: no position.
    if (inOrder !== undefined && inOrder.length > 0) {
      if (knownIs(next, key, length)) return positionAt(inOrder[next++] as number);
      if (knownIs(0, key, length)) {
        next = 1;
        return positionAt(inOrder[0] as number);
      }
    }
    const w0 = keyWord(key, 0, length, 0);
    const w1 = keyWord(key, 0, length, 1);
    const w2 = keyWord(key, 0, length, 2);
    const w3 = keyWord(key, 0, length, 3);
    const hash = hashOfId(key, 0, length, w0, w1, w2, w3);
    const p = ids.length === 0 ? -1 : ids.find(key, length, hash, w0, w1, w2, w3);
    if (inOrder !== undefined) {
      // Back in step with the list: after the known id found, or past a known id without any row (which
      // has no place to check it against), most likely the one asked.
      if (p >= 0) next = Math.max(next, ids.knownOf(p) + 1);
      else if (next < inOrder.length && inOrder[next] === -1) next++;
    }
    return positionAt(p);
  };
  let texts: string[] | undefined;
  // A list read from records: the place of each is where a run on them finds its features.
  const source = known === undefined || places === undefined ? undefined : sourceOfIds(known);
  const table: RfmFeatureTable = {
    ...(source === undefined ? {} : { recordPositions: { ...source, positions: places as Int32Array } }),
    get ids(): string[] {
      if (texts === undefined) {
        texts = new Array(n);
        for (let p = 0; p < n; p++) texts[p] = ids.text(p);
      }
      return texts;
    },
    positionOf: (id) => {
      const length = idBytes.encode(id);
      return positionOfKey(idBytes.bytes, length);
    },
    idBytesInto: (position, target, at, room) =>
      position >= 0 && position < n ? ids.bytesInto(position, target, at, room) : -1,
    positionOfBytes: (bytes, start, end) => {
      const length = end - start;
      if (idBytes.bytes.length < length) idBytes.bytes = new Uint8Array(length);
      const key = idBytes.bytes;
      for (let i = 0; i < length; i++) key[i] = bytes[start + i] as number;
      return positionOfKey(key, length);
    },
    get hasPurchase(): Uint8Array {
      hasPurchase ??= purchasesOf(recency);
      return hasPurchase;
    },
    recency,
    frequency,
    monetary,
    firstDay,
    get lastDay(): Int32Array {
      lastDay ??= lastDaysOf(recency, asOfDay);
      return lastDay;
    },
    ignoredFuture: filled.ignoredFuture,
    ignoredReturns: filled.ignoredReturns,
  };
  const free = (): void => {
    release([
      recency,
      frequency,
      monetary,
      firstDay,
      ...(hasPurchase === undefined ? [] : [hasPurchase]),
      ...(lastDay === undefined ? [] : [lastDay]),
      ...(places === undefined ? [] : [places]),
    ]);
    ids.release();
  };
  return { table, unknown, release: free };
}
