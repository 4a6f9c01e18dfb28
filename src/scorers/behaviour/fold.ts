import { ConfigError, RecordError } from '../../errors/errors.js';
import { compiledOf, type Pipeline } from '../../pipeline/define.js';
import { compiledOfModel, Model } from '../../pipeline/model.js';
import type { FieldMap, InputRecord } from '../../pipeline/types.js';
import { type AsOf, resolveAsOf } from '../../time/as-of.js';
import type { CompiledBehaviour } from './compile.js';
import { canonical, emptyEntries, type LeadEntries, mergeEntries } from './entries.js';
import { type BehaviourState, type LeadState, STATE_FORMAT } from './state-types.js';

/**
 * Options of `foldEvents`.
 *
 * @example
 * const options: FoldOptions = { asOf: '2026-01-31' };
 */
export interface FoldOptions {
  /**
   * Prune what can no longer count at this date or later (events out of every window, repeats of `once`
   * rules). The state then refuses to be scored at an earlier date. Without it nothing is pruned.
   */
  readonly asOf?: string | Date | number | undefined;
}

const hasOwn = Object.prototype.hasOwnProperty;

/**
 * Folds a lead's new events into its stored state (or into an empty one), for real-time scoring without
 * re-reading the whole history: `model.score(lead, { state })` then gives exactly what scoring every event
 * at once would give at the same `asOf`. The state is plain JSON; the given one is not changed.
 * Throws a `RecordError` for a bad event (nothing is folded then), or for an event of another lead.
 *
 * @example
 * const pipeline = definePipeline({ id: 'leads', scorers: [behaviour({ rules: [{ event: 'email_open', points: 2, cap: 10 }] })] });
 * const model = fit([], pipeline, { asOf: '2026-01-06' });
 * let state = foldEvents(model, undefined, [{ customerId: 'l-1', type: 'email_open', at: '2026-01-02' }]);
 * state = foldEvents(model, state, [{ customerId: 'l-1', type: 'email_open', at: '2026-01-05' }]);
 * model.score({ id: 'l-1' }, { state }).score // → 4
 */
export function foldEvents(
  target: Pipeline | Model,
  state: LeadState | undefined,
  events: readonly InputRecord[],
  options: FoldOptions = {},
): LeadState {
  const compiled = target instanceof Model ? compiledOfModel(target) : compiledOf(target);
  const scorers = compiled.scorers.filter((s): s is CompiledBehaviour => s.type === 'behaviour');
  if (scorers.length === 0)
    throw new ConfigError(
      `the pipeline "${compiled.config.id}"`,
      [{ code: 'no_behaviour', path: ['scorers'], message: 'has no behaviour scorer to fold events into' }],
      'no_behaviour',
    );
  if (state !== undefined && state.format !== STATE_FORMAT)
    throw new ConfigError(
      'the state',
      [
        {
          code: 'invalid_format',
          path: ['format'],
          message: `expected "${STATE_FORMAT}", got ${JSON.stringify(state.format)}`,
        },
      ],
      'invalid_state',
    );
  const asOf: AsOf | undefined =
    options.asOf === undefined ? undefined : resolveAsOf(options.asOf, compiled.timeZone);
  const matchAt = asOf ?? resolveAsOf('1970-01-01', compiled.timeZone);
  let id = state?.id ?? null;

  const fresh = scorers.map((s) => emptyEntries(s.config.rules.length));
  events.forEach((event, index) => {
    for (let k = 0; k < scorers.length; k++) {
      const scorer = scorers[k] as CompiledBehaviour;
      const key = scorer.customerKey;
      const raw =
        event !== null && typeof event === 'object' && hasOwn.call(event, key)
          ? (event as FieldMap)[key]
          : undefined;
      if (raw !== undefined && raw !== null && raw !== '') {
        const eventId = String(raw);
        if (id === null) id = eventId;
        else if (eventId !== id)
          throw new RecordError({
            index,
            id: eventId,
            path: [key],
            code: 'other_lead',
            message: `the event is for "${eventId}", the state for "${id}": fold one lead's events into its own state`,
          });
      }
      const failure = scorer.ingest(event, matchAt, fresh[k] as LeadEntries);
      if (failure !== undefined)
        throw new RecordError({ index, path: failure.path, code: failure.code, message: failure.message });
    }
  });

  const out: Record<string, BehaviourState> = {};
  scorers.forEach((scorer, k) => {
    const stored =
      state === undefined ? emptyEntries(scorer.config.rules.length) : scorer.entriesOfState(state);
    if ('code' in stored)
      throw new ConfigError(
        'the state',
        [{ code: stored.code, path: stored.path, message: stored.message }],
        'invalid_state',
      );
    let entries = mergeEntries(stored, fresh[k] as LeadEntries);
    if (asOf !== undefined) entries = scorer.prune(entries, asOf);
    out[scorer.name] = {
      fingerprint: scorer.fingerprint,
      rules: entries.rules.map(canonical),
      matched: canonical(entries.matched),
    };
  });
  const prunedAt = laterOf(state?.prunedAt ?? null, asOf, compiled.timeZone);
  return { format: STATE_FORMAT, id, events: (state?.events ?? 0) + events.length, prunedAt, scorers: out };
}

function laterOf(prunedAt: string | null, asOf: AsOf | undefined, timeZone: string): string | null {
  if (asOf === undefined) return prunedAt;
  if (prunedAt === null) return asOf.text;
  return resolveAsOf(prunedAt, timeZone).instant >= asOf.instant ? prunedAt : asOf.text;
}
