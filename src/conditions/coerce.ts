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
