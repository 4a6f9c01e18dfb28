// The HTML board: one self-contained file (inline CSS and SVG, no script, no font, no external resource),
// readable on screen and in print, each chart labelled and backed by a data table.
import type { Drift } from '../drift.js';
import type { Gains } from '../gains.js';
import type { GradeMatrix } from '../grade-matrix.js';
import type { RfmHeatmap } from '../heatmap.js';
import type { Summary } from '../summarize.js';
import { escapeHtml, safeColor } from './escape.js';
import { formatNumber, formatPercent } from './format.js';
import { type Locale, type Words, words } from './i18n.js';
import { columns, curve, grid, horizontalBars } from './svg/charts.js';
import { type AnyReport, reportTables, type TextTable } from './tables.js';

const STYLE = `
:root { color-scheme: light; --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; --bg: #ffffff; --panel: #f6f8fa; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); background: var(--bg); }
header { padding: 24px 32px 8px; border-bottom: 1px solid var(--line); }
header h1 { margin: 0 0 4px; font-size: 24px; }
header p { margin: 0 0 12px; color: var(--muted); }
main { padding: 8px 32px 32px; max-width: 1200px; }
section { margin: 24px 0; }
h2 { font-size: 19px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
figure { margin: 12px 0; padding: 12px; background: var(--panel); border: 1px solid var(--line); border-radius: 8px; break-inside: avoid; }
figcaption { font-weight: 600; margin-bottom: 8px; }
figure svg { max-width: 760px; display: block; }
#gains-curve svg { max-width: 520px; }
svg text { font: 12px system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; fill: var(--ink); }
svg .value { fill: var(--muted); } svg .cell { font-weight: 600; } svg .axis-title { font-weight: 600; fill: var(--muted); }
svg .axis { stroke: var(--line); } svg .plot { fill: #fff; stroke: var(--line); }
svg .diagonal { stroke: #8c959f; stroke-dasharray: 4 4; fill: none; } svg .line { stroke: #0969da; stroke-width: 2.5; fill: none; } svg .dot { fill: #0969da; }
table { border-collapse: collapse; width: 100%; margin: 8px 0; font-size: 13px; }
.scroll { overflow-x: auto; }
td.text { min-width: 16em; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: var(--panel); } td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 6px; vertical-align: baseline; }
.kpis { display: flex; flex-wrap: wrap; gap: 12px; margin: 12px 0; }
.kpi { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 8px 14px; min-width: 150px; }
.kpi b { display: block; font-size: 20px; }
details summary { cursor: pointer; color: #0969da; margin-top: 6px; }
@media print { details > table { display: table; } details summary { display: none; } header, main { padding: 0 8px; } figure { background: none; } }
`;

/** Options of {@link reportsToHtml}. */
export interface HtmlOptions {
  /** Language of the board (default `en`). */
  readonly locale?: Locale | undefined;
  /** Title of the page (default: "Scoring board"). */
  readonly title?: string | undefined;
}

function htmlTable(t: TextTable, colors?: readonly (string | null)[]): string {
  const head = t.header
    .map((h, i) => `<th scope="col"${t.numeric[i] === true ? ' class="num"' : ''}>${escapeHtml(h)}</th>`)
    .join('');
  const body = t.rows
    .map((row, r) => {
      const cells = row.map((cell, i) => {
        const swatch =
          i === 0 && colors?.[r]
            ? `<span class="swatch" style="background:${safeColor(colors[r] ?? undefined)}"></span>`
            : '';
        const cls = t.numeric[i] === true ? ' class="num"' : cell.length > 40 ? ' class="text"' : '';
        return `<td${cls}>${swatch}${escapeHtml(cell)}</td>`;
      });
      return `<tr>${cells.join('')}</tr>`;
    })
    .join('');
  return `<div class="scroll"><table><caption class="sr">${escapeHtml(t.title)}</caption><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>`;
}

function figure(id: string, caption: string, svg: string, fallback: string, w: Words): string {
  // The data table sits in <details> (opened in print); a chart whose table follows it on the page has none.
  const table =
    fallback === '' ? '' : `<details><summary>${escapeHtml(w.table)}</summary>${fallback}</details>`;
  return `<figure id="${id}" role="group" aria-labelledby="${id}-caption"><figcaption id="${id}-caption">${escapeHtml(caption)}</figcaption>${svg}${table}</figure>`;
}

