import { describe, expect, it } from 'vitest';
import { ConfigError, definePipeline, rfm, rfmSegments, scoreCustomers } from '../../../src/index.js';

const grid = (r: number, f: number, mapper = rfmSegments()) =>
  mapper.rules.find((rule) => {
    const [rr, ff] = (rule.when.all ?? []) as { between: [number, number] }[];
    return (
      rr !== undefined &&
      ff !== undefined &&
      r >= rr.between[0] &&
      r <= rr.between[1] &&
      f >= ff.between[0] &&
      f <= ff.between[1]
    );
  })?.segment.key;

describe('rfmSegments', () => {
  it('the standard preset maps the 25 cells as DESIGN.md §4', () => {
    // Rows R = 5..1, columns F = 1..5, written from the table in DESIGN.md.
    const expected: Record<number, string[]> = {
      5: ['new_customers', 'potential_loyalists', 'potential_loyalists', 'champions', 'champions'],
      4: ['promising', 'potential_loyalists', 'potential_loyalists', 'loyal', 'loyal'],
      3: ['about_to_sleep', 'about_to_sleep', 'need_attention', 'loyal', 'loyal'],
      2: ['hibernating', 'hibernating', 'at_risk', 'at_risk', 'cannot_lose'],
      1: ['hibernating', 'hibernating', 'at_risk', 'at_risk', 'cannot_lose'],
    };
    for (const r of [1, 2, 3, 4, 5])
      for (const f of [1, 2, 3, 4, 5]) expect(grid(r, f), `R${r}F${f}`).toBe(expected[r]?.[f - 1]);
  });
  it('speaks English and French, with a colour and an action per segment', () => {
    const en = rfmSegments({ locale: 'en' });
    const fr = rfmSegments({ preset: 'standard', locale: 'fr' });
    expect(en.rules.map((r) => r.segment.label)).toContain('Cannot lose them');
    expect(fr.rules.map((r) => r.segment.label)).toContain('À ne pas perdre');
    expect(fr.rules.map((r) => r.segment.label)).toContain("Sur le point de s'endormir");
    for (const rule of [...en.rules, ...fr.rules]) {
      expect(rule.segment.color).toMatch(/^#[0-9a-f]{6}$/);
      expect(rule.segment.action.length).toBeGreaterThan(10);
    }
    expect(en.rules.map((r) => r.segment.key)).toEqual(fr.rules.map((r) => r.segment.key));
  });
  it('is plain data that validates in a pipeline, for a scorer of any name', () => {
    const mapper = rfmSegments({ scorer: 'value' });
    expect(JSON.parse(JSON.stringify(mapper))).toEqual(mapper);
    const pipeline = definePipeline({ id: 'p', scorers: [rfm({ name: 'value' })], segment: mapper });
    const run = scoreCustomers([{ id: 'a' }], pipeline, {
      asOf: '2026-01-01',
      transactions: [{ customerId: 'a', date: '2025-12-31', amount: 1 }],
    });
    // One customer: R = F = 1 by definition → hibernating.
    expect(run.results[0]?.segment?.key).toBe('hibernating');
  });
  it('refuses a custom grid with uncovered or overlapping cells, naming them', () => {
    const seg = (key: string) => ({ key, label: key, color: '#123456', action: 'act' });
    let error: unknown;
    try {
      rfmSegments({
        bins: 3,
        grid: [
          { r: [1, 3], f: [1, 1], segment: seg('low') },
          { r: [2, 3], f: [1, 3], segment: seg('high') },
          { r: [1, 1], f: [3, 3], segment: seg('odd') },
        ],
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues.map((i) => i.message)).toEqual([
      'the cell R2F1 is in 2 segments: low, high',
      'the cell R3F1 is in 2 segments: low, high',
      'no segment covers the cells R1F2',
    ]);
    const ok = rfmSegments({
      bins: 2,
      grid: [
        { r: [1, 2], f: [1, 1], segment: seg('a') },
        { r: [1, 2], f: [2, 2], segment: seg('b') },
      ],
    });
    expect(ok.rules).toHaveLength(2);
    expect(() => rfmSegments({ bins: 4 })).toThrow(/5 × 5 grid/);
    expect(() => rfmSegments({ bins: 2, grid: [{ r: [0, 3], f: [1, 2], segment: seg('a') }] })).toThrow(
      /within 1..2/,
    );
  });
});

describe('the RFM grid as data in a config (JSON)', () => {
  const segment = { key: 'all', label: 'All', color: '#8c959f', action: 'Newsletter' };

  it('becomes exactly what rfmSegments() writes, preset or custom grid', () => {
    for (const locale of ['en', 'fr'] as const) {
      const fromJson = definePipeline(
        JSON.parse(
          JSON.stringify({
            id: 'p',
            scorers: [rfm()],
            segment: { type: 'rfmGrid', preset: 'standard', locale },
          }),
        ),
      );
      expect(fromJson.config.segment).toEqual(rfmSegments({ preset: 'standard', locale }));
    }
    const custom = [
      { r: [4, 5], f: [1, 5], segment: { ...segment, key: 'recent', label: 'Recent' } },
      { r: [1, 3], f: [1, 5], segment },
    ] as const;
    const fromJson = definePipeline({
      id: 'p',
      scorers: [rfm({ name: 'value' })],
      segment: { type: 'rfmGrid', grid: custom, scorer: 'value' },
    });
    expect(fromJson.config.segment).toEqual(rfmSegments({ grid: custom, scorer: 'value' }));
  });

  it('scores like the builder', () => {
    const transactions = [
      { customerId: 'a', date: '2025-12-30', amount: 100 },
      { customerId: 'b', date: '2025-06-01', amount: 10 },
    ];
    const run = (p: ReturnType<typeof definePipeline>) =>
      scoreCustomers([{ id: 'a' }, { id: 'b' }], p, { asOf: '2026-01-01', transactions }).results.map(
        (r) => r.segment?.key,
      );
    expect(run(definePipeline({ id: 'p', scorers: [rfm()], segment: { type: 'rfmGrid' } }))).toEqual(
      run(definePipeline({ id: 'p', scorers: [rfm()], segment: rfmSegments() })),
    );
  });

  it('names uncovered and overlapping cells under segment.grid, and bad options by path', () => {
    const problems = (value: unknown): string[] => {
      try {
        definePipeline({ id: 'p', scorers: [rfm()], segment: value as never });
      } catch (error) {
        if (error instanceof ConfigError) return error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
        throw error;
      }
      return [];
    };
    expect(problems({ type: 'rfmGrid', grid: [{ r: [1, 5], f: [1, 4], segment }] })).toEqual([
      'segment.grid: no segment covers the cells R1F5, R2F5, R3F5, R4F5, R5F5',
    ]);
    expect(
      problems({
        type: 'rfmGrid',
        grid: [
          { r: [1, 5], f: [1, 5], segment },
          { r: [5, 5], f: [5, 5], segment: { ...segment, key: 'top' } },
        ],
      }),
    ).toEqual(['segment.grid: the cell R5F5 is in 2 segments: all, top']);
    expect(problems({ type: 'rfmGrid', locale: 'de' })).toEqual([
      'segment.locale: expected "en" or "fr", got "de"',
    ]);
    expect(problems({ type: 'rfmGrid', preset: 'standard', bins: 4 })[0]).toMatch(/^segment\.bins: /);
  });
});
