// CSV of a report: raw numbers (a dot for decimals, no grouping), RFC 4180 quoting, formula injection neutralized.
import type { AnyReport } from './tables.js';

/** Text that a spreadsheet reads as a plain number (sign, digits, decimals with `.` or `,`, exponent): never a formula. */
const PLAIN_NUMBER = /^[+-]?\d+(?:[.,]\d+)?(?:[eE][+-]?\d+)?$/;

/**
 * Quotes one CSV cell (RFC 4180): cells with the delimiter, a quote or a line break are quoted, quotes
 * doubled. A text cell that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, a tab or
 * a carriage return) is prefixed with `'` so it stays text (OWASP "CSV injection"), unless it is a plain
 * number such as a phone number `+33612345678` or `-12,5`, which cannot run anything and must stay as it
 * is to be joined back or summed; numbers are written as numbers.
 *
 * @example
 * csvCell('=HYPERLINK("x")') // → '"\'=HYPERLINK(""x"")"'
 * csvCell('+33612345678') // → '+33612345678'
 * csvCell('-2+3+cmd|\' /C calc\'!A0') // → "'-2+3+cmd|' /C calc'!A0"
 * csvCell('a;b', ';') // → '"a;b"'
 * csvCell(-1.5) // → '-1.5'
 */
export function csvCell(value: string | number | null, delimiter = ','): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  let text = value;
  const first = text.charCodeAt(0);
  // = + - @ tab CR: what a spreadsheet may run as a formula.
  if (
    (first === 0x3d ||
      first === 0x2b ||
      first === 0x2d ||
      first === 0x40 ||
      first === 0x09 ||
      first === 0x0d) &&
    !PLAIN_NUMBER.test(text)
  )
    text = `'${text}`;
  const quoted = text.includes('"');
  if (!quoted && !text.includes(delimiter) && !text.includes('\n') && !text.includes('\r')) return text;
  return `"${quoted ? text.replace(/"/g, '""') : text}"`;
}

function lines(header: readonly string[], rows: readonly (readonly (string | number | null)[])[]): string {
  const line = (cells: readonly (string | number | null)[]): string => cells.map((c) => csvCell(c)).join(',');
  return `${[line(header), ...rows.map(line)].join('\r\n')}\r\n`;
}

/** The main table of a report as CSV rows. */
export function reportToCsv(report: AnyReport): string {
  switch (report.kind) {
    case 'summary':
      return lines(
        [
          'segment',
          'label',
          'customers',
          'share',
          'revenue',
          'revenue_share',
          'mean_score',
          'median_score',
          'mean_recency',
          'mean_frequency',
          'mean_monetary',
          'action',
        ],
        report.segments.map((s) => [
          s.key,
          s.label,
          s.customers,
          s.share,
          s.revenue,
          s.revenueShare,
          s.meanScore,
          s.medianScore,
          s.rfm?.recency ?? null,
          s.rfm?.frequency ?? null,
          s.rfm?.monetary ?? null,
          s.action,
        ]),
      );
    case 'rfmHeatmap':
      return lines(
        ['r', 'f', 'customers', 'share', 'mean_monetary', 'segment'],
        report.cells.map((c) => [c.r, c.f, c.customers, c.share, c.meanMonetary, c.segment?.key ?? null]),
      );
    case 'gradeMatrix':
      return lines(
        ['grade', 'fit', 'engagement', 'priority', 'customers', 'share', 'mean_score'],
        report.cells.map((c) => [c.cell, c.fit, c.engagement, c.priority, c.customers, c.share, c.meanScore]),
      );
    case 'gains':
      return lines(
        [
          'decile',
          'customers',
          'responders',
          'response_rate',
          'cumulative_customers',
          'cumulative_responders',
          'cumulative_gain',
          'lift',
          'cumulative_lift',
          'min_score',
          'cost',
          'value',
          'profit',
        ],
        report.deciles.map((d) => {
          const c = report.campaign[d.decile];
          return [
            d.decile,
            d.customers,
            d.responders,
            d.responseRate,
            d.cumulativeCustomers,
            d.cumulativeResponders,
            d.cumulativeGain,
            d.lift,
            d.cumulativeLift,
            d.minScore,
            c?.cost ?? null,
            c?.value ?? null,
            c?.profit ?? null,
          ];
        }),
      );
    case 'drift':
      return lines(
        ['from', 'to', 'customers'],
        report.migrations.map((m) => [m.from, m.to, m.customers]),
      );
  }
}
