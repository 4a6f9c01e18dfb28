import * as z from 'zod';
import type { Duration } from '../time/duration.js';
import { NameSchema } from './attributes.js';
import { type Condition, ConditionSchema, FieldPathSchema, FORBIDDEN_SEGMENTS } from './condition.js';
import { DurationSchema } from './duration.js';

/** Behaviour ages are whole calendar days: windows, half-lives and periods are in days, weeks, months or years. */
const DayDuration = DurationSchema.refine((d) => d.hours === undefined && d.minutes === undefined, {
  message: 'behaviour scorers count ages in whole days: use days, weeks, months or years',
  params: { code: 'invalid_duration' },
});

/** Windows and decay periods are whole numbers of days, weeks, months or years. */
const WholeDays = DayDuration.refine(
  (d) => Object.values(d).every((v) => v === undefined || Number.isInteger(v)),
  {
    message: 'windows and periods are whole numbers of days, weeks, months or years',
    params: { code: 'invalid_duration' },
  },
);

const PercentDecay = z.strictObject({
  percent: z.number().gt(0).max(100),
  every: WholeDays,
});
const PointsDecay = z.strictObject({
  points: z.number().finite().positive(),
  every: WholeDays,
});
const Key = z
  .string()
  .min(1)
  .max(200)
  .refine((k) => !FORBIDDEN_SEGMENTS.has(k), {
    message: 'not an allowed field name',
    params: { code: 'forbidden_path' },
  });

/** One behaviour rule: the events it counts and the points each gives. */
export const BehaviourRuleSchema = z
  .strictObject({
    id: NameSchema.optional(),
    event: z
      .union([z.string().min(1).max(200), z.array(z.string().min(1).max(200)).min(1).max(100)])
      .optional(),
    when: ConditionSchema.optional(),
    points: z.number().finite(),
    cap: z.number().finite().positive().optional(),
    once: z.boolean().optional(),
    within: WholeDays.optional(),
    halfLife: DayDuration.optional(),
    decay: z.union([z.literal('none'), PercentDecay, PointsDecay]).optional(),
    perDay: z.number().finite().positive().optional(),
    reason: z.string().max(500).optional(),
  })
  .superRefine((rule, ctx) => {
    const issue = (path: (string | number)[], code: string, message: string): void => {
      ctx.addIssue({ code: 'custom', path, params: { code }, message });
    };
    if (rule.event === undefined && rule.when === undefined)
      issue(['event'], 'missing_match', 'a rule needs an event type, a condition ("when"), or both');
    if (
      rule.halfLife !== undefined &&
      rule.decay !== undefined &&
      (rule.decay === 'none' || 'percent' in rule.decay)
    )
      issue(['decay'], 'conflicting_decay', 'give a rule one age decay: halfLife or decay.percent, not both');
    if (rule.when !== undefined && JSON.stringify(rule.when).includes('"within"'))
      issue(
        ['when'],
        'not_applicable',
        'a rule\'s condition reads the event\'s own fields; give the rule a window with its own "within"',
      );
    if (rule.once === true && rule.perDay !== undefined)
      issue(['perDay'], 'not_applicable', 'a rule counted once gives its points once: perDay does not apply');
  });

/** The zod schema of the `behaviour` scorer ("engagement"). */
export const BehaviourScorerSchema = z
  .strictObject({
    type: z.literal('behaviour'),
    name: NameSchema,
    rules: z.array(BehaviourRuleSchema).min(1).max(1000),
    customerKey: Key.optional(),
    typeKey: Key.optional(),
    dateKey: Key.optional(),
    eventsField: FieldPathSchema.optional(),
    halfLife: DayDuration.optional(),
    decay: z.union([PercentDecay, PointsDecay]).optional(),
    cap: z.number().finite().positive().optional(),
    floor: z.number().finite().max(0).optional(),
    max: z.number().finite().positive().optional(),
  })
  .superRefine((s, ctx) => {
    const issue = (path: (string | number)[], code: string, message: string): void => {
      ctx.addIssue({ code: 'custom', path, params: { code }, message });
    };
    if (s.halfLife !== undefined && s.decay !== undefined && 'percent' in s.decay)
      issue(
        ['decay'],
        'conflicting_decay',
        'give the scorer one age decay: halfLife or decay.percent, not both',
      );
    const ids = new Set<string>();
    s.rules.forEach((rule, i) => {
      if (rule.id !== undefined) {
        if (ids.has(rule.id))
          issue(['rules', i, 'id'], 'duplicate_id', `the rule id "${rule.id}" is used twice`);
        ids.add(rule.id);
      }
      const bounded = rule.points <= 0 || rule.cap !== undefined || rule.once === true;
      if (!bounded && s.cap === undefined && s.max === undefined)
        issue(
          ['rules', i, 'cap'],
          'unbounded_rule',
          'this rule can give unbounded points: give it a cap, make it once, or give the scorer a cap or a max, so the component can be normalized',
        );
    });
  });

