import type * as z from 'zod';
import type { Issue } from '../errors/errors.js';

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'object') return 'an object';
  return String(value);
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

/**
 * Turns zod issues into scorekit issues with plain messages (`expected a number, got "ten"`), so that no
 * zod internals reach the user.
 */
export function fromZodIssues(issues: readonly z.core.$ZodIssue[]): Issue[] {
  const out: Issue[] = [];
  for (const issue of issues) {
    const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
    const input = (issue as { input?: unknown }).input;
    switch (issue.code) {
      case 'invalid_type':
        out.push({
          code: 'invalid_type',
          path,
          message:
            input === undefined
              ? `required: expected ${article(issue.expected)}`
              : `expected ${article(issue.expected)}, got ${describe(input)}`,
        });
        break;
      case 'unrecognized_keys':
        for (const key of issue.keys)
          out.push({ code: 'unknown_key', path: [...path, key], message: `unknown key "${key}"` });
        break;
      case 'invalid_union': {
        const discriminator = (issue as { discriminator?: string }).discriminator;
        const options = (issue as { options?: unknown[] }).options;
        if (discriminator !== undefined && options !== undefined) {
          const got =
            input !== null && typeof input === 'object'
              ? (input as Record<string, unknown>)[discriminator]
              : undefined;
          out.push({
            code: 'invalid_value',
            path,
            message: `expected one of ${options.map((o) => JSON.stringify(o)).join(', ')}, got ${describe(got)}`,
          });
        } else {
          out.push({
            code: 'invalid_value',
            path,
            message: `does not match any allowed form, got ${describe(input)}`,
          });
        }
        break;
      }
      case 'invalid_value':
        out.push({
          code: 'invalid_value',
          path,
          message: `expected ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}, got ${describe(input)}`,
        });
        break;
      case 'too_small':
      case 'too_big': {
        const word =
          issue.code === 'too_small'
            ? issue.inclusive === false
              ? 'more than'
              : 'at least'
            : issue.inclusive === false
              ? 'less than'
              : 'at most';
        const unit = issue.origin === 'array' ? ' items' : issue.origin === 'string' ? ' characters' : '';
        out.push({
          code: issue.code,
          path,
          message: `expected ${word} ${String(issue.code === 'too_small' ? issue.minimum : issue.maximum)}${unit}, got ${describe(input)}`,
        });
        break;
      }
      default:
        out.push({
          code:
            issue.code === 'custom'
              ? String((issue.params as { code?: string } | undefined)?.code ?? 'invalid_value')
              : issue.code,
          path,
          message: issue.message,
        });
    }
  }
  return out;
}

/** A safe parse's outcome: the parsed data, or every problem with its path. */
export type ParsedConfig<T> =
  | { readonly success: true; readonly data: T }
  | { readonly success: false; readonly issues: Issue[] };

/**
 * `schema.safeParse(value)` with its problems as scorekit issues, that never throws. zod 4 runs the length checks
 * of strings and arrays (`min`, `max`) on any value that has a `length`, and compares that length with a number:
 * an object without prototype there (`{ length: Object.create(null) }`) cannot become a number, and zod throws a
 * TypeError instead of reporting a problem. Such a value is checked again as a copy whose objects without
 * prototype are plain objects: the same paths, the same problems. Should zod still throw, the value is reported
 * as unreadable.
 *
 * @example
 * // definePipeline, validatePipeline and loadModel check their input with it:
 * const rule = { event: { length: Object.create(null) }, points: 1 };
 * const config = { id: 'p', scorers: [{ type: 'behaviour', name: 'e', rules: [rule] }] };
 * validatePipeline(config).map((i) => i.path.join('.')) // → ['scorers.0.rules.0.event']
 */
export function safeParseConfig<T>(schema: z.ZodType<T>, value: unknown): ParsedConfig<T> {
  let parsed: ReturnType<typeof schema.safeParse>;
  try {
    parsed = schema.safeParse(value, { reportInput: true });
  } catch {
    try {
      parsed = schema.safeParse(withPrototypes(value, new Map()), { reportInput: true });
    } catch (error) {
      return {
        success: false,
        issues: [
          {
            code: 'invalid_value',
            path: [],
            message: `a value of it cannot be read as data (${error instanceof Error ? error.message : String(error)})`,
          },
        ],
      };
    }
  }
  return parsed.success
    ? { success: true, data: parsed.data }
    : { success: false, issues: fromZodIssues(parsed.error.issues) };
}

/** `value` with every object without prototype (at any depth) made a plain object of the same own keys. */
function withPrototypes(value: unknown, copies: Map<object, unknown>): unknown {
  if (value === null || typeof value !== 'object') return value;
  const done = copies.get(value);
  if (done !== undefined) return done;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    copies.set(value, out);
    for (const item of value) out.push(withPrototypes(item, copies));
    return out;
  }
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== null && prototype !== Object.prototype) return value;
  const out: Record<string, unknown> = {};
  copies.set(value, out);
  for (const key of Object.keys(value))
    out[key] = withPrototypes((value as Record<string, unknown>)[key], copies);
  return out;
}