function summarySection(s: Summary, locale: Locale, w: Words): string {
  const tables = reportTables(s, locale);
  const byId = (id: string) => tables.find((t) => t.id === id) as TextTable;
  const kpis = [
    [w.customers, formatNumber(s.customers, 0, locale)],
    ...(s.revenue === null ? [] : [[w.revenue, formatNumber(s.revenue, 2, locale)]]),
    [w.segments, String(s.segments.length)],
    ...(s.rejected > 0 ? [[w.rejected, formatNumber(s.rejected, 0, locale)]] : []),
  ];
  const bars = horizontalBars(
    'chart-segments',
    w.segmentBars,
    s.segments.map((row) => ({
      label: row.label,
      value: row.customers,
      text: `${formatNumber(row.customers, 0, locale)} · ${formatPercent(row.share, locale)}`,
      color: row.color,
    })),
  );
  const hist = columns(
    'chart-histogram',
    w.histogram,
    s.histogram.map((b) => ({
      label: formatNumber(b.from, 1, locale),
      value: b.count,
      text: formatNumber(b.count, 0, locale),
      color: '#0969da',
    })),
  );
  const segmentTable = byId('segments');
  let html = `<section id="summary"><h2>${escapeHtml(w.board)}</h2><div class="kpis">${kpis.map(([k, v]) => `<div class="kpi">${escapeHtml(k ?? '')}<b>${escapeHtml(v ?? '')}</b></div>`).join('')}</div>`;
  html += figure('segments', w.segmentBars, bars, '', w);
  html += htmlTable(segmentTable, [...s.segments.map((r) => r.color), null]);
  const qualifications = tables.find((t) => t.id === 'qualifications');
  if (qualifications !== undefined) html += `<h3>${escapeHtml(w.level)}</h3>${htmlTable(qualifications)}`;
  html += figure('histogram', w.histogram, hist, htmlTable(byId('histogram')), w);
  html += `<h3>${escapeHtml(w.top)}</h3>${htmlTable(byId('top'))}</section>`;
  return html;
}

function heatmapSection(h: RfmHeatmap, locale: Locale, w: Words): string {
  const max = Math.max(1, ...h.cells.map((c) => c.customers));
  const rows = Array.from({ length: h.bins }, (_, i) => String(h.bins - i));
  const cols = Array.from({ length: h.bins }, (_, i) => String(i + 1));
  const svg = grid(
    'chart-heatmap',
    w.heatmap,
    rows.map((r) => `R = ${r}`),
    cols.map((f) => `F = ${f}`),
    (r, c) => {
      const cell = h.cells[r * h.bins + c];
      return {
        color: cell?.segment?.color ?? '#8c959f',
        intensity: (cell?.customers ?? 0) / max,
        text: formatNumber(cell?.customers ?? 0, 0, locale),
        hint: `R${cell?.r}F${cell?.f} · ${cell?.segment?.label ?? ''} · ${formatNumber(cell?.customers ?? 0, 0, locale)} · ${w.meanMonetaryCell} ${formatNumber(cell?.meanMonetary ?? null, 2, locale)}`,
      };
    },
    { rows: 'R', columns: 'F' },
  );
  return `<section id="heatmap"><h2>${escapeHtml(w.heatmap)}</h2>${figure('rfm-heatmap', w.heatmap, svg, htmlTable(reportTables(h, locale)[0] as TextTable), w)}</section>`;
}

function gainsSection(g: Gains, locale: Locale, w: Words): string {
  const [deciles, campaign] = reportTables(g, locale) as [TextTable, TextTable];
  const points = g.deciles.map((d) => ({
    x: g.customers === 0 ? 0 : d.cumulativeCustomers / g.customers,
    y: d.cumulativeGain,
  }));
  const svg = curve('chart-gains', w.gainsCurve, points, { line: w.cumulativeGain, diagonal: w.random });
  const best =
    g.best === null
      ? ''
      : `<div class="kpi">${escapeHtml(w.best)}<b>${escapeHtml(g.best.minScore === null ? w.nobody : `score ≥ ${formatNumber(g.best.minScore, 2, locale)}`)}</b>${escapeHtml(`${w.profit} ${formatNumber(g.best.profit, 2, locale)}`)}</div>`;
  const kpis = `<div class="kpis"><div class="kpi">${escapeHtml(w.auc)}<b>${g.auc === null ? '–' : formatNumber(g.auc, 3, locale)}</b></div><div class="kpi">${escapeHtml(w.responseRate)}<b>${formatPercent(g.responseRate, locale)}</b></div>${best}</div>`;
  return `<section id="gains"><h2>${escapeHtml(w.gains)}</h2>${kpis}${figure('gains-curve', w.gainsCurve, svg, htmlTable(deciles), w)}<h3>${escapeHtml(w.campaign)}</h3>${htmlTable(campaign)}</section>`;
}

