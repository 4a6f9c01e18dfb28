// What one lead's events leave behind for one behaviour scorer: for each rule, the instants of the events
// it counts (with how many events share each instant), and the instants of every matched event. The same
// entries come out whether they were built from the whole history or folded in bit by bit, and they are
// evaluated in one canonical order (by instant), so both give identical scores.

/** Flat `[instant, count, instant, count, …]` lists, by rule, plus the matched events of any rule. */
export interface LeadEntries {
  /** `rules[r]`: the events rule `r` counts. */
  readonly rules: number[][];
  /** Every event that matched at least one rule, once each. */
  readonly matched: number[];
}

/** Empty entries for a scorer of `ruleCount` rules. */
export function emptyEntries(ruleCount: number): LeadEntries {
  const rules: number[][] = new Array(ruleCount);
  for (let r = 0; r < ruleCount; r++) rules[r] = [];
  return { rules, matched: [] };
}

/** Records one event at `instant`, counted by the rules in `ruleIndexes`. */
export function addEvent(entries: LeadEntries, instant: number, ruleIndexes: readonly number[]): void {
  if (ruleIndexes.length === 0) return;
  for (const r of ruleIndexes) (entries.rules[r] as number[]).push(instant, 1);
  entries.matched.push(instant, 1);
}

/**
 * Sorts a flat `[instant, count, …]` list by instant and merges equal instants, in place when it is
 * already sorted and merged (the common case for stored states).
 */
export function canonical(list: readonly number[]): number[] {
  const n = list.length / 2;
  let sorted = true;
  for (let i = 1; i < n; i++) {
    if ((list[2 * i] as number) <= (list[2 * i - 2] as number)) {
      sorted = false;
      break;
    }
  }
  if (sorted) return list as number[];
  const order = new Array<number>(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => (list[2 * a] as number) - (list[2 * b] as number));
  const out: number[] = [];
  for (const i of order) {
    const t = list[2 * i] as number;
    const c = list[2 * i + 1] as number;
    if (out.length > 0 && out[out.length - 2] === t)
      out[out.length - 1] = (out[out.length - 1] as number) + c;
    else out.push(t, c);
  }
  return out;
}

/** Merges `more` into `base` (both flat lists) and returns the canonical list. */
export function mergeLists(base: readonly number[], more: readonly number[]): number[] {
  if (more.length === 0) return canonical(base);
  if (base.length === 0) return canonical(more);
  return canonical([...base, ...more]);
}

/** The entries of `a` and `b` together, canonical. */
export function mergeEntries(a: LeadEntries, b: LeadEntries): LeadEntries {
  return {
    rules: a.rules.map((list, r) => mergeLists(list, b.rules[r] ?? [])),
    matched: mergeLists(a.matched, b.matched),
  };
}
