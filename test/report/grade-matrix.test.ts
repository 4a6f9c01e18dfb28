import { describe, expect, it } from 'vitest';
import {
  attributes,
  definePipeline,
  gradeMatrix,
  grades,
  scoreCustomers,
  toCsv,
  toHtml,
  toMarkdown,
} from '../../src/index.js';

// fit: size ≥ 50 → 10 points; engagement: visits ≥ 3 → 10 points. Score = fit + engagement (sum).
// Fit A when fit ≥ 10, else B; engagement 1 when engagement ≥ 10, else 2. Priority given as data: A1, B1, A2, B2.
const pipeline = definePipeline({
  id: 'leads',
  scorers: [
    attributes({ name: 'fit', rules: [{ when: { field: 'size', gte: 50 }, points: 10 }] }),
    attributes({ name: 'engagement', rules: [{ when: { field: 'visits', gte: 3 }, points: 10 }] }),
  ],
  combine: { type: 'sum' },
  grade: grades({
    fit: { scorer: 'fit', levels: [{ label: 'A', min: 10 }, { label: 'B' }] },
    engagement: { scorer: 'engagement', levels: [{ label: '1', min: 10 }, { label: '2' }] },
    priority: ['A1', 'B1', 'A2', 'B2'],
  }),
});
// a: A1 (20); b: A1 (20); c: A2 (10); d: B1 (10); e: B2 (0); f: B2 (0); g: B2 (0). One rejected record.
const records = [
  { id: 'a', size: 80, visits: 5 },
  { id: 'b', size: 50, visits: 3 },
  { id: 'c', size: 60, visits: 1 },
  { id: 'd', size: 10, visits: 9 },
  { id: 'e', size: 10 },
  { id: 'f' },
  { id: 'g', visits: 2 },
  { size: 99 },
];
const run = scoreCustomers(records, pipeline);

describe('gradeMatrix', () => {
  it('counts the graded leads per cell, fit rows first, with share, mean score and the given priority', () => {
    const m = gradeMatrix(run);
    expect(m.fit).toEqual(['A', 'B']);
    expect(m.engagement).toEqual(['1', '2']);
    expect(m.customers).toBe(7);
    expect(m.cells).toEqual([
      { cell: 'A1', fit: 'A', engagement: '1', priority: 1, customers: 2, share: 2 / 7, meanScore: 20 },
      { cell: 'A2', fit: 'A', engagement: '2', priority: 3, customers: 1, share: 1 / 7, meanScore: 10 },
      { cell: 'B1', fit: 'B', engagement: '1', priority: 2, customers: 1, share: 1 / 7, meanScore: 10 },
      { cell: 'B2', fit: 'B', engagement: '2', priority: 4, customers: 3, share: 3 / 7, meanScore: 0 },
    ]);
  });

  it('uses the default priority when none is given, and refuses a run without grades', () => {
    const { priority: _, ...rest } = pipeline.config.grade ?? { priority: undefined };
    const plain = scoreCustomers(records, definePipeline({ ...pipeline.config, grade: rest as never }));
    // Default: by fit rank + engagement rank, ties by fit rank: A1; A2, B1; B2.
    expect(gradeMatrix(plain).cells.map((c) => [c.cell, c.priority])).toEqual([
      ['A1', 1],
      ['A2', 2],
      ['B1', 3],
      ['B2', 4],
    ]);
    const ungraded = scoreCustomers(records, definePipeline({ id: 'x', scorers: pipeline.config.scorers }));
    expect(() => gradeMatrix(ungraded)).toThrow(/no grades/);
  });

  it('renders as Markdown, CSV and an HTML grid with a table fallback, in English and French', () => {
    const m = gradeMatrix(run);
    const md = toMarkdown(m);
    expect(md.split('\n')[0]).toBe('## Fit × engagement grades');
    expect(md).toContain('| A1 | A | 1 | 1 | 2 | 28.6% | 20.00 |');
    expect(toCsv(m).split('\r\n').slice(0, 2)).toEqual([
      'grade,fit,engagement,priority,customers,share,mean_score',
      `A1,A,1,1,2,${2 / 7},20`,
    ]);
    const html = toHtml([m]);
    expect(html).toContain('<section id="grades">');
    expect(html).toContain('aria-labelledby="chart-grades-title"');
    expect(html.match(/<figure id="grade-matrix"[\s\S]*?<\/figure>/)?.[0]).toContain('<table');
    expect(toHtml([m], { locale: 'fr' })).toContain('Grades adéquation × engagement');
  });

  it('escapes level labels in the HTML board', () => {
    const hostile = definePipeline({
      ...pipeline.config,
      grade: grades({
        fit: { scorer: 'fit', levels: [{ label: '<b>A</b>', min: 10 }, { label: 'B' }] },
        engagement: { scorer: 'engagement', levels: [{ label: '1', min: 10 }, { label: '2' }] },
      }),
    });
    const html = toHtml([gradeMatrix(scoreCustomers(records, hostile))]);
    expect(html).not.toContain('<b>A</b>');
    expect(html).toContain('&lt;b&gt;A&lt;/b&gt;');
  });
});
