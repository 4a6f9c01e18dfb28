// Where a JSON text stops being JSON. JSON.parse says so in words that change with the engine's version
// and sometimes quote a multi-line excerpt of the text; a file of a million rows needs its line instead.

/** Where a JSON text is broken: the offset, line and column (from 1), and what was found there. */
export interface JsonSyntaxError {
  readonly offset: number;
  readonly line: number;
  readonly column: number;
  /** `"}"`, `"x"` or `the end of the text`. */
  readonly found: string;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);

/** The offset just after the string that starts at `i` (a `"`), or `-(offset of the fault) - 1`. */
function skipString(text: string, i: number): number {
  for (let j = i + 1; j < text.length; j++) {
    const ch = text.charCodeAt(j);
    if (ch === 0x22) return j + 1;
    if (ch < 0x20) return -j - 1;
    if (ch === 0x5c) {
      const next = text[j + 1] ?? '';
      if (next === 'u') {
        if (!/^[0-9a-fA-F]{4}$/.test(text.slice(j + 2, j + 6))) return -(j + 1) - 1;
        j += 5;
      } else if (ESCAPES.has(next)) j++;
      else return -(j + 1) - 1;
    }
  }
  return -text.length - 1;
}

/** The offset of the first syntax error of a JSON text (RFC 8259), or -1 when it is valid. Iterative, so any depth. */
export function jsonErrorOffset(text: string): number {
  const stack: string[] = [];
  let i = 0;
  // What may come next: a value, a value or `]` (just after `[`), a key, a key or `}`, or what follows a value.
  let want: 'value' | 'valueOrEnd' | 'key' | 'keyOrEnd' | 'after' = 'value';
  const n = text.length;
  for (;;) {
    while (i < n && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
    const ch = text[i];
    if (want === 'after') {
      const top = stack[stack.length - 1];
      if (top === undefined) return i < n ? i : -1;
      if (ch === ',') want = top === '{' ? 'key' : 'value';
      else if ((ch === ']' && top === '[') || (ch === '}' && top === '{')) stack.pop();
      else return i;
      i++;
      continue;
    }
    if (ch === undefined) return i;
    if ((want === 'valueOrEnd' && ch === ']') || (want === 'keyOrEnd' && ch === '}')) {
      stack.pop();
      i++;
      want = 'after';
      continue;
    }
    if (want === 'key' || want === 'keyOrEnd') {
      if (ch !== '"') return i;
      const end = skipString(text, i);
      if (end < 0) return -end - 1;
      i = end;
      while (i < n && /[ \t\n\r]/.test(text[i] as string)) i++;
      if (text[i] !== ':') return i;
      i++;
      want = 'value';
      continue;
    }
    if (ch === '{' || ch === '[') {
      stack.push(ch);
      i++;
      want = ch === '{' ? 'keyOrEnd' : 'valueOrEnd';
      continue;
    }
    if (ch === '"') {
      const end = skipString(text, i);
      if (end < 0) return -end - 1;
      i = end;
    } else if (text.startsWith('true', i)) i += 4;
    else if (text.startsWith('false', i)) i += 5;
    else if (text.startsWith('null', i)) i += 4;
    else {
      NUMBER.lastIndex = i;
      if (!NUMBER.test(text)) return i;
      i = NUMBER.lastIndex;
    }
    want = 'after';
  }
}

/**
 * Where a JSON text is broken, or `undefined` when it is valid JSON.
 *
 * @example
 * jsonSyntaxError('[{"id": "a"},\n {"id": }]') // → { offset: 22, line: 2, column: 9, found: '"}"' }
 */
export function jsonSyntaxError(text: string): JsonSyntaxError | undefined {
  const offset = jsonErrorOffset(text);
  if (offset < 0) return undefined;
  let line = 1;
  let lineStart = 0;
  for (let nl = text.indexOf('\n'); nl >= 0 && nl < offset; nl = text.indexOf('\n', nl + 1)) {
    line++;
    lineStart = nl + 1;
  }
  const ch = text.codePointAt(offset);
  return {
    offset,
    line,
    column: offset - lineStart + 1,
    found: ch === undefined ? 'the end of the text' : JSON.stringify(String.fromCodePoint(ch)),
  };
}
