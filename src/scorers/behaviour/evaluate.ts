// Evaluates one lead's entries at an asOf: windows, per-day caps, decay, inactivity, caps and floors, with
// one contribution per rule (and per scorer-wide adjustment) so that the explanation adds up to the value.
import { showDuration } from '../../conditions/describe.js';
import type { ComponentScore, Contribution } from '../../pipeline/types.js';
import type { BehaviourScorerConfig, PointsDecay } from '../../schema/behaviour.js';
import type { AsOf } from '../../time/as-of.js';
import { dayNumber } from '../../time/instant.js';
import { daysBefore, wholePeriods } from './ages.js';
import type { BehaviourRuleSpec } from './rules.js';

/**
 * What a `behaviour` scorer gives one lead: the points of its rules, plus how many events were counted,
 * how many came after `asOf` (left out) and when the last counted one happened.
 *
 * @example
 * const component: BehaviourComponentScore = {
 *   scorer: 'engagement', type: 'behaviour', value: 12, max: 40, normalized: 0.3,
 *   detail: [{ scorer: 'engagement', rule: 'pricing', points: 12, reason: 'Visited /pricing 3 times: +12' }],
 *   events: 3, future: 0, lastEventAt: '2025-12-30T10:00:00.000Z',
 * };
 */
export interface BehaviourComponentScore extends ComponentScore {
  /** Events on or before `asOf` that matched at least one rule. */
  readonly events: number;
  /** Matched events after `asOf`, left out. */
  readonly future: number;
  /** The instant of the last matched event on or before `asOf` (ISO), or `null`. */
  readonly lastEventAt: string | null;
}

/**
 * Formats points as explanations state them: signed, 1 decimal from 10 up, 2 below, no trailing zeros.
 * Writers use it to see whether a reason already states its points (`Visited /pricing 3 times: +12.4`).
 *
 * @example
 * formatPoints(12.4444) // → '+12.4'
 * formatPoints(-20) // → '-20'
 * formatPoints(3.5355339) // → '+3.54'
 */
export function formatPoints(points: number): string {
  const abs = Math.abs(points);
  // Whole points (RFM scores, most rules) need no rounding.
  const text = Number.isInteger(abs) ? String(abs) : String(Number(abs.toFixed(abs >= 10 ? 1 : 2)));
  return `${points < 0 ? '-' : '+'}${text}`;
}

/** The instant after which events are "after asOf": a date-only asOf includes its whole day. */
export function cutoffOf(asOf: AsOf): number {
  return asOf.text === asOf.date ? asOf.instant - 1 : asOf.instant;
}

/** Moves `value` towards zero by `loss`, never past it; returns the new value. */
function towardZero(value: number, loss: number): number {
  if (value > 0) return Math.max(0, value - loss);
  if (value < 0) return Math.min(0, value + loss);
  return 0;
}

function inactivityLoss(
  decay: PointsDecay,
  lastDay: number,
  asOfDay: number,
): { periods: number; loss: number } {
  const periods = wholePeriods(lastDay, asOfDay, decay.every);
  return { periods, loss: periods * decay.points };
}

interface RuleOutcome {
  readonly points: number;
  readonly reason: string;
}

function evaluateRule(
  rule: BehaviourRuleSpec,
  list: readonly number[],
  asOf: AsOf,
  cutoff: number,
): RuleOutcome | null {
  const zone = asOf.timeZone;
  const windowStart =
    rule.within === undefined ? Number.NEGATIVE_INFINITY : daysBefore(asOf.day, rule.within);
  const decay = rule.ageDecay;
  let counted = 0;
  let raw = 0;
  let value = 0;
  let limited = false;
  let firstDay = Number.NaN;
  let lastDay = Number.NaN;
  let day = Number.NaN;
  let dayCount = 0;
  const flush = (): void => {
    if (dayCount === 0) return;
    let points = rule.points * dayCount;
    if (rule.perDay !== undefined && Math.abs(points) > rule.perDay) {
      points = Math.sign(points) * rule.perDay;
      limited = true;
    }
    raw += points;
    let factor = 1;
    if (decay !== null) {
      factor =
        decay.kind === 'half-life'
          ? 0.5 ** ((asOf.day - day) / decay.days)
          : decay.keep ** wholePeriods(day, asOf.day, decay.every);
    }
    value += points * factor;
  };
  for (let i = 0; i < list.length; i += 2) {
    const t = list[i] as number;
    if (t > cutoff) break; // sorted: every later entry is after asOf too
    const d = dayNumber(t, zone);
    if (d < windowStart) continue;
    const c = rule.once ? 1 : (list[i + 1] as number);
    if (d !== day) {
      flush();
      day = d;
      dayCount = 0;
    }
    dayCount += c;
    counted += c;
    if (Number.isNaN(firstDay)) firstDay = d;
    lastDay = d;
    if (rule.once) break;
  }
  flush();
  if (counted === 0) return null;

  const notes: string[] = [];
  if (limited) notes.push(`at most ${rule.perDay} a day`);
  if (value !== raw) notes.push(`${formatPoints(raw)} before decay`);
  if (rule.inactivity !== undefined) {
    const { periods, loss } = inactivityLoss(rule.inactivity, lastDay, asOf.day);
    const before = value;
    value = towardZero(value, loss);
    if (value !== before)
      notes.push(
        `${formatPoints(value - before)} after ${showDuration({ days: asOf.day - lastDay })} without activity (${rule.inactivity.points} per ${showDuration(rule.inactivity.every)}, ${periods} ${periods === 1 ? 'period' : 'periods'})`,
      );
  }
  if (rule.cap !== undefined && Math.abs(value) > rule.cap) {
    value = Math.sign(value) * rule.cap;
    notes.push(`cap ${rule.cap}`);
  }
  const window = rule.within === undefined ? '' : ` in the last ${showDuration(rule.within)}`;
  const what = rule.once
    ? `${rule.label} (first time on ${isoDay(firstDay)})`
    : `${rule.label} ${counted} ${counted === 1 ? 'time' : 'times'}${window}`;
  const reason = `${what}: ${formatPoints(value)}${notes.length > 0 ? ` (${notes.join('; ')})` : ''}`;
  return { points: value, reason };
}

