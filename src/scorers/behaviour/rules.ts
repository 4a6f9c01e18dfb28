// A behaviour scorer's rules compiled once: which events they match, and how their points age.
import { compileCondition, type Predicate } from '../../conditions/compile.js';
import { describeCondition } from '../../conditions/describe.js';
import type { InputRecord } from '../../pipeline/types.js';
import type { BehaviourScorerConfig, PercentDecay, PointsDecay } from '../../schema/behaviour.js';
import type { AsOf } from '../../time/as-of.js';
import type { Duration } from '../../time/duration.js';
import { durationDays } from './ages.js';

/** How an event's points shrink with its age. */
export type AgeDecay =
  | { readonly kind: 'half-life'; readonly days: number; readonly text: Duration }
  | { readonly kind: 'percent'; readonly keep: number; readonly percent: number; readonly every: Duration }
  | null;

/** One rule, ready to match events and to be evaluated. */
export interface BehaviourRuleSpec {
  readonly index: number;
  /** The rule's id, or `rules[i]`. */
  readonly key: string;
  /** What the rule counts, for explanations (`Visited /pricing`). */
  readonly label: string;
  readonly points: number;
  readonly cap: number | undefined;
  readonly once: boolean;
  readonly within: Duration | undefined;
  readonly perDay: number | undefined;
  readonly ageDecay: AgeDecay;
  readonly inactivity: PointsDecay | undefined;
  /** The event types the rule counts, or `null` for any type. */
  readonly types: ReadonlySet<string> | null;
  /** The condition over the event's fields, or `null`. */
  readonly test: Predicate | null;
}

function ageDecayOf(
  halfLife: Duration | undefined,
  decay: PercentDecay | PointsDecay | 'none' | undefined,
): AgeDecay | undefined {
  if (halfLife !== undefined) return { kind: 'half-life', days: durationDays(halfLife), text: halfLife };
  if (decay === 'none') return null;
  if (decay !== undefined && 'percent' in decay)
    return { kind: 'percent', keep: 1 - decay.percent / 100, percent: decay.percent, every: decay.every };
  return undefined;
}

/** Compiles the rules of a behaviour scorer; the scorer's age decay applies to rules without their own. */
export function compileBehaviourRules(config: BehaviourScorerConfig): BehaviourRuleSpec[] {
  const scorerDecay = ageDecayOf(config.halfLife, config.decay) ?? null;
  return config.rules.map((rule, index) => {
    const types =
      rule.event === undefined ? null : new Set(typeof rule.event === 'string' ? [rule.event] : rule.event);
    const what = [
      types === null ? undefined : [...types].join(' or '),
      rule.when === undefined ? undefined : describeCondition(rule.when),
    ]
      .filter((s) => s !== undefined)
      .join(' where ');
    const own = ageDecayOf(rule.halfLife, rule.decay);
    return {
      index,
      key: rule.id ?? `rules[${index}]`,
      label: rule.reason ?? what,
      points: rule.points,
      cap: rule.cap,
      once: rule.once === true,
      within: rule.within,
      perDay: rule.perDay,
      ageDecay: own === undefined ? scorerDecay : own,
      inactivity:
        rule.decay !== undefined && rule.decay !== 'none' && 'points' in rule.decay ? rule.decay : undefined,
      types,
      test: rule.when === undefined ? null : compileCondition(rule.when),
    };
  });
}

/**
 * Adds to `out` the index of every rule that counts the event. Throws `RecordFailure` when a condition
 * meets a field of the wrong type.
 */
export function matchRules(
  rules: readonly BehaviourRuleSpec[],
  type: string,
  event: InputRecord,
  asOf: AsOf,
  out: number[],
): void {
  for (const rule of rules) {
    if (rule.types !== null && !rule.types.has(type)) continue;
    if (rule.test !== null && !rule.test(event, asOf)) continue;
    out.push(rule.index);
  }
}
