import { describeValue } from '../../conditions/coerce.js';
import { compileFieldPath } from '../../conditions/field-path.js';
import {
  type Batch,
  type BoundScorer,
  type CompiledScorer,
  NO_DETAIL,
  RecordFailure,
} from '../../pipeline/scorer.js';
import type { FieldMap, InputRecord } from '../../pipeline/types.js';
import type { BehaviourScorerConfig } from '../../schema/behaviour.js';
import type { AsOf } from '../../time/as-of.js';
import { resolveAsOf } from '../../time/as-of.js';
import { dayNumber, parseInstant } from '../../time/instant.js';
import { daysBefore } from './ages.js';
import { addEvent, canonical, emptyEntries, type LeadEntries, mergeEntries } from './entries.js';
import { type BehaviourComponentScore, behaviourMax, evaluateEntries } from './evaluate.js';
import { compileBehaviourRules, matchRules } from './rules.js';
import { type BehaviourState, fingerprint, type LeadState, STATE_FORMAT } from './state-types.js';

const hasOwn = Object.prototype.hasOwnProperty;

/** Why an event was refused. */
export interface EventFailure {
  readonly path: readonly (string | number)[];
  readonly code: string;
  readonly message: string;
}

/** A compiled behaviour scorer: the engine's contract plus what `foldEvents` needs. */
export interface CompiledBehaviour extends CompiledScorer {
  readonly type: 'behaviour';
  readonly config: BehaviourScorerConfig;
  readonly customerKey: string;
  readonly fingerprint: string;
  /** Reads one event into `entries`; returns why it was refused, or `undefined`. Adds nothing when refused. */
  ingest(event: unknown, asOf: AsOf, entries: LeadEntries): EventFailure | undefined;
  /** The entries of a stored state (checked against this scorer's fingerprint), or a failure. */
  entriesOfState(state: LeadState): LeadEntries | EventFailure;
  /** Drops what can no longer count at `asOf` or later. */
  prune(entries: LeadEntries, asOf: AsOf): LeadEntries;
  /** Scores canonical entries. */
  evaluate(entries: LeadEntries, asOf: AsOf): BehaviourComponentScore;
}

function canonicalEntries(e: LeadEntries): LeadEntries {
  return { rules: e.rules.map(canonical), matched: canonical(e.matched) };
}

/**
 * Compiles the `behaviour` scorer ("engagement"): points for events, with windows, caps, per-day caps,
 * `once`, decay by half-life, by share per period or by points per period of inactivity. A record scorer:
 * it needs no fit.
 */
