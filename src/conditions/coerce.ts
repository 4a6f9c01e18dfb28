import { RecordFailure } from '../pipeline/scorer.js';
import { parseInstant } from '../time/instant.js';

const NUMERIC = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?\s*$/i;

/**
 * Reads a number from a field: a finite number, or a string that holds one (CSV exports keep numbers as
 * text). Anything else, once present, makes the record invalid.
 */
export function toNumber(value: unknown, path: readonly string[]): number {
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return value;
  } else if (typeof value === 'string' && value.length <= 64 && NUMERIC.test(value)) {
    return Number(value);
  }
  throw new RecordFailure(path, 'invalid_type', `expected a number, got ${describeValue(value)}`);
}

/** Reads an instant (epoch ms) from a field: a `Date`, epoch milliseconds or an ISO string. */
export function toInstant(value: unknown, path: readonly string[], timeZone: string): number {
  const t = parseInstant(value, timeZone);
  if (Number.isNaN(t)) {
    throw new RecordFailure(
      path,
      typeof value === 'string' ? 'invalid_date' : 'invalid_type',
      `expected a date, got ${describeValue(value)}`,
    );
  }
  return t;
}

/** Short, safe description of a value for error messages. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'an invalid Date' : 'a Date';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'object') return 'an object';
  return String(value);
}

/**
 * Compares a field value with a scalar operand, coercing the value the way CSV data needs: `"50"` equals
 * `50`, `75001` equals `"75001"`, `"true"` equals `true`.
 */
export function looselyEquals(value: unknown, operand: string | number | boolean | null): boolean {
  if (operand === null) return value === null || value === undefined;
  if (value === null || value === undefined) return false;
  if (typeof value === typeof operand) return value === operand;
  if (typeof operand === 'number')
    return typeof value === 'string' && NUMERIC.test(value) && Number(value) === operand;
  if (typeof operand === 'string')
    return (typeof value === 'number' || typeof value === 'boolean') && String(value) === operand;
  // operand is boolean
  return typeof value === 'string' && value.trim().toLowerCase() === String(operand);
}

/**
 * Compiles "equals one of these" with the same loose equality as {@link looselyEquals}, but with hash look-ups
 * instead of a scan: the hot path of `eq` and `in` rules.
 */
export function compileMembership(
  operands: readonly (string | number | boolean | null)[],
): (value: unknown) => boolean {
  const strings = new Set<string>();
  const numbers = new Set<number>();
  let hasTrue = false;
  let hasFalse = false;
  let hasNull = false;
  for (const o of operands) {
    if (typeof o === 'string') strings.add(o);
    else if (typeof o === 'number') numbers.add(o);
    else if (o === true) hasTrue = true;
    else if (o === false) hasFalse = true;
    else hasNull = true;
  }
  const hasNumbers = numbers.size > 0;
  const hasBooleans = hasTrue || hasFalse;
  return (value) => {
    switch (typeof value) {
      case 'string':
        if (strings.has(value)) return true;
        if (hasNumbers && value.length <= 64 && NUMERIC.test(value) && numbers.has(Number(value)))
          return true;
        if (hasBooleans) {
          const word = value.trim().toLowerCase();
          return (hasTrue && word === 'true') || (hasFalse && word === 'false');
        }
        return false;
      case 'number':
        return numbers.has(value) || strings.has(String(value));
      case 'boolean':
        return (value ? hasTrue : hasFalse) || strings.has(String(value));
      case 'undefined':
        return hasNull;
      default:
        return value === null ? hasNull : false;
    }
  };
}
