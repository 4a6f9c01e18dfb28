/** The current format of a stored lead state. */
export const STATE_FORMAT = 'scorekit.state/1';

/**
 * What one behaviour scorer keeps of a lead's events: for each rule, a flat `[instant, count, …]` list of
 * the events it counts, and the same for every matched event. Plain JSON; treat it as opaque.
 *
 * @example
 * const entry: BehaviourState = { fingerprint: '1a2b3c4d', rules: [[1767225600000, 2]], matched: [1767225600000, 2] };
 */
export interface BehaviourState {
  /** A hash of the scorer's config: a state is refused by a scorer whose rules changed. */
  readonly fingerprint: string;
  /** By rule index: `[instant (epoch ms), count, …]`, sorted by instant. */
  readonly rules: readonly (readonly number[])[];
  /** Every matched event: `[instant, count, …]`, sorted by instant. */
  readonly matched: readonly number[];
}

/**
 * A lead's behaviour, folded from its events by `foldEvents` and stored as JSON (in a database row, a
 * cache, a cookie): score it with `model.score(lead, { state })` without re-reading the whole history.
 * Scoring a state gives exactly what scoring all of its events would give at the same `asOf`.
 *
 * @example
 * const pipeline = definePipeline({ id: 'leads', scorers: [behaviour({ rules: [{ event: 'email_open', points: 1, cap: 10 }] })] });
 * const state: LeadState = foldEvents(pipeline, undefined, [{ customerId: 'l-1', type: 'email_open', at: '2026-01-01' }]);
 * state.format // → 'scorekit.state/1'
 */
export interface LeadState {
  /** Versioned format tag. */
  readonly format: typeof STATE_FORMAT;
  /** The lead's id, from the first event that carried one (`null` until then). */
  readonly id: string | null;
  /** How many events were folded in, in all. */
  readonly events: number;
  /** The latest `asOf` the state was pruned at: it cannot be scored at an earlier date. */
  readonly prunedAt: string | null;
  /** By behaviour scorer name. */
  readonly scorers: Readonly<Record<string, BehaviourState>>;
}

/** FNV-1a (32 bits) of a text, as 8 hex digits: a stable, dependency-free fingerprint. */
export function fingerprint(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}
