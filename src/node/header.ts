// From a CSV header to the fields of each row: dotted names build nested objects, so that the field paths of a
// config (`company.employees`) work on CSV as they do on JSON; an empty cell is a missing field, because CSV
// has no null.
import { TableError } from './errors.js';

/** How the cells of a row become its fields. */
export interface RowOptions {
  /** `true`: dotted column names build nested objects. Default `false`: every name is one key, as in the file. */
  readonly nested?: boolean | undefined;
  /** Column names kept as one key even when they hold dots: keys that are not paths, such as the id column. */
  readonly plainKeys?: readonly string[] | undefined;
  /** `,` to read decimal commas (`12,50`, `1 234,5`) as numbers written with a dot. */
  readonly decimal?: '.' | ',' | undefined;
}

/** Path segments that could reach an object's prototype, refused as they are in the field paths of a config. */
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

const DECIMAL_COMMA = /^[+-]?(?:\d{1,3}(?:[ .\u00a0\u202f]\d{3})+|\d+),\d+$/;

/**
 * Reads a number written with a decimal comma (`1 234,50`, `-0,5`) as text with a dot (`1234.50`); other text
 * is returned unchanged.
 *
 * @example
 * fromDecimalComma('1 234,50') // → '1234.50'
 * fromDecimalComma('Paris, 75001') // → 'Paris, 75001'
 */
export function fromDecimalComma(cell: string): string {
  if (!DECIMAL_COMMA.test(cell)) return cell;
  return cell.replace(/[ .\u00a0\u202f]/g, '').replace(',', '.');
}

/**
 * The field path of each column: with `nested: true`, its dotted segments (`company.employees` →
 * `['company', 'employees']`), except for a plain key or a name with an empty segment (`a..b`, `x.`), kept
 * whole; without it, every name whole.
 * Throws a {@link TableError} for a segment `__proto__`, `constructor` or `prototype`, and for a column that
 * would be both a value and an object (`company` beside `company.employees`).
 *
 * @example
 * headerPaths('leads.csv', ['id', 'company.employees', 'company.name'], { nested: true })
 * // → [['id'], ['company', 'employees'], ['company', 'name']]
 */
export function headerPaths(file: string, names: readonly string[], options: RowOptions = {}): string[][] {
  // A repeated name would silently keep only one of its columns: refuse it (unnamed columns, such as the
  // empty cells of a trailing delimiter, cannot be read by any config and may repeat).
  const first = new Map<string, number>();
  names.forEach((name, i) => {
    const before = first.get(name);
    if (name !== '' && before !== undefined)
      throw new TableError(
        file,
        1,
        'invalid_header',
        `the column "${name}" appears twice in the header (columns ${before + 1} and ${i + 1}): each column needs its own name`,
      );
    first.set(name, i);
  });
  const plain = new Set(options.plainKeys ?? []);
  const paths = names.map((name) => {
    if (options.nested !== true) return [name];
    const segments = name.split('.');
    return plain.has(name) || segments.includes('') ? [name] : segments;
  });
  // Rows are plain objects (see rowFields): a `__proto__` key would set their prototype, and none of these
  // names can be read by a config's field paths anyway.
  paths.forEach((path, i) => {
    const bad = path.find((s) => FORBIDDEN.has(s));
    if (bad !== undefined)
      throw new TableError(
        file,
        1,
        'invalid_header',
        `the column "${names[i]}" cannot be read: "${bad}" is not an allowed field name`,
      );
  });
  if (options.nested !== true) return paths;
  const whole = new Map(paths.map((path, i) => [path.join('\u0000'), names[i] as string]));
  paths.forEach((path, i) => {
    for (let k = 1; k < path.length; k++) {
      const other = whole.get(path.slice(0, k).join('\u0000'));
      if (other !== undefined)
        throw new TableError(
          file,
          1,
          'invalid_header',
          `the columns "${other}" and "${names[i]}" cannot both be read: "${other}" would be a value and an object`,
        );
    }
  });
  return paths;
}

/**
 * The value a row's field gets from its cell: none for an empty cell, else the text (a decimal comma read
 * with `comma`, see {@link fromDecimalComma}).
 *
 * @example
 * [cellValue('', false), cellValue('1,5', true), cellValue('1,5', false)] // → [undefined, '1.5', '1,5']
 */
export function cellValue(cell: string | undefined, comma: boolean): string | undefined {
  if (cell === undefined || cell === '') return undefined;
  return comma ? fromDecimalComma(cell) : cell;
}

/**
 * Makes the function that turns the cells of a row into its fields (a plain object; the header cannot name
 * `__proto__`, `constructor` or `prototype`, so no key reaches a prototype): empty cells
 * are left out, dotted columns nest with `nested: true`, decimal commas are read with `decimal: ','`.
 *
 * @example
 * const fieldsOf = rowFields('leads.csv', ['id', 'company.employees', 'plan'], { nested: true });
 * JSON.stringify(fieldsOf(['l-1', '120', ''])) // → '{"id":"l-1","company":{"employees":"120"}}'
 */
export function rowFields(
  file: string,
  names: readonly string[],
  options: RowOptions = {},
): (cells: readonly string[]) => Record<string, unknown> {
  const paths = headerPaths(file, names, options);
  const comma = options.decimal === ',';
  return (cells) => {
    const row: Record<string, unknown> = {};
    for (let i = 0; i < paths.length; i++) {
      const value = cellValue(cells[i], comma);
      if (value === undefined) continue;
      const path = paths[i] as string[];
      let target = row;
      for (let s = 0; s < path.length - 1; s++) {
        const key = path[s] as string;
        let next = target[key] as Record<string, unknown> | undefined;
        if (next === undefined) {
          next = {};
          target[key] = next;
        }
        target = next;
      }
      target[path[path.length - 1] as string] = value;
    }
    return row;
  };
}
