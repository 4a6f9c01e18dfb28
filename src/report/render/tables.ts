// Every report as tables of text cells: the one source that the Markdown, CSV and HTML renderers share.
import type { Drift } from '../drift.js';
import type { Gains } from '../gains.js';
import type { GradeMatrix } from '../grade-matrix.js';
import type { RfmHeatmap } from '../heatmap.js';
import type { Summary } from '../summarize.js';
import { formatNumber, formatPercent } from './format.js';
import { type Locale, words } from './i18n.js';

/** A titled table of text cells. `numeric[i]` says whether column i holds numbers (right-aligned). */
export interface TextTable {
  readonly id: string;
  readonly title: string;
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
  readonly numeric: readonly boolean[];
}

/** Any report. */
export type AnyReport = Summary | RfmHeatmap | GradeMatrix | Gains | Drift;

function table(
  id: string,
  title: string,
  columns: readonly [string, boolean][],
  rows: readonly (readonly string[])[],
): TextTable {
  return { id, title, header: columns.map(([h]) => h), numeric: columns.map(([, n]) => n), rows };
}

/** The tables of a report, in the reader's language. */
export function reportTables(report: AnyReport, locale: Locale): TextTable[] {
  const w = words(locale);
  const n = (x: number | null, d = 0) => formatNumber(x, d, locale);
  const p = (x: number | null) => formatPercent(x, locale);
  switch (report.kind) {
    case 'summary': {
      const hasRevenue = report.revenue !== null;
      const hasRfm = report.segments.some((s) => s.rfm !== null);
      const columns: [string, boolean][] = [
        [w.segment, false],
        [w.customers, true],
        [w.share, true],
        ...(hasRevenue
          ? ([
              [w.revenue, true],
              [w.revenueShare, true],
            ] as [string, boolean][])
          : []),
        [w.meanScore, true],
        [w.medianScore, true],
        ...(hasRfm
          ? ([
              [w.recency, true],
              [w.frequency, true],
              [w.monetary, true],
            ] as [string, boolean][])
          : []),
        [w.action, false],
      ];
      const rows = report.segments.map((s) => [
        s.label,
        n(s.customers),
        p(s.share),
        ...(hasRevenue ? [n(s.revenue, 2), p(s.revenueShare)] : []),
        n(s.meanScore, 1),
        n(s.medianScore, 1),
        ...(hasRfm
          ? [n(s.rfm?.recency ?? null, 1), n(s.rfm?.frequency ?? null, 2), n(s.rfm?.monetary ?? null, 2)]
          : []),
        s.action,
      ]);
      rows.push([
        w.total,
        n(report.customers),
        p(report.customers === 0 ? null : 1),
        ...(hasRevenue ? [n(report.revenue, 2), p(1)] : []),
        '',
        '',
        ...(hasRfm ? ['', '', ''] : []),
        '',
      ]);
      const out = [table('segments', w.segments, columns, rows)];
      if (report.qualifications.length > 0) {
        out.push(
          table(
            'qualifications',
            w.level,
            [
              [w.level, false],
              [w.customers, true],
              [w.share, true],
              [w.meanScore, true],
            ],
            report.qualifications.map((q) => [q.label, n(q.customers), p(q.share), n(q.meanScore, 1)]),
          ),
        );
      }
      out.push(
        table(
          'histogram',
          w.histogram,
          [
            [w.from, true],
            [w.to, true],
            [w.customers, true],
          ],
          report.histogram.map((b) => [n(b.from, 2), n(b.to, 2), n(b.count)]),
        ),
      );
      out.push(
        table(
          'top',
          w.top,
          [
            [w.id, false],
            [w.score, true],
            [w.segment, false],
            [w.level, false],
          ],
          report.top.map((t) => [t.id, n(t.score, 2), t.segment ?? '', t.qualification ?? '']),
        ),
      );
      return out;
    }
    case 'rfmHeatmap':
      return [
        table(
          'heatmap',
          w.heatmap,
          [
            [w.r, true],
            [w.f, true],
            [w.customers, true],
            [w.share, true],
            [w.meanMonetaryCell, true],
            [w.segment, false],
          ],
          report.cells.map((c) => [
            String(c.r),
            String(c.f),
            n(c.customers),
            p(c.share),
            n(c.meanMonetary, 2),
            c.segment?.label ?? '',
          ]),
        ),
      ];
    case 'gradeMatrix':
      return [
        table(
          'grades',
          w.grades,
          [
            [w.grade, false],
            [w.fit, false],
            [w.engagement, false],
            [w.priority, true],
            [w.customers, true],
            [w.share, true],
            [w.meanScore, true],
          ],
          report.cells.map((c) => [
            c.cell,
            c.fit,
            c.engagement,
            String(c.priority),
            n(c.customers),
            p(c.share),
            n(c.meanScore, 2),
          ]),
        ),
      ];
    case 'gains':
      return [
        table(
          'deciles',
          w.gains,
          [
            [w.decile, true],
            [w.customers, true],
            [w.responders, true],
            [w.responseRate, true],
            [w.cumulativeGain, true],
            [w.lift, true],
            [w.cumulativeLift, true],
            [w.minScore, true],
          ],
          report.deciles.map((d) => [
            String(d.decile),
            n(d.customers),
            n(d.responders),
            p(d.responseRate),
            p(d.cumulativeGain),
            n(d.lift, 2),
            n(d.cumulativeLift, 2),
            n(d.minScore, 2),
          ]),
        ),
        table(
          'campaign',
          w.campaign,
          [
            [w.decile, true],
            [w.minScore, true],
            [w.contacts, true],
            [w.responders, true],
            [w.cost, true],
            [w.value, true],
            [w.profit, true],
          ],
          report.campaign.map((c) => [
            String(c.deciles),
            c.minScore === null ? w.nobody : n(c.minScore, 2),
            n(c.contacts),
            n(c.responders),
            n(c.cost, 2),
            n(c.value, 2),
            n(c.profit, 2),
          ]),
        ),
      ];
    case 'drift': {
      const label = new Map(report.segments.map((s) => [s.key, s.label]));
      return [
        table(
          'migrations',
          w.drift,
          [
            [w.fromSegment, false],
            [w.toSegment, false],
            [w.customers, true],
          ],
          report.migrations.map((m) => [
            label.get(m.from) ?? m.from,
            label.get(m.to) ?? m.to,
            n(m.customers),
          ]),
        ),
        table(
          'movers',
          w.deltas,
          [
            [w.id, false],
            [w.score, true],
            [w.score, true],
            [w.meanDelta, true],
            [w.fromSegment, false],
            [w.toSegment, false],
          ],
          report.movers.map((m) => [
            m.id,
            n(m.before, 2),
            n(m.after, 2),
            n(m.delta, 2),
            label.get(m.from) ?? m.from,
            label.get(m.to) ?? m.to,
          ]),
        ),
      ];
    }
  }
}
