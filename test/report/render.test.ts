import { describe, expect, it } from 'vitest';
import {
  attributes,
  csvCell,
  definePipeline,
  gains,
  scoreCustomers,
  segments,
  summarize,
  toCsv,
  toHtml,
  toMarkdown,
} from '../../src/index.js';

const evil = {
  key: 'evil',
  label: '<script>alert(1)</script>',
  color: '#d1242f',
  action: '=HYPERLINK("http://x","click") | "quoted", comma',
};
const pipeline = definePipeline({
  id: 'render',
  scorers: [attributes({ name: 'fit', rules: [{ when: { field: 'n', gte: 1 }, points: 1 }] })],
  segment: segments({
    rules: [{ when: { field: 'score', gte: 1 }, segment: evil }],
    otherwise: { key: 'plain', label: 'Plain & simple', color: '#8c959f', action: '+1 call' },
  }),
});
const run = scoreCustomers(
  [
    { id: '=cmd', n: 1 },
    { id: 'b', n: 0 },
  ],
  pipeline,
);
const summary = summarize(run);

describe('HTML', () => {
  const html = toHtml([summary, gains(run, [{ id: '=cmd', converted: true }])], { title: 'A <b>board</b>' });
  it('renders labels as text, never as markup', () => {
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('<title>A &lt;b&gt;board&lt;/b&gt;</title>');
    expect(html).toContain('Plain &amp; simple');
  });
  it('is self-contained: no script, no external resource', () => {
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(|src=|href=/);
  });
  it('labels every chart and gives it a table', () => {
    const figures = html.match(/<figure /g) ?? [];
    expect(figures.length).toBe(3);
    expect(html.match(/role="img" aria-labelledby="[^"]+"/g)?.length).toBe(3);
    expect(html.match(/<figcaption/g)?.length).toBe(3);
    expect(html).toContain('#d1242f');
  });
  it('speaks French', () => {
    const fr = toHtml(summary, { locale: 'fr' });
    expect(fr).toContain('<html lang="fr">');
    expect(fr).toContain('Tableau de scoring');
    expect(fr).toContain('100,0\u202f%');
  });
});

describe('CSV', () => {
  it('neutralizes formulas and quotes per RFC 4180', () => {
    expect(csvCell('=1+2')).toBe("'=1+2");
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe('"\'=HYPERLINK(""http://x"",""y"")"');
    expect(csvCell("-2+3+cmd|' /C calc'!A0")).toBe("'-2+3+cmd|' /C calc'!A0");
    expect(csvCell('+1+1')).toBe("'+1+1");
    expect(csvCell('@SUM(1)')).toBe("'@SUM(1)");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\t=1')).toBe("'\t=1");
    expect(csvCell('\r=1')).toBe('"\'\r=1"');
    expect(csvCell('-')).toBe("'-");
    expect(csvCell('+33 6 12 34 56 78')).toBe("'+33 6 12 34 56 78");
    expect(csvCell('a "b", c')).toBe('"a ""b"", c"');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(-2.5)).toBe('-2.5');
    expect(csvCell(null)).toBe('');
    expect(csvCell(Number.NaN)).toBe('');
  });
  it('leaves plain numbers as they are: phone numbers, negative amounts, decimal commas, exponents', () => {
    // A plain number cannot run a formula; a prefix would break joins back to the CRM and numeric columns.
    expect(csvCell('+33612345678')).toBe('+33612345678');
    expect(csvCell('+1')).toBe('+1');
    expect(csvCell('-1')).toBe('-1');
    expect(csvCell('-12.50')).toBe('-12.50');
    expect(csvCell('-12,5')).toBe('"-12,5"'); // a comma in a comma-delimited file is quoted, not neutralized
    expect(csvCell('-12,5', ';')).toBe('-12,5');
    expect(csvCell('+1.5e-3')).toBe('+1.5e-3');
    expect(csvCell('-2E10')).toBe('-2E10');
  });
  it('quotes by the delimiter it is given', () => {
    expect(csvCell('a;b', ';')).toBe('"a;b"');
    expect(csvCell('a,b', ';')).toBe('a,b');
    expect(csvCell('a\tb', '\t')).toBe('"a\tb"');
  });
  it('writes the summary as raw numbers with CRLF line ends', () => {
    const lines = toCsv(summary).split('\r\n');
    expect(lines[1]).toBe(
      `evil,<script>alert(1)</script>,1,0.5,,,1,1,,,,"'=HYPERLINK(""http://x"",""click"") | ""quoted"", comma"`,
    );
    expect(lines[2]).toBe("plain,Plain & simple,1,0.5,,,0,0,,,,'+1 call");
    expect(lines[3]).toBe('');
  });
  it('writes the gains deciles with the campaign figures', () => {
    const csv = toCsv(
      gains(run, [{ id: '=cmd', converted: true }], { costPerContact: 1, valuePerResponse: 10 }),
    );
    expect(csv.split('\r\n').slice(0, 2)).toEqual([
      'decile,customers,responders,response_rate,cumulative_customers,cumulative_responders,cumulative_gain,lift,cumulative_lift,min_score,cost,value,profit',
      '1,1,1,1,1,1,1,2,2,1,1,10,9',
    ]);
  });
});

describe('Markdown', () => {
  it('escapes pipes and keeps one line per row', () => {
    const md = toMarkdown(summary);
    expect(md).toContain('\\| "quoted", comma');
    expect(md.split('\n').filter((l) => l.startsWith('| ')).length).toBe(4);
  });
  it('states the AUC and the best threshold of a gains report', () => {
    const md = toMarkdown(
      gains(run, [{ id: '=cmd', converted: true }], { costPerContact: 1, valuePerResponse: 10 }),
    );
    expect(md).toContain('AUC: 1.000');
    expect(md).toContain('score ≥ 1 (Profit 9.00)');
  });
});
