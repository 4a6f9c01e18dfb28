import type { Condition } from '../schema/condition.js';
import type { Duration } from '../time/duration.js';

function show(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** A duration in words: `{ days: 30 }` → `30 days`. */
export function showDuration(d: Duration): string {
  return Object.entries(d)
    .filter(([, v]) => v !== undefined && v !== 0)
    .map(([unit, v]) => `${v} ${v === 1 ? unit.replace(/s$/, '') : unit}`)
    .join(' ');
}

/**
 * Describes a condition in plain English, for default reasons: `{ field: 'employees', gte: 50 }` →
 * `employees ≥ 50`.
 *
 * @example
 * describeCondition({ field: 'country', in: ['FR', 'BE'] }) // → 'country is one of FR, BE'
 */
export function describeCondition(c: Condition): string {
  if (c.all !== undefined) return c.all.map(describeCondition).join(' and ');
  if (c.any !== undefined) return `(${c.any.map(describeCondition).join(' or ')})`;
  if (c.not !== undefined) return `not (${describeCondition(c.not)})`;
  const f = c.field ?? '';
  const parts: string[] = [];
  if (c.exists !== undefined) parts.push(c.exists ? `${f} is set` : `${f} is not set`);
  if (c.eq !== undefined) parts.push(`${f} = ${show(c.eq)}`);
  if (c.ne !== undefined) parts.push(`${f} ≠ ${show(c.ne)}`);
  if (c.in !== undefined) parts.push(`${f} is one of ${c.in.map(show).join(', ')}`);
  if (c.notIn !== undefined) parts.push(`${f} is none of ${c.notIn.map(show).join(', ')}`);
  if (c.gt !== undefined) parts.push(`${f} > ${show(c.gt)}`);
  if (c.gte !== undefined) parts.push(`${f} ≥ ${show(c.gte)}`);
  if (c.lt !== undefined) parts.push(`${f} < ${show(c.lt)}`);
  if (c.lte !== undefined) parts.push(`${f} ≤ ${show(c.lte)}`);
  if (c.between !== undefined) parts.push(`${f} between ${show(c.between[0])} and ${show(c.between[1])}`);
  if (c.contains !== undefined) parts.push(`${f} contains ${show(c.contains)}`);
  if (c.startsWith !== undefined) parts.push(`${f} starts with ${show(c.startsWith)}`);
  if (c.endsWith !== undefined) parts.push(`${f} ends with ${show(c.endsWith)}`);
  if (c.within !== undefined) parts.push(`${f} within the last ${showDuration(c.within)}`);
  return parts.join(' and ');
}