function isoDay(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

/** The value that normalizes to 1: `max`, else `cap`, else the sum of the positive rules' bounds. */
export function behaviourMax(config: BehaviourScorerConfig): number {
  if (config.max !== undefined) return config.max;
  if (config.cap !== undefined) return config.cap;
  let max = 0;
  for (const rule of config.rules) {
    if (rule.points <= 0) continue;
    max += rule.cap ?? rule.points; // the schema makes sure an uncapped positive rule is `once`
  }
  return max;
}

/** Evaluates canonical entries (`rules[r]` and `matched`, sorted by instant) into the component. */
export function evaluateEntries(
  config: BehaviourScorerConfig,
  specs: readonly BehaviourRuleSpec[],
  max: number,
  rules: readonly (readonly number[])[],
  matched: readonly number[],
  asOf: AsOf,
): BehaviourComponentScore {
  const name = config.name;
  const cutoff = cutoffOf(asOf);
  const detail: Contribution[] = [];
  let running = 0;
  for (const spec of specs) {
    const outcome = evaluateRule(spec, rules[spec.index] ?? [], asOf, cutoff);
    if (outcome === null) continue;
    detail.push({ scorer: name, rule: spec.key, points: outcome.points, reason: outcome.reason });
    running += outcome.points;
  }
  let events = 0;
  let future = 0;
  let last = Number.NaN;
  for (let i = 0; i < matched.length; i += 2) {
    const t = matched[i] as number;
    const c = matched[i + 1] as number;
    if (t > cutoff) future += c;
    else {
      events += c;
      last = t;
    }
  }
  if (config.decay !== undefined && 'points' in config.decay && !Number.isNaN(last) && running !== 0) {
    const lastDay = dayNumber(last, asOf.timeZone);
    const { loss } = inactivityLoss(config.decay, lastDay, asOf.day);
    const after = towardZero(running, loss);
    if (after !== running) {
      const points = after - running;
      detail.push({
        scorer: name,
        rule: 'inactivity',
        points,
        reason: `No activity for ${showDuration({ days: asOf.day - lastDay })}: ${formatPoints(points)} (${config.decay.points} per ${showDuration(config.decay.every)})`,
      });
      running += points;
    }
  }
  // The scorer's bounds: the total moves to the cap (or floor), with a contribution that says so.
  const bound = Math.min(
    config.cap ?? Number.POSITIVE_INFINITY,
    Math.max(config.floor ?? Number.NEGATIVE_INFINITY, running),
  );
  if (bound !== running) {
    const capped = bound < running;
    detail.push({
      scorer: name,
      rule: capped ? 'cap' : 'floor',
      points: bound - running,
      reason: `${capped ? 'Capped' : 'Floor'} at ${bound}: the rules gave ${formatPoints(running)}`,
    });
    running = bound;
  }
  if (future > 0)
    detail.push({
      scorer: name,
      rule: 'after-as-of',
      points: 0,
      reason: `${future} ${future === 1 ? 'event' : 'events'} after ${asOf.text} left out`,
    });
  let value = 0;
  for (const c of detail) value += c.points;
  return {
    scorer: name,
    type: 'behaviour',
    value,
    max,
    normalized: max > 0 ? Math.min(1, Math.max(0, value / max)) : 0,
    detail,
    events,
    future,
    lastEventAt: Number.isNaN(last) ? null : new Date(last).toISOString(),
  };
}
