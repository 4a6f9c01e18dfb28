import type { Drift } from '../drift.js';
import type { Gains } from '../gains.js';
import type { GradeMatrix } from '../grade-matrix.js';
import type { RfmHeatmap } from '../heatmap.js';
import type { Summary } from '../summarize.js';
import { reportToCsv } from './csv.js';
import { reportsToHtml } from './html.js';
import type { Locale } from './i18n.js';
import { reportToMarkdown } from './markdown.js';

/**
 * Any report scorekit makes, told apart by `kind`: plain, JSON-serializable data.
 *
 * @example
 * const report: Report = summarize(scoreCustomers([{ id: 'a' }], definePipeline({ id: 'p', scorers: [attributes({ name: 'f', rules: [{ when: { field: 'x', exists: true }, points: 1 }] })] })));
 */
export type Report = Summary | RfmHeatmap | GradeMatrix | Gains | Drift;

/**
 * Options of the renderers.
 *
 * @example
 * const options: RenderOptions = { locale: 'fr', title: 'Clients 2026' };
 */
export interface RenderOptions {
  /** Language: `en` (default) or `fr`. */
  readonly locale?: 'en' | 'fr' | undefined;
  /** Title of the HTML page. */
  readonly title?: string | undefined;
}

/**
 * Renders a report as Markdown: a heading and tables with escaped cells, fit for a terminal, a README or a ticket.
 *
 * @example
 * const run = scoreCustomers([{ id: 'a' }], definePipeline({ id: 'p', scorers: [attributes({ name: 'f', rules: [{ when: { field: 'x', exists: true }, points: 1 }] })] }));
 * toMarkdown(summarize(run)).split('\n')[0] // → '## Scoring board: p'
 */
export function toMarkdown(report: Report, options: RenderOptions = {}): string {
  return reportToMarkdown(report, (options.locale ?? 'en') as Locale);
}

/**
 * Renders the main table of a report as CSV (RFC 4180, CRLF line ends): raw numbers, and text cells that a
 * spreadsheet would run as formulas (`=`, `+`, `-`, `@`) neutralized with a leading `'`.
 *
 * @example
 * const run = scoreCustomers([{ id: 'a' }], definePipeline({ id: 'p', scorers: [attributes({ name: 'f', rules: [{ when: { field: 'x', exists: true }, points: 1 }] })] }));
 * toCsv(summarize(run)).split('\r\n')[0] // → 'segment,label,customers,share,revenue,revenue_share,mean_score,median_score,mean_recency,mean_frequency,mean_monetary,action'
 */
export function toCsv(report: Report): string {
  return reportToCsv(report);
}

/**
 * Renders one or more reports as one self-contained HTML board: inline CSS and SVG charts (segment bars, R × F
 * heatmap, grade matrix, score histogram, gains curve, migration matrix) in the segments' colours, each with a label and a data
 * table, no script and no external resource; readable on screen and in print, in English or French.
 *
 * @example
 * const run = scoreCustomers([{ id: 'a' }], definePipeline({ id: 'p', scorers: [attributes({ name: 'f', rules: [{ when: { field: 'x', exists: true }, points: 1 }] })] }));
 * toHtml([summarize(run)], { locale: 'fr' }).includes('<html lang="fr">') // → true
 */
export function toHtml(reports: Report | readonly Report[], options: RenderOptions = {}): string {
  const list = Array.isArray(reports) ? (reports as readonly Report[]) : [reports as Report];
  return reportsToHtml(list, { locale: options.locale, title: options.title });
}