export function compileBehaviour(config: BehaviourScorerConfig): CompiledBehaviour {
  const name = config.name;
  const specs = compileBehaviourRules(config);
  const max = behaviourMax(config);
  const customerKey = config.customerKey ?? 'customerId';
  const typeKey = config.typeKey ?? 'type';
  const dateKey = config.dateKey ?? 'at';
  const eventsField = config.eventsField;
  const eventsOf = eventsField === undefined ? undefined : compileFieldPath(eventsField);
  const eventsPath = eventsField === undefined ? [] : eventsField.split('.');
  const print = fingerprint(JSON.stringify(config));
  const matches: number[] = [];

  /**
   * Reads one event: its instant, and the rules that count it into `matches`. Returns why it was refused, or
   * the instant (NaN never: a refused event returns a failure).
   */
  const read = (event: unknown, asOf: AsOf): EventFailure | number => {
    if (event === null || typeof event !== 'object' || Array.isArray(event))
      return {
        path: [],
        code: 'invalid_event',
        message: `expected an event object, got ${describeValue(event)}`,
      };
    const fields = event as FieldMap;
    const type = fields[typeKey]; // a key from the config, never __proto__/constructor/prototype; an inherited value is no string
    if (typeof type !== 'string' || type === '')
      return {
        path: [typeKey],
        code: type === undefined ? 'missing_type' : 'invalid_type',
        message: `expected the event type as a non-empty string, got ${describeValue(type)}`,
      };
    const at = typeof fields[dateKey] === 'function' ? undefined : fields[dateKey];
    const instant = parseInstant(at, asOf.timeZone);
    if (Number.isNaN(instant))
      return {
        path: [dateKey],
        code: at === undefined || at === null || at === '' ? 'missing_date' : 'invalid_date',
        message: `expected when the event happened (a Date, an ISO date or epoch ms), got ${describeValue(at)}`,
      };
    matches.length = 0;
    try {
      matchRules(specs, type, event as InputRecord, asOf, matches);
    } catch (error) {
      if (error instanceof RecordFailure)
        return { path: error.path, code: error.code, message: error.message };
      throw error;
    }
    return instant;
  };

  const ingest = (event: unknown, asOf: AsOf, entries: LeadEntries): EventFailure | undefined => {
    const outcome = read(event, asOf);
    if (typeof outcome !== 'number') return outcome;
    addEvent(entries, outcome, matches);
    return undefined;
  };

  const entriesOfState = (state: LeadState): LeadEntries | EventFailure => {
    const own = hasOwn.call(state.scorers, name) ? state.scorers[name] : undefined;
    if (own === undefined) return emptyEntries(specs.length);
    if (own.fingerprint !== print || own.rules.length !== specs.length)
      return {
        path: ['state', 'scorers', name, 'fingerprint'],
        code: 'state_mismatch',
        message: `the state was folded with other rules for "${name}": fold the lead's events again`,
      };
    return { rules: own.rules.map((l) => [...l]), matched: [...own.matched] };
  };

  const prune = (entries: LeadEntries, asOf: AsOf): LeadEntries => {
    const cutoff = asOf.text === asOf.date ? asOf.instant - 1 : asOf.instant;
    const rules = entries.rules.map((list, r) => {
      const spec = specs[r];
      if (spec === undefined) return list;
      // Entries before the window's first day can never count again (asOf only moves forward); a rule
      // counted once needs only its earliest past event; past events of one day are only ever used by day
      // (age, per-day cap), so they merge into one entry: the state keeps at most one per rule and day.
      const start = spec.within === undefined ? Number.NEGATIVE_INFINITY : daysBefore(asOf.day, spec.within);
      const out: number[] = [];
      let lastDay = Number.NaN;
      for (let i = 0; i < list.length; i += 2) {
        const t = list[i] as number;
        const c = list[i + 1] as number;
        if (t > cutoff) {
          out.push(t, c);
          continue;
        }
        const day = dayNumber(t, asOf.timeZone);
        if (day < start) continue;
        if (spec.once && spec.within === undefined) {
          if (out.length === 0) out.push(t, 1);
          continue;
        }
        if (day === lastDay) out[out.length - 1] = (out[out.length - 1] as number) + c;
        else out.push(t, c);
        lastDay = day;
      }
      return out;
    });
    // Past matched events only tell how many there were and when the last was: keep one entry with both.
    const matched: number[] = [];
    let pastCount = 0;
    let lastPast = Number.NaN;
    for (let i = 0; i < entries.matched.length; i += 2) {
      const t = entries.matched[i] as number;
      const c = entries.matched[i + 1] as number;
      if (t <= cutoff) {
        pastCount += c;
        lastPast = t;
      } else matched.push(t, c);
    }
    if (pastCount > 0) matched.unshift(lastPast, pastCount);
    return { rules, matched };
  };

  const evaluate = (entries: LeadEntries, asOf: AsOf): BehaviourComponentScore =>
    evaluateEntries(config, specs, max, entries.rules, entries.matched, asOf);

  const fromState = (batch: Batch, id: string, entries: LeadEntries): LeadEntries => {
    const states = batch.inputs.states;
    if (states === undefined || !hasOwn.call(states, id)) return entries;
    const state = states[id] as LeadState;
    if (
      state.prunedAt !== null &&
      resolveAsOf(state.prunedAt, batch.asOf.timeZone).instant > batch.asOf.instant
    )
      throw new RecordFailure(
        ['state', 'prunedAt'],
        'stale_state',
        `the state was pruned as of ${state.prunedAt}: score it at that date or later`,
      );
    const stored = entriesOfState(state);
    if ('code' in stored) throw new RecordFailure(stored.path, stored.code, stored.message);
    return mergeEntries(stored, entries);
  };

  return {
    name,
    type: 'behaviour',
    population: false,
    config,
    customerKey,
    fingerprint: print,
    ingest,
    entriesOfState,
    prune,
    evaluate,
    bind(batch): BoundScorer {
      const asOf = batch.asOf;
      // Its value is the sum of its detail, so the detail is made, then left out of a run without explanations.
      const explained = (c: BehaviourComponentScore): BehaviourComponentScore =>
        batch.explain ? c : { ...c, detail: NO_DETAIL };
      if (eventsOf !== undefined) {
        return {
          score(record, index) {
            const entries = emptyEntries(specs.length);
            const events = eventsOf(record);
            if (events !== undefined && events !== null) {
              if (!Array.isArray(events))
                throw new RecordFailure(
                  eventsPath,
                  'invalid_type',
                  `expected an array of events, got ${describeValue(events)}`,
                );
              for (let j = 0; j < events.length; j++) {
                const failure = ingest(events[j], asOf, entries);
                if (failure !== undefined)
                  throw new RecordFailure([...eventsPath, j, ...failure.path], failure.code, failure.message);
              }
            }
            const id = batch.ids.at(index);
            return explained(
              evaluate(canonicalEntries(id === undefined ? entries : fromState(batch, id, entries)), asOf),
            );
          },
        };
      }
      // Events given to the run: read once into columns (record index, instant, the rules that count it),
      // then grouped by record with a counting sort. Bad rows are reported, never dropped silently; events of
      // leads that are not in the batch are checked too, then left aside.
      const recordOf = new Map<string, number>();
      for (let i = 0; i < batch.ids.length; i++) {
        const id = batch.ids.at(i);
        if (id !== undefined) recordOf.set(id, i);
      }
      const events = batch.inputs.events ?? [];
      const n = events.length;
      const owner = new Int32Array(n).fill(-1);
      const instants = new Float64Array(n);
      const ruleStart = new Int32Array(n + 1);
      const ruleList: number[] = [];
      for (let j = 0; j < n; j++) {
        ruleStart[j] = ruleList.length;
        const event = events[j];
        const raw =
          event !== null && typeof event === 'object' ? (event as FieldMap)[customerKey] : undefined;
        const id =
          typeof raw === 'string' && raw.length > 0 && (raw.charCodeAt(0) > 32 || raw.trim() !== '')
            ? raw
            : typeof raw === 'number' && Number.isFinite(raw)
              ? String(raw)
              : undefined;
        if (id === undefined) {
          batch.rejectInput({
            source: 'events',
            index: j,
            path: [customerKey],
            code: 'missing_id',
            message: `the event has no usable "${customerKey}" (a non-empty string or a number)`,
          });
          continue;
        }
        const outcome = read(event, asOf);
        if (typeof outcome !== 'number') {
          batch.rejectInput({ source: 'events', index: j, id, ...outcome });
          continue;
        }
        const record = recordOf.get(id);
        if (record === undefined || matches.length === 0) continue;
        owner[j] = record;
        instants[j] = outcome;
        for (const r of matches) ruleList.push(r);
      }
      ruleStart[n] = ruleList.length;
      // Counting sort of the kept events by record, stable in input order.
      const records = batch.records.length;
      const start = new Int32Array(records + 1);
      for (let j = 0; j < n; j++) {
        const o = owner[j] as number;
        if (o >= 0) start[o + 1] = (start[o + 1] as number) + 1;
      }
      for (let i = 0; i < records; i++) start[i + 1] = (start[i + 1] as number) + (start[i] as number);
      const order = new Int32Array(start[records] as number);
      const next = start.slice(0, records);
      for (let j = 0; j < n; j++) {
        const o = owner[j] as number;
        if (o >= 0) {
          order[next[o] as number] = j;
          next[o] = (next[o] as number) + 1;
        }
      }
      return {
        readsRecord: false,
        score(_record, index) {
          const entries = emptyEntries(specs.length);
          for (let k = start[index] as number; k < (start[index + 1] as number); k++) {
            const j = order[k] as number;
            const t = instants[j] as number;
            for (let m = ruleStart[j] as number; m < (ruleStart[j + 1] as number); m++)
              (entries.rules[ruleList[m] as number] as number[]).push(t, 1);
            entries.matched.push(t, 1);
          }
          const id = batch.ids.at(index);
          return explained(
            evaluate(canonicalEntries(id === undefined ? entries : fromState(batch, id, entries)), asOf),
          );
        },
      };
    },
  };
}

export type { BehaviourState, LeadState };
export { STATE_FORMAT };
