import type { Summary } from '../summarize.js';
import { formatNumber, formatPercent } from './format.js';

function escapeCell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** A Markdown table from a header and rows of cells (cells are escaped). */
export function markdownTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  align?: readonly ('left' | 'right')[],
): string {
  const line = (cells: readonly string[]) => `| ${cells.map(escapeCell).join(' | ')} |`;
  const rule = `|${header.map((_, i) => (align?.[i] === 'right' ? '---:' : '---')).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

/** The scoring table of a summary, in Markdown. */
export function summaryToMarkdown(summary: Summary): string {
  const hasRevenue = summary.revenue !== null;
  const hasRfm = summary.segments.some((s) => s.rfm !== null);
  const header = [
    'Segment',
    'Customers',
    'Share',
    ...(hasRevenue ? ['Revenue', 'Share of revenue'] : []),
    'Mean score',
    ...(hasRfm ? ['Mean recency (days)', 'Mean frequency', 'Mean monetary'] : []),
    'Action',
  ];
  const rows = summary.segments.map((s) => [
    s.label,
    formatNumber(s.customers),
    formatPercent(s.share),
    ...(hasRevenue ? [formatNumber(s.revenue, 2), formatPercent(s.revenueShare)] : []),
    formatNumber(s.meanScore, 1),
    ...(hasRfm
      ? [
          formatNumber(s.rfm?.recency ?? null, 1),
          formatNumber(s.rfm?.frequency ?? null, 2),
          formatNumber(s.rfm?.monetary ?? null, 2),
        ]
      : []),
    s.action,
  ]);
  const total = [
    '**Total**',
    formatNumber(summary.customers),
    formatPercent(summary.customers === 0 ? null : 1),
    ...(hasRevenue ? [formatNumber(summary.revenue, 2), formatPercent(1)] : []),
    '',
    ...(hasRfm ? ['', '', ''] : []),
    '',
  ];
  const align = header.map((h) => (h === 'Segment' || h === 'Action' ? 'left' : 'right') as 'left' | 'right');
  const parts = [
    `## Scoring table: ${summary.pipelineId} as of ${summary.asOf}`,
    '',
    markdownTable(header, [...rows, total], align),
  ];
  if (summary.qualifications.length > 0) {
    parts.push(
      '',
      '### Qualification',
      '',
      markdownTable(
        ['Level', 'Customers', 'Share', 'Mean score'],
        summary.qualifications.map((q) => [
          q.label,
          formatNumber(q.customers),
          formatPercent(q.share),
          formatNumber(q.meanScore, 1),
        ]),
      ),
    );
  }
  if (summary.rejected > 0) parts.push('', `${formatNumber(summary.rejected)} record(s) rejected.`);
  return parts.join('\n');
}