function driftSection(d: Drift, locale: Locale, w: Words): string {
  const from = [...d.segments.map((s) => s.key), '(new)'].filter((k) =>
    d.migrations.some((m) => m.from === k),
  );
  const to = [...d.segments.map((s) => s.key), '(gone)'].filter((k) => d.migrations.some((m) => m.to === k));
  const label = new Map(d.segments.map((s) => [s.key, s.label]));
  const color = new Map(d.segments.map((s) => [s.key, s.color]));
  const count = (f: string, t: string) =>
    d.migrations.find((m) => m.from === f && m.to === t)?.customers ?? 0;
  const max = Math.max(1, ...d.migrations.map((m) => m.customers));
  const svg = grid(
    'chart-drift',
    w.drift,
    from.map((k) => label.get(k) ?? k),
    to.map((k) => label.get(k) ?? k),
    (r, c) => {
      const n = count(from[r] as string, to[c] as string);
      return {
        color: color.get(to[c] as string) ?? '#8c959f',
        intensity: n / max,
        text: n === 0 ? '' : formatNumber(n, 0, locale),
        hint: `${label.get(from[r] as string) ?? from[r]} → ${label.get(to[c] as string) ?? to[c]}: ${n}`,
      };
    },
    { rows: w.fromSegment, columns: w.toSegment },
  );
  const [migrations, movers] = reportTables(d, locale) as [TextTable, TextTable];
  const kpis = [
    [w.promoted, d.promoted],
    [w.demoted, d.demoted],
    [w.unchanged, d.unchanged],
    [w.entered, d.entered],
    [w.left, d.left],
  ]
    .map(
      ([k, v]) =>
        `<div class="kpi">${escapeHtml(String(k))}<b>${formatNumber(Number(v), 0, locale)}</b></div>`,
    )
    .join('');
  const mean =
    d.meanDelta === null
      ? ''
      : `<div class="kpi">${escapeHtml(w.meanDelta)}<b>${formatNumber(d.meanDelta, 2, locale)}</b></div>`;
  return `<section id="drift"><h2>${escapeHtml(`${w.drift}: ${d.before} → ${d.after}`)}</h2><div class="kpis">${kpis}${mean}</div>${figure('migration-matrix', w.drift, svg, htmlTable(migrations), w)}<h3>${escapeHtml(w.deltas)}</h3>${htmlTable(movers)}</section>`;
}

function gradeSection(g: GradeMatrix, locale: Locale, w: Words): string {
  const max = Math.max(1, ...g.cells.map((c) => c.customers));
  const columns = g.engagement.length;
  const svg = grid(
    'chart-grades',
    w.grades,
    g.fit,
    g.engagement,
    (r, c) => {
      const cell = g.cells[r * columns + c];
      return {
        color: '#0969da',
        intensity: (cell?.customers ?? 0) / max,
        text: formatNumber(cell?.customers ?? 0, 0, locale),
        hint: `${cell?.cell ?? ''} · ${w.priority} ${cell?.priority ?? ''} · ${formatNumber(cell?.customers ?? 0, 0, locale)} · ${w.meanScore} ${formatNumber(cell?.meanScore ?? null, 2, locale)}`,
      };
    },
    { rows: w.fit, columns: w.engagement },
  );
  return `<section id="grades"><h2>${escapeHtml(w.grades)}</h2>${figure('grade-matrix', w.grades, svg, htmlTable(reportTables(g, locale)[0] as TextTable), w)}</section>`;
}

function section(report: AnyReport, locale: Locale, w: Words): string {
  switch (report.kind) {
    case 'summary':
      return summarySection(report, locale, w);
    case 'rfmHeatmap':
      return heatmapSection(report, locale, w);
    case 'gradeMatrix':
      return gradeSection(report, locale, w);
    case 'gains':
      return gainsSection(report, locale, w);
    case 'drift':
      return driftSection(report, locale, w);
  }
}

/** The board of one or more reports as one self-contained HTML page. */
export function reportsToHtml(reports: readonly AnyReport[], options: HtmlOptions = {}): string {
  const locale = options.locale ?? 'en';
  const w = words(locale);
  const summary = reports.find((r): r is Summary => r.kind === 'summary');
  const title = options.title ?? (summary === undefined ? w.board : `${w.board}: ${summary.pipelineId}`);
  const subtitle =
    summary === undefined || summary.asOf === null ? '' : `<p>${escapeHtml(`${w.asOf} ${summary.asOf}`)}</p>`;
  const sections = reports.map((r) => section(r, locale, w)).join('\n');
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="scorekit">
<title>${escapeHtml(title)}</title>
<style>${STYLE}.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }</style>
</head>
<body>
<header><h1>${escapeHtml(title)}</h1>${subtitle}</header>
<main>
${sections}
</main>
</body>
</html>
`;
}
