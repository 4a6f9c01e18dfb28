// The pieces of scorekit/node that the bin's tests reach only through whole runs: JSON error positions,
// JSONC, header paths, Windows-1252, UTF-8 checks and the CSV number format.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsoncToJson } from '../../src/cli/config.js';
import { decodeWindows1252, lineOfInvalidUtf8 } from '../../src/node/decode.js';
import { TableError } from '../../src/node/errors.js';
import { headerPaths, rowFields } from '../../src/node/header.js';
import { jsonSyntaxError } from '../../src/node/json.js';
import { csvLine, formatCsvNumber } from '../../src/node/write.js';

describe('jsonSyntaxError', () => {
  it('finds where a JSON text breaks', () => {
    expect(jsonSyntaxError('[{"id": "a"},\n {"id": }]')).toEqual({
      offset: 22,
      line: 2,
      column: 9,
      found: '"}"',
    });
    expect(jsonSyntaxError('[1,2,]')?.offset).toBe(5); // a trailing comma: the `]`
    expect(jsonSyntaxError('{"a" 1}')?.offset).toBe(5); // no colon
    expect(jsonSyntaxError('{"a": 1,}')?.offset).toBe(8); // a key is missing
    expect(jsonSyntaxError('["abc')).toMatchObject({ offset: 5, found: 'the end of the text' });
    expect(jsonSyntaxError('["a\\x"]')?.offset).toBe(4); // the bad escape letter
    expect(jsonSyntaxError('["a\tb"]')?.offset).toBe(3); // a raw tab inside a string
    expect(jsonSyntaxError('[1] x')?.offset).toBe(4);
    expect(jsonSyntaxError('[01]')?.offset).toBe(2); // a leading zero ends the number: `1` is unexpected
    expect(jsonSyntaxError('{"a": tru}')?.offset).toBe(6);
    expect(jsonSyntaxError('')?.found).toBe('the end of the text');
  });
  it('says nothing of valid JSON, however deep', () => {
    for (const text of ['{}', '[]', ' {"a": [1, -2.5e3, "\\u00e9", true, false, null, {"b": {}}]} ', '"x"']) {
      expect(jsonSyntaxError(text)).toBeUndefined();
      expect(() => JSON.parse(text)).not.toThrow();
    }
    expect(jsonSyntaxError(`${'['.repeat(200_000)}${']'.repeat(200_000)}`)).toBeUndefined();
  });
});

describe('jsoncToJson', () => {
  it('blanks comments and trailing commas, keeping every line and column', () => {
    const text = '{\n  "url": "http://x//y", // a comment\n  /* two\n lines */ "a": [1, 2,],\n}';
    const json = jsoncToJson(text);
    expect(json).toHaveLength(text.length);
    expect(json.split('\n')).toHaveLength(text.split('\n').length);
    expect(JSON.parse(json)).toEqual({ url: 'http://x//y', a: [1, 2] });
    expect(jsoncToJson('{"a": "x,}", "b": ",]"}')).toBe('{"a": "x,}", "b": ",]"}');
    expect(JSON.parse(jsoncToJson('[1 /* c */ ,]'))).toEqual([1]);
  });
});

describe('headerPaths and rowFields', () => {
  it('nests dotted columns, keeps plain keys and odd names whole', () => {
    expect(headerPaths('f.csv', ['id', 'company.employees', 'company.name'], { nested: true })).toEqual([
      ['id'],
      ['company', 'employees'],
      ['company', 'name'],
    ]);
    expect(
      headerPaths('f.csv', ['Customer.ID', 'Prix T.T.C.', '.x', 'a.b'], {
        nested: true,
        plainKeys: ['Customer.ID'],
      }),
    ).toEqual([['Customer.ID'], ['Prix T.T.C.'], ['.x'], ['a', 'b']]);
    expect(headerPaths('f.csv', ['a.b', 'Prix T.T.C.'])).toEqual([['a.b'], ['Prix T.T.C.']]); // not nested: names whole
  });
  it('refuses prototype segments and a column that is both a value and an object', () => {
    expect(() => headerPaths('f.csv', ['id', 'a.prototype'], { nested: true })).toThrow(
      new TableError(
        'f.csv',
        1,
        'invalid_header',
        'the column "a.prototype" cannot be read: "prototype" is not an allowed field name',
      ),
    );
    expect(() => headerPaths('f.csv', ['a.b.c', 'a.b'], { nested: true })).toThrow(
      /"a\.b" and "a\.b\.c" cannot both be read/,
    );
    expect(() => headerPaths('f.csv', ['a.b', 'a.c'], { nested: true })).not.toThrow();
  });
  it('refuses a repeated column name, nested or not, but lets unnamed columns repeat', () => {
    const twice = new TableError(
      'f.csv',
      1,
      'invalid_header',
      'the column "a.b" appears twice in the header (columns 1 and 3): each column needs its own name',
    );
    expect(() => headerPaths('f.csv', ['a.b', 'a.c', 'a.b'], { nested: true })).toThrow(twice);
    expect(() => headerPaths('f.csv', ['a.b', 'a.c', 'a.b'])).toThrow(twice);
    expect(headerPaths('f.csv', ['id', '', ''])).toEqual([['id'], [''], ['']]);
  });
  it('leaves empty cells out and reads decimal commas', () => {
    const fieldsOf = rowFields('f.csv', ['id', 'company.employees', 'company.revenue', 'plan'], {
      nested: true,
      decimal: ',',
    });
    expect(JSON.stringify(fieldsOf(['l-1', '120', '1 234,50', '']))).toBe(
      '{"id":"l-1","company":{"employees":"120","revenue":"1234.50"}}',
    );
    expect(JSON.stringify(fieldsOf(['l-2', '', '', 'pro']))).toBe('{"id":"l-2","plan":"pro"}');
    // Plain objects, with no way to a prototype: the names that lead there are refused in every mode.
    expect(Object.getPrototypeOf(fieldsOf(['x', '1', '', '']))).toBe(Object.prototype);
    for (const name of ['__proto__', 'constructor', 'prototype'])
      for (const nested of [true, false])
        expect(() => rowFields('f.csv', ['id', name], { nested })).toThrow(
          new TableError(
            'f.csv',
            1,
            'invalid_header',
            `the column "${name}" cannot be read: "${name}" is not an allowed field name`,
          ),
        );
    // Without `nested`, names stay as they are in the file.
    expect(JSON.stringify(rowFields('f.csv', ['id', 'rfm.r'])(['a', '5']))).toBe('{"id":"a","rfm.r":"5"}');
  });
});

