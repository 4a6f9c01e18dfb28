// Numbers as CSV cells: rounded to 6 decimals, with the decimal mark asked for, the common ones made once.

const roundedTexts = new Map<number, string>();

// The texts of the integers 0 to 65535, made when first needed: scores, counts, codes and days repeat on
// every row, and V8's own cache of number texts is small.
const SMALL = 65_536;
const smallTexts: (string | undefined)[] = new Array(SMALL);

/** An integer as text (-0 as 0). */
function integerText(value: number): string {
  if (value >= 0 && value < SMALL) {
    let text = smallTexts[value];
    if (text === undefined) {
      text = String(value === 0 ? 0 : value);
      smallTexts[value] = text;
    }
    return text;
  }
  return String(value);
}

/**
 * A number as a CSV cell: rounded to at most 6 decimals (the float noise of sums such as
 * `70.49999999999999` goes), without trailing zeros, with the decimal mark asked for; empty when not finite.
 *
 * @example
 * formatCsvNumber(70.49999999999999) // → '70.5'
 * formatCsvNumber(-1 / 3, ',') // → '-0,333333'
 */
export function formatCsvNumber(value: number, decimal: '.' | ',' = '.'): string {
  // Scores, counts, codes: the common case (from 1e21 on, String() writes an exponent and its decimal mark).
  if (Number.isInteger(value) && value < 1e21 && value > -1e21) return integerText(value);
  if (!Number.isFinite(value)) return '';
  // An amount with 1 or 2 decimals (most money) is made of two integers: when cents / 100 gives the value
  // back, the value is the double nearest to that decimal, whose shortest text String() would give.
  const cents = Math.round(value * 100);
  if (cents / 100 === value && cents > -1e15 && cents < 1e15) {
    const positive = cents < 0 ? -cents : cents;
    const whole = Math.floor(positive / 100);
    const hundredths = positive - whole * 100;
    const decimals =
      hundredths % 10 === 0
        ? integerText(hundredths / 10)
        : hundredths < 10
          ? `0${integerText(hundredths)}`
          : integerText(hundredths);
    return `${cents < 0 ? '-' : ''}${integerText(whole)}${decimal}${decimals}`;
  }
  let text: string;
  // A value that already has at most 6 decimals (a share) is its own rounding: below 1e9 the doubles are closer
  // than 0.5e-6, so when round(value × 1e6) / 1e6 gives the value back, toFixed(6) would give it too.
  if (Math.abs(value) < 1e9 && Math.round(value * 1e6) / 1e6 === value) text = String(value);
  else {
    // Others (a normalized score k / 12, an average) come back often: the last few thousand are remembered.
    const known = roundedTexts.get(value);
    if (known !== undefined) text = known;
    else {
      const rounded = Number(value.toFixed(6));
      text = String(rounded === 0 ? 0 : rounded);
      if (roundedTexts.size >= 4096) roundedTexts.clear();
      roundedTexts.set(value, text);
    }
  }
  return decimal === ',' ? text.replace('.', ',') : text;
}
