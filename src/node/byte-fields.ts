// Reading amounts and calendar dates from the bytes of a field, without a string: the fast paths of the
// transaction reader. Each returns NaN for any text it does not read itself, and the caller then falls back to
// the accumulator's own rules on the decoded text, so both paths give the same value for every input.

/** 10^k, exact for k ≤ 22. */
export const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);

/** Above 2^51 millionths, `Math.round(amount × 1e6)` may differ from the exact count of millionths. */
export const EXACT_MICROS = 2 ** 51;

/**
 * Amount of `bytes[start, end)` in integer millionths, exactly as `Math.round(Number(text) × 1e6)`: an
 * optional sign, digits (15 at most) and at most one decimal separator (`.`, or also `,` with `comma`,
 * between digits, as `fromDecimalComma` reads it). NaN for anything else (exponents, spaces, thousands
 * separators, empty text), which the caller reads as text. `negative[0]` is set to 1 when the amount is below
 * zero (a return), even when it rounds to 0 millionths.
 *
 * With at most 6 decimals the millionths are the digits themselves; with more, the amount is rounded as
 * `Number` does (digits / 10^decimals is the correctly rounded double when both are exact), then as
 * `Math.round(value × 1e6)` does.
 *
 * @example
 * const negative = new Uint8Array(1);
 * microsOf(Buffer.from('-12.5'), 0, 5, false, negative) // → -12500000
 * microsOf(Buffer.from('12,50'), 0, 5, true, negative) // → 12500000
 * microsOf(Buffer.from('1e3'), 0, 3, false, negative) // → NaN
 */
export function microsOf(
  bytes: Uint8Array,
  start: number,
  end: number,
  comma: boolean,
  negative: Uint8Array,
): number {
  let i = start;
  let minus = false;
  const first = start < end ? bytes[start] : 0;
  if (first === 0x2d) {
    minus = true;
    i++;
  } else if (first === 0x2b) i++;
  let digits = 0;
  let before = 0;
  let decimals = -1;
  let separator = 0;
  let m = 0;
  for (; i < end; i++) {
    const c = bytes[i] as number;
    const d = c - 0x30;
    if (d >= 0 && d <= 9) {
      m = m * 10 + d;
      digits++;
      if (decimals >= 0) decimals++;
    } else if (decimals < 0 && (c === 0x2e || (comma && c === 0x2c))) {
      separator = c;
      before = digits;
      decimals = 0;
    } else return Number.NaN;
  }
  if (digits === 0 || digits > 15) return Number.NaN;
  // A decimal comma needs digits on both sides (`12,50`, not `,5` nor `5,`), as fromDecimalComma reads it.
  if (separator === 0x2c && (before === 0 || decimals === 0)) return Number.NaN;
  negative[0] = minus && m > 0 ? 1 : 0;
  if (decimals <= 6) {
    const micros = m * (POW10[6 - Math.max(decimals, 0)] as number);
    if (micros <= EXACT_MICROS) return minus ? -micros : micros;
  }
  const value = decimals > 0 ? m / (POW10[decimals] as number) : m;
  return Math.round((minus ? -value : value) * 1e6);
}

/**
 * A number naming the calendar date text `YYYY-MM-DD` or `YYYYMMDD` of `bytes[start, end)`, the same for the
 * same text (not checked as a date: the caller reads each new key's text once), or -1 for any other text.
 *
 * @example
 * calendarKeyOf(Buffer.from('2026-01-31'), 0, 10) // → 40_520_263
 * calendarKeyOf(Buffer.from('2026-01-31T10:00'), 0, 16) // → -1
 */
export function calendarKeyOf(bytes: Uint8Array, start: number, end: number): number {
  const length = end - start;
  let key = 0;
  if (length === 10) {
    if (bytes[start + 4] !== 0x2d || bytes[start + 7] !== 0x2d) return -1;
    for (let i = start; i < end; i++) {
      if (i === start + 4 || i === start + 7) continue;
      const d = (bytes[i] as number) - 0x30;
      if (d < 0 || d > 9) return -1;
      key = key * 10 + d;
    }
    return key * 2 + 1;
  }
  if (length !== 8) return -1;
  for (let i = start; i < end; i++) {
    const d = (bytes[i] as number) - 0x30;
    if (d < 0 || d > 9) return -1;
    key = key * 10 + d;
  }
  return key * 2;
}
