import type { Locale } from './i18n.js';
import { words } from './i18n.js';
import { type AnyReport, reportTables, type TextTable } from './tables.js';

function escapeCell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** A Markdown table (cells escaped, numeric columns right-aligned). */
export function markdownTable(t: Pick<TextTable, 'header' | 'rows' | 'numeric'>): string {
  const line = (cells: readonly string[]) => `| ${cells.map(escapeCell).join(' | ')} |`;
  const rule = `|${t.header.map((_, i) => (t.numeric[i] === true ? '---:' : '---')).join('|')}|`;
  return [line(t.header), rule, ...t.rows.map(line)].join('\n');
}

/** A report in Markdown: a heading and its tables. */
export function reportToMarkdown(report: AnyReport, locale: Locale): string {
  const w = words(locale);
  const parts: string[] = [];
  if (report.kind === 'summary') {
    const asOf = report.asOf === null ? '' : ` ${w.asOf} ${report.asOf}`;
    parts.push(`## ${w.board}: ${report.pipelineId}${asOf}`);
    if (report.rejected > 0) parts.push('', `${report.rejected} ${w.rejected}.`);
  } else if (report.kind === 'gains') {
    parts.push(`## ${w.gains}`, '', `${w.auc}: ${report.auc === null ? '–' : report.auc.toFixed(3)}`);
    if (report.best !== null)
      parts.push(
        '',
        `${w.best}: ${report.best.minScore === null ? w.nobody : `score ≥ ${report.best.minScore}`} (${w.profit} ${report.best.profit.toFixed(2)})`,
      );
  } else if (report.kind === 'drift') {
    parts.push(
      `## ${w.drift}: ${report.before} → ${report.after}`,
      '',
      `${w.promoted}: ${report.promoted}, ${w.demoted}: ${report.demoted}, ${w.unchanged}: ${report.unchanged}, ${w.entered}: ${report.entered}, ${w.left}: ${report.left}`,
    );
  } else if (report.kind === 'gradeMatrix') {
    parts.push(`## ${w.grades}`);
  } else {
    parts.push(`## ${w.heatmap}`);
  }
  for (const t of reportTables(report, locale)) {
    if (report.kind === 'summary' && (t.id === 'histogram' || t.id === 'top')) continue;
    parts.push('', `### ${t.title}`, '', markdownTable(t));
  }
  return parts.join('\n');
}
