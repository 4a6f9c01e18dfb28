import type { FieldMap, InputRecord } from '../pipeline/types.js';

const hasOwn = Object.prototype.hasOwnProperty;

/** Reads a value from a record by a compiled path, own properties only, so `toString` & co are never found. */
export type FieldGetter = (record: InputRecord) => unknown;

/**
 * Compiles a dotted path (`company.size`) into a getter that reads own properties only. The path has been
 * checked by the schema: it never contains `__proto__`, `constructor` or `prototype`.
 *
 * @example
 * compileFieldPath('company.size')({ company: { size: 12 } }) // → 12
 */
export function compileFieldPath(path: string): FieldGetter {
  const segments = path.split('.');
  if (segments.length === 1) {
    const key = segments[0] as string;
    return (record) => (hasOwn.call(record, key) ? (record as FieldMap)[key] : undefined);
  }
  return (record) => {
    let value: unknown = record;
    for (const key of segments) {
      if (value === null || typeof value !== 'object' || !hasOwn.call(value, key)) return undefined;
      value = (value as Record<string, unknown>)[key];
    }
    return value;
  };
}
