import type { Summary } from '../summarize.js';
import { summaryToMarkdown } from './markdown.js';

/**
 * Any report scorekit makes, told apart by `kind`.
 *
 * @example
 * const report: Report = summarize(scoreCustomers([{ id: 'a' }], definePipeline({ id: 'p', scorers: [attributes({ name: 'f', rules: [{ when: { field: 'x', exists: true }, points: 1 }] })] })));
 */
export type Report = Summary;

/**
 * Renders a report as Markdown: tables with escaped cells, fit for a terminal, a README or a ticket.
 *
 * @example
 * const run = scoreCustomers([{ id: 'a' }], definePipeline({ id: 'p', scorers: [attributes({ name: 'f', rules: [{ when: { field: 'x', exists: true }, points: 1 }] })] }));
 * toMarkdown(summarize(run)).startsWith('## Scoring table: p') // → true
 */
export function toMarkdown(report: Report): string {
  switch (report.kind) {
    case 'summary':
      return summaryToMarkdown(report);
  }
}
