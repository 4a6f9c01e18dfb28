// The customer ids known from elsewhere (the customers file) that the transaction readers are given.

import type { RecordSource } from 'scorekit';

/**
 * Ids read by position: `at(index)` gives the id at `index`, or `undefined` for a place without one. An array
 * of ids is one; the command line gives its customers file's ids this way, each made from the file's bytes
 * when it is read, instead of a million strings held while the transactions are read.
 *
 * @example
 * const rows = [{ id: 'c1' }, {}, { id: 'c2' }];
 * const ids: IdList = { length: rows.length, at: (i) => rows[i]?.id };
 * ids.at(2) // → 'c2'
 */
export interface IdList {
  readonly length: number;
  at(index: number): string | undefined;
}

/**
 * An {@link IdList} that can also copy an id's UTF-8 bytes: `bytesInto` puts the bytes of the id at `index`
 * in `target` from `at` (room for `room` bytes) and returns how many, -1 for a place without an id, or -2 when
 * it cannot say without the text (`at` is then read). The ids of a CSV customers file are given this way,
 * copied from the file's bytes instead of made into strings and encoded again.
 */
export interface ByteIdList extends IdList {
  bytesInto(index: number, target: Uint8Array, at: number, room: number): number;
  /**
   * Optional: whether the id at `index` is the UTF-8 bytes `key[start, end)`, compared where the list keeps
   * it; `undefined` when it cannot say without the text (as `bytesInto` gives -2).
   */
  sameBytes?(index: number, key: Uint8Array, start: number, end: number): boolean | undefined;
}

/**
 * Customer ids, as a set, an array or any {@link IdList} (a list may repeat an id).
 *
 * @example
 * const known: KnownIds = ['c1', 'c2'];
 * const same: KnownIds = new Set(known);
 */
export type KnownIds = ReadonlySet<string> | IdList;

/** How many ids there are (with repeats and places without one, for a list). */
export function countOf(known: KnownIds | PromiseLike<KnownIds> | undefined): number | undefined {
  if (known === undefined || 'then' in known) return undefined;
  return 'size' in known ? known.size : known.length;
}

/** The records a list of ids was read from, and the field of each that gave its id. */
interface ListSource {
  readonly records: RecordSource;
  readonly idKey: string;
}

// The lists this package read from records (RecordTable `ids`): a feature table made with one of them tells a
// run on those records where each one's features are (RfmFeatureTable `recordPositions`). Kept here, not as a
// field of the list, so that no list given by a caller can claim to be the ids of records it is not.
const sources = new WeakMap<IdList, ListSource>();

/** Records `list` as the ids of field `idKey` of `records`, one per record, as the core reads them. */
export function idsOf<T extends IdList>(list: T, records: RecordSource, idKey: string): T {
  sources.set(list, { records, idKey });
  return list;
}

/** The records `list` holds the ids of, when {@link idsOf} recorded them. */
export function sourceOfIds(list: IdList): ListSource | undefined {
  return sources.get(list);
}

// The fields of records whose ids were found to be all there and pairwise different, as the core reads them
// (rfm-slots.ts `markKnown`, as it marks each one): a run on those records need not look for repeats again.
const distinct = new WeakMap<RecordSource, Set<string>>();

/**
 * Records that the ids of `list` (a list {@link idsOf} recorded) are all there and pairwise different: so are
 * the ids of its records (RecordSource `distinctIds`).
 */
export function markDistinct(list: IdList): void {
  const source = sources.get(list);
  if (source === undefined) return;
  let keys = distinct.get(source.records);
  if (keys === undefined) {
    keys = new Set();
    distinct.set(source.records, keys);
  }
  keys.add(source.idKey);
}

/** Whether {@link markDistinct} found the ids of field `idKey` of `records` all there and pairwise different. */
export function distinctIn(records: RecordSource, idKey: string): boolean {
  return distinct.get(records)?.has(idKey) ?? false;
}
