// The text of short ASCII bytes without a call into C++: `String.fromCharCode` of the bytes is about three
// times faster than `Buffer.toString('latin1')` for an id of 8 bytes (20 against 60 ns), which counts when a
// million ids are made into strings (records of a kept CSV file, ids of the RFM tables).

const text = String.fromCharCode;

/**
 * The text of `bytes[s, e)`, bytes below 0x80 (or Latin-1 text): by `String.fromCharCode` up to 16 bytes,
 * by `Buffer.toString` beyond.
 *
 * @example
 * asciiText(Buffer.from('id,c-1'), 3, 6) // → 'c-1'
 */
export function asciiText(b: Buffer, s: number, e: number): string {
  switch (e - s) {
    case 0:
      return '';
    case 1:
      return text(b[s] as number);
    case 2:
      return text(b[s] as number, b[s + 1] as number);
    case 3:
      return text(b[s] as number, b[s + 1] as number, b[s + 2] as number);
    case 4:
      return text(b[s] as number, b[s + 1] as number, b[s + 2] as number, b[s + 3] as number);
    case 5:
      return text(
        b[s] as number,
        b[s + 1] as number,
        b[s + 2] as number,
        b[s + 3] as number,
        b[s + 4] as number,
      );
    case 6:
      return text(
        b[s] as number,
        b[s + 1] as number,
        b[s + 2] as number,
        b[s + 3] as number,
        b[s + 4] as number,
        b[s + 5] as number,
      );
    case 7:
      return text(
        b[s] as number,
        b[s + 1] as number,
        b[s + 2] as number,
        b[s + 3] as number,
        b[s + 4] as number,
        b[s + 5] as number,
        b[s + 6] as number,
      );
    case 8:
      return text(
        b[s] as number,
        b[s + 1] as number,
        b[s + 2] as number,
        b[s + 3] as number,
        b[s + 4] as number,
        b[s + 5] as number,
        b[s + 6] as number,
        b[s + 7] as number,
      );
    case 9:
      return text(
        b[s] as number,
        b[s + 1] as number,
        b[s + 2] as number,
        b[s + 3] as number,
        b[s + 4] as number,
        b[s + 5] as number,
        b[s + 6] as number,
        b[s + 7] as number,
        b[s + 8] as number,
      );
    case 10:
      return text(
        b[s] as number,
        b[s + 1] as number,
        b[s + 2] as number,
        b[s + 3] as number,
        b[s + 4] as number,
        b[s + 5] as number,
        b[s + 6] as number,
        b[s + 7] as number,
        b[s + 8] as number,
        b[s + 9] as number,
      );
    case 11:
      return text(
        b[s] as number,
        b[s + 1] as number,
        b[s + 2] as number,
        b[s + 3] as number,
        b[s + 4] as number,
        b[s + 5] as number,
        b[s + 6] as number,
        b[s + 7] as number,
        b[s + 8] as number,
        b[s + 9] as number,
        b[s + 10] as number,
      );
    case 12:
      return text(
        b[s] as number,
        b[s + 1] as number,
        b[s + 2] as number,
        b[s + 3] as number,
        b[s + 4] as number,
        b[s + 5] as number,
        b[s + 6] as number,
        b[s + 7] as number,
        b[s + 8] as number,
        b[s + 9] as number,
        b[s + 10] as number,
        b[s + 11] as number,
      );
    case 13:
      return text(
        b[s] as number,
        b[s + 1] as number,
        b[s + 2] as number,
        b[s + 3] as number,
        b[s + 4] as number,
        b[s + 5] as number,
        b[s + 6] as number,
        b[s + 7] as number,
        b[s + 8] as number,
        b[s + 9] as number,
        b[s + 10] as number,
        b[s + 11] as number,
        b[s + 12] as number,
      );
    case 14:
      return text(
        b[s] as number,
        b[s + 1] as number,
        b[s + 2] as number,
        b[s + 3] as number,
        b[s + 4] as number,
        b[s + 5] as number,
        b[s + 6] as number,
        b[s + 7] as number,
        b[s + 8] as number,
        b[s + 9] as number,
        b[s + 10] as number,
        b[s + 11] as number,
        b[s + 12] as number,
        b[s + 13] as number,
      );
    case 15:
      return text(
        b[s] as number,
        b[s + 1] as number,
        b[s + 2] as number,
        b[s + 3] as number,
        b[s + 4] as number,
        b[s + 5] as number,
        b[s + 6] as number,
        b[s + 7] as number,
        b[s + 8] as number,
        b[s + 9] as number,
        b[s + 10] as number,
        b[s + 11] as number,
        b[s + 12] as number,
        b[s + 13] as number,
        b[s + 14] as number,
      );
    case 16:
      return text(
        b[s] as number,
        b[s + 1] as number,
        b[s + 2] as number,
        b[s + 3] as number,
        b[s + 4] as number,
        b[s + 5] as number,
        b[s + 6] as number,
        b[s + 7] as number,
        b[s + 8] as number,
        b[s + 9] as number,
        b[s + 10] as number,
        b[s + 11] as number,
        b[s + 12] as number,
        b[s + 13] as number,
        b[s + 14] as number,
        b[s + 15] as number,
      );
    default:
      return b.toString('latin1', s, e);
  }
}

/**
 * Whether byte `b` is one that a trim takes away, among ASCII ones (tab to carriage return, and space): an id
 * of such bytes only is blank.
 *
 * @example
 * [trimmedAway(0x20), trimmedAway(0x09), trimmedAway(0x41)] // → [true, true, false]
 */
export function trimmedAway(b: number): boolean {
  return b === 0x20 || (b >= 0x09 && b <= 0x0d);
}