describe('encodings', () => {
  it('decodes every Windows-1252 character of 0x80–0x9F', () => {
    const bytes = Uint8Array.from({ length: 32 }, (_, i) => 0x80 + i);
    expect(decodeWindows1252(bytes)).toBe('€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ');
    expect(decodeWindows1252(Uint8Array.of(0x43, 0x61, 0x66, 0xe9, 0x20, 0xa0, 0xff))).toBe('Café \u00a0ÿ');
  });
  it('finds the line of the first invalid UTF-8 byte, across chunks', () => {
    const e = Buffer.from('é', 'utf8'); // two bytes: C3 A9
    const chunks = [
      Buffer.from('a\nb'),
      e.subarray(0, 1),
      Buffer.concat([e.subarray(1), Buffer.from('\nc\n')]),
    ];
    return Promise.all([
      expect(lineOfInvalidUtf8(chunks)).resolves.toBeUndefined(),
      expect(lineOfInvalidUtf8([Buffer.from('a\nb\nc'), Uint8Array.of(0xe9, 0x0a)])).resolves.toBe(3),
      expect(lineOfInvalidUtf8([Buffer.from('ok\n'), e.subarray(0, 1)])).resolves.toBe(2), // cut at the end
    ]);
  });
});

describe('CSV numbers', () => {
  it('rounds to 6 decimals without trailing zeros, with the decimal mark asked for', () => {
    expect(formatCsvNumber(70.49999999999999)).toBe('70.5');
    expect(formatCsvNumber(0.1 + 0.2)).toBe('0.3');
    expect(formatCsvNumber(-1 / 3, ',')).toBe('-0,333333');
    expect(formatCsvNumber(2 / 3)).toBe('0.666667');
    expect(formatCsvNumber(1e-7)).toBe('0');
    expect(formatCsvNumber(-1e-7)).toBe('0');
    expect(formatCsvNumber(1234567.5)).toBe('1234567.5');
    expect(formatCsvNumber(Number.NaN)).toBe('');
    expect(csvLine(['a;b', 12.5, null, '-3,5'], { delimiter: ';', decimal: ',' })).toBe(
      '"a;b";12,5;;-3,5\r\n',
    );
    expect(csvLine(['=1+1', -0.5, '+33612345678'])).toBe("'=1+1,-0.5,+33612345678\r\n");
    // A decimal comma in a comma-delimited file: the number is quoted, as any cell holding the delimiter.
    expect(csvLine([1.5, 2, 'x'], { decimal: ',' })).toBe('"1,5",2,x\r\n');
  });
  it('gives the text of toFixed(6) for any number: amounts, shares, tiny, huge (fast-check)', () => {
    // The definition: round to 6 decimals with toFixed, read back, shortest text; -0 as 0.
    const reference = (v: number, decimal: '.' | ','): string => {
      if (!Number.isFinite(v)) return '';
      const r = Number(v.toFixed(6));
      const text = String(r === 0 ? 0 : r);
      return decimal === ',' ? text.replace('.', ',') : text;
    };
    const amount = fc.integer({ min: -10_000_000_000, max: 10_000_000_000 }).map((c) => c / 100);
    const micro = fc.integer({ min: -1e12, max: 1e12 }).map((c) => c / 1e6);
    const value = fc.oneof(fc.double(), amount, micro, fc.double({ min: -2e9, max: 2e9 }));
    fc.assert(
      fc.property(value, fc.constantFrom('.' as const, ',' as const), (v, decimal) => {
        expect(formatCsvNumber(v, decimal)).toBe(reference(v, decimal));
      }),
      { numRuns: 20_000 },
    );
  });
});
