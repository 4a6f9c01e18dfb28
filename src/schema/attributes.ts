import * as z from 'zod';
import { ConditionSchema } from './condition.js';

const Name = z.string().min(1).max(100).regex(/^[A-Za-z_][\w-]*$/, 'expected a name of letters, digits, "_" or "-"');

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
      if (ids.has(rule.id)) ctx.addIssue({ code: 'custom', path: ['rules', i, 'id'], params: { code: 'duplicate_id' }, message: `the rule id "${rule.id}" is used twice` });
      ids.add(rule.id);
    });
    const criteria = new Set(s.rules.map((r) => r.criterion).filter((c) => c !== undefined));
    for (const key of Object.keys(s.weights ?? {})) {
      if (!criteria.has(key)) {
        ctx.addIssue({ code: 'custom', path: ['weights', key], params: { code: 'unknown_criterion' }, message: `no rule has the criterion "${key}"` });
      }
    }
  });

/** Names used for scorers, rules and criteria. */
export const NameSchema = Name;

/** The `attributes` scorer as data. */
export type AttributesScorerConfig = z.input<typeof AttributesScorerSchema>;
/** One attribute rule as data. */
export type AttributeRule = z.input<typeof AttributeRuleSchema>;
