// Number formatting for reports: fixed, locale-free (the same text on every machine), with a thin space-free
// thousands separator per language.

/** Formats a number with `digits` decimals and thousands separators (`,` in English, a space in French). */
export function formatNumber(value: number | null, digits = 0, locale: 'en' | 'fr' = 'en'): string {
  if (value === null || !Number.isFinite(value)) return '–';
  const fixed = Math.abs(value).toFixed(digits);
  const [whole = '0', frac] = fixed.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, locale === 'fr' ? '\u202f' : ',');
  const sign = value < 0 && Number(fixed) !== 0 ? '-' : '';
  return `${sign}${grouped}${frac === undefined ? '' : (locale === 'fr' ? ',' : '.') + frac}`;
}

/** Formats a share (0..1) as a percentage with one decimal. */
export function formatPercent(value: number | null, locale: 'en' | 'fr' = 'en'): string {
  if (value === null || !Number.isFinite(value)) return '–';
  return `${formatNumber(value * 100, 1, locale)}${locale === 'fr' ? '\u202f%' : '%'}`;
}