/**
 * Decay by a share of the points lost per whole period of age (HubSpot style): after `k` whole periods an
 * event is worth `points × (1 − percent/100)^k`.
 *
 * @example
 * const decay: PercentDecay = { percent: 25, every: { months: 1 } };
 */
export interface PercentDecay {
  /** The share lost per period, in percent (0 < percent ≤ 100). */
  readonly percent: number;
  /** The period. */
  readonly every: Duration;
}

/**
 * Decay by points lost per whole period of inactivity (Marketo style): `k` whole periods after the last
 * counted event, the total moves `k × points` towards zero (never past it).
 *
 * @example
 * const decay: PointsDecay = { points: 5, every: { days: 30 } };
 */
export interface PointsDecay {
  /** Points lost per period without any counted event. */
  readonly points: number;
  /** The period. */
  readonly every: Duration;
}

/**
 * One behaviour rule, as data: which events it counts (`event` type(s) and/or a condition over the
 * event's properties) and the points each gives, with its caps, window and decay.
 *
 * @example
 * const rule: BehaviourRule = {
 *   event: 'page_view', when: { field: 'url', contains: '/pricing' }, points: 5, cap: 15,
 *   within: { days: 30 }, reason: 'Visited /pricing',
 * };
 */
export interface BehaviourRule {
  /** A stable id for explanations (default `rules[i]`). */
  readonly id?: string | undefined;
  /** The event type, or several, that the rule counts. */
  readonly event?: string | readonly string[] | undefined;
  /** A condition over the event's own fields (`{ field: 'url', contains: '/pricing' }`). */
  readonly when?: Condition | undefined;
  /** Points per event; negative for unsubscribes, bounces, competitors. */
  readonly points: number;
  /** The most (in absolute value) the rule can give, after decay. */
  readonly cap?: number | undefined;
  /** Count only the first counted event (the earliest inside the window). */
  readonly once?: boolean | undefined;
  /** Count only events at most this old (an event exactly this old counts). */
  readonly within?: Duration | undefined;
  /** Continuous exponential decay: an event `age` days old is worth `points × 0.5^(age / halfLife)`. */
  readonly halfLife?: Duration | undefined;
  /** Step decay by a share per period, points lost per period of inactivity, or `'none'` to opt out of the scorer's age decay. */
  readonly decay?: 'none' | PercentDecay | PointsDecay | undefined;
  /** The most (in absolute value) the rule gives for the events of one calendar day, before decay. */
  readonly perDay?: number | undefined;
  /** What the rule means, for people (`Visited /pricing`). */
  readonly reason?: string | undefined;
}

/**
 * Options of `behaviour()`: every field of the scorer but its `type`.
 *
 * @example
 * const options: BehaviourOptions = { name: 'engagement', rules: [{ event: 'email_open', points: 1, cap: 10 }] };
 */
export interface BehaviourOptions {
  /** The component's name (default `engagement` with the builder). */
  readonly name: string;
  /** The rules; an event can count for several rules. */
  readonly rules: readonly BehaviourRule[];
  /** The event field that holds the lead's id (default `customerId`). */
  readonly customerKey?: string | undefined;
  /** The event field that holds its type (default `type`). */
  readonly typeKey?: string | undefined;
  /** The event field that holds when it happened (default `at`). */
  readonly dateKey?: string | undefined;
  /** Read the events from this array field of the record instead of the run's `events`. */
  readonly eventsField?: string | undefined;
  /** Default continuous decay for rules without an age decay of their own. */
  readonly halfLife?: Duration | undefined;
  /** Default step decay (`percent`) for rules without their own, or points lost per period of inactivity of the whole scorer (`points`). */
  readonly decay?: PercentDecay | PointsDecay | undefined;
  /** The most the scorer gives in all. */
  readonly cap?: number | undefined;
  /** The least the scorer gives in all (0 or below). */
  readonly floor?: number | undefined;
  /** The value that normalizes to 1 (default: `cap`, else the sum of the positive rules' bounds). */
  readonly max?: number | undefined;
}

/**
 * The `behaviour` scorer as data ("engagement"): points for what the lead does.
 *
 * @example
 * const scorer: BehaviourScorerConfig = {
 *   type: 'behaviour', name: 'engagement', halfLife: { days: 30 },
 *   rules: [{ event: 'email_open', points: 1, cap: 10 }, { event: 'unsubscribe', points: -20, once: true }],
 * };
 */
export interface BehaviourScorerConfig extends BehaviourOptions {
  /** Always `behaviour`. */
  readonly type: 'behaviour';
}

type Check<T extends BehaviourScorerConfig> = T;
type _BehaviourCheck = Check<z.output<typeof BehaviourScorerSchema>>;
