import * as z from 'zod';
import { type Condition, ConditionSchema } from './condition.js';

const Name = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z_][\w-]*$/, 'expected a name of letters, digits, "_" or "-"');

/** One weighted attribute rule: when the condition holds, the record gets `points` (× its criterion's weight). */
export const AttributeRuleSchema = z.strictObject({
  id: Name.optional(),
  criterion: Name.optional(),
  when: ConditionSchema,
  points: z.number().finite(),
  reason: z.string().max(500).optional(),
});

/** The zod schema of the `attributes` scorer ("fit"). */
export const AttributesScorerSchema = z
  .strictObject({
    type: z.literal('attributes'),
    name: Name,
    rules: z.array(AttributeRuleSchema).min(1).max(10_000),
    weights: z.record(Name, z.number().finite().min(0)).optional(),
    max: z.number().finite().positive().optional(),
  })
  .superRefine((s, ctx) => {
    const ids = new Set<string>();
    s.rules.forEach((rule, i) => {
      if (rule.id === undefined) return;
      if (ids.has(rule.id))
        ctx.addIssue({
          code: 'custom',
          path: ['rules', i, 'id'],
          params: { code: 'duplicate_id' },
          message: `the rule id "${rule.id}" is used twice`,
        });
      ids.add(rule.id);
    });
    const criteria = new Set(s.rules.map((r) => r.criterion).filter((c) => c !== undefined));
    for (const key of Object.keys(s.weights ?? {})) {
      if (!criteria.has(key)) {
        ctx.addIssue({
          code: 'custom',
          path: ['weights', key],
          params: { code: 'unknown_criterion' },
          message: `no rule has the criterion "${key}"`,
        });
      }
    }
  });

/** Names used for scorers, rules and criteria. */
export const NameSchema = Name;

/**
 * One weighted attribute rule, as data.
 *
 * @example
 * const rule: AttributeRule = { criterion: 'size', when: { field: 'company.employees', gte: 50 }, points: 20, reason: 'Mid-market or larger' };
 */
export interface AttributeRule {
  /** Stable id shown in explanations; defaults to the rule's position, `rules[2]`. */
  readonly id?: string | undefined;
  /** The criterion the rule scores (`industry`, `size`…): only the first matching rule of a criterion counts, and the criterion's weight multiplies its points. */
  readonly criterion?: string | undefined;
  /** When the rule applies, in the shared condition language. */
  readonly when: Condition;
  /** Points given when the condition holds; negative for a penalty. */
  readonly points: number;
  /** Why, for people; defaults to a description of the condition. */
  readonly reason?: string | undefined;
}

/**
 * Options of the `attributes` scorer (what `attributes()` takes).
 *
 * @example
 * const options: AttributesOptions = { name: 'fit', rules: [{ when: { field: 'country', eq: 'FR' }, points: 10 }] };
 */
export interface AttributesOptions {
  /** The scorer's name: the key of its component in results and in `weighted({...})`. */
  readonly name: string;
  /** The rules, in order. */
  readonly rules: readonly AttributeRule[];
  /** Importance of each criterion: a rule's points are multiplied by its criterion's weight (default 1). */
  readonly weights?: Readonly<Record<string, number>> | undefined;
  /** The value that normalizes to 1; defaults to the best value the rules can give. */
  readonly max?: number | undefined;
}

/**
 * The `attributes` scorer ("fit") as data.
 *
 * @example
 * const scorer: AttributesScorerConfig = { type: 'attributes', name: 'fit', rules: [{ when: { field: 'country', eq: 'FR' }, points: 10 }] };
 */
export interface AttributesScorerConfig extends AttributesOptions {
  /** Always `attributes`. */
  readonly type: 'attributes';
}

// The validated data fits the documented interfaces.
type Check<T extends AttributesScorerConfig> = T;
type _AttributesCheck = Check<z.output<typeof AttributesScorerSchema>>;
