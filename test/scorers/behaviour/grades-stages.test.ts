import { describe, expect, it } from 'vitest';
import {
  attributes,
  behaviour,
  ConfigError,
  definePipeline,
  fit as fitModel,
  grades,
  RecordError,
  scoreCustomers,
  segments,
  thresholds,
} from '../../../src/index.js';

const fitScorer = attributes({
  name: 'fit',
  rules: [{ when: { field: 'fit', exists: true }, points: 0 }],
  max: 100,
});
// The fit and engagement values are read from the records themselves, so every boundary is set by hand.
const fitValue = attributes({
  name: 'fit',
  max: 100,
  rules: [60, 40, 20].map((v) => ({ criterion: 'f', when: { field: 'fit', gte: v }, points: v })),
});
const engagementValue = attributes({
  name: 'engagement',
  max: 100,
  rules: [50, 25, 10].map((v) => ({ criterion: 'e', when: { field: 'eng', gte: v }, points: v })),
});
const grid = grades({
  fit: {
    scorer: 'fit',
    levels: [{ label: 'A', min: 60 }, { label: 'B', min: 40 }, { label: 'C', min: 20 }, { label: 'D' }],
  },
  engagement: {
    scorer: 'engagement',
    levels: [{ label: '1', min: 50 }, { label: '2', min: 25 }, { label: '3', min: 10 }, { label: '4' }],
  },
});

describe('grades', () => {
  const pipeline = definePipeline({ id: 'g', scorers: [fitValue, engagementValue], grade: grid });
  const gradeOf = (fitV: number, eng: number) =>
    scoreCustomers([{ id: 'x', fit: fitV, eng }], pipeline).results[0]?.grade;
  it('each axis by its thresholds: a value equal to a min reaches it, below every min is the last grade', () => {
    expect(gradeOf(60, 50)).toEqual({ fit: 'A', engagement: '1', cell: 'A1', priority: 1 });
    expect(gradeOf(59, 49)?.cell).toBe('B2');
    expect(gradeOf(40, 25)?.cell).toBe('B2');
    expect(gradeOf(20, 10)?.cell).toBe('C3');
    expect(gradeOf(19, 9)?.cell).toBe('D4');
    expect(gradeOf(-5, -5)?.cell).toBe('D4');
  });
  it('the default priority is by fit rank + engagement rank, then fit', () => {
    const order = [
      'A1',
      'A2',
      'B1',
      'A3',
      'B2',
      'C1',
      'A4',
      'B3',
      'C2',
      'D1',
      'B4',
      'C3',
      'D2',
      'C4',
      'D3',
      'D4',
    ];
    const cells = { A: 60, B: 40, C: 20, D: 0 } as const;
    const engs = { '1': 50, '2': 25, '3': 10, '4': 0 } as const;
    for (const [i, cell] of order.entries()) {
      const g = gradeOf(cells[cell[0] as keyof typeof cells], engs[cell[1] as keyof typeof engs]);
      expect([g?.cell, g?.priority]).toEqual([cell, i + 1]);
    }
  });
  it('a priority order is data; it must list every cell once', () => {
    const priority = [
      'A1',
      'B1',
      'A2',
      'C1',
      'B2',
      'A3',
      'D1',
      'C2',
      'B3',
      'A4',
      'D2',
      'C3',
      'B4',
      'D3',
      'C4',
      'D4',
    ];
    const p = definePipeline({ id: 'g', scorers: [fitValue, engagementValue], grade: { ...grid, priority } });
    expect(scoreCustomers([{ id: 'x', fit: 40, eng: 50 }], p).results[0]?.grade?.priority).toBe(2);
    const bad = { ...grid, priority: ['A1', 'A1', 'Z9'] };
    try {
      definePipeline({ id: 'g', scorers: [fitValue, engagementValue], grade: bad });
      expect.unreachable();
    } catch (error) {
      expect((error as ConfigError).issues.map((i) => i.code)).toEqual([
        'duplicate_cell',
        'unknown_cell',
        'missing_cells',
      ]);
    }
  });
  it('segments can read the grade', () => {
    const p = definePipeline({
      id: 'g',
      scorers: [fitValue, engagementValue],
      grade: grid,
      segment: segments({
        rules: [
          {
            when: { field: 'grade.cell', in: ['A1', 'A2', 'B1'] },
            segment: { key: 'call', label: 'Call', color: '#1a7f37', action: 'Call now' },
          },
        ],
      }),
    });
    const run = scoreCustomers(
      [
        { id: 'x', fit: 45, eng: 60 },
        { id: 'y', fit: 45, eng: 30 },
      ],
      p,
    );
    expect(run.results.map((r) => r.segment?.key ?? null)).toEqual(['call', null]);
  });
  it('grades name existing scorers', () => {
    expect(() =>
      definePipeline({
        id: 'g',
        scorers: [fitScorer],
        grade: { ...grid, engagement: { ...grid.engagement, scorer: 'engagment' } },
      }),
    ).toThrow(/no scorer is named "engagment"/);
  });
});

describe('qualification stages with hysteresis', () => {
  const score = attributes({
    name: 'points',
    max: 100,
    rules: [{ when: { field: 'p', exists: true }, points: 0 }],
  });
  // The score is the record's `p` field: a sum over rules would need many rules, so use a field scorer.
  const direct = definePipeline({
    id: 's',
    scorers: [
      attributes({
        name: 'points',
        max: 100,
        rules: Array.from({ length: 101 }, (_, v) => ({
          criterion: 'p',
          when: { field: 'p', gte: 100 - v },
          points: 100 - v,
        })),
      }),
    ],
    qualify: thresholds(
      [
        { label: 'SQL', min: 80 },
        { label: 'MQL', min: 50 },
      ],
      { margin: 10, previous: 'stage' },
    ),
  });
  const stage = (p: number, previous: string | null) => {
    const r = scoreCustomers([{ id: 'x', p, stage: previous }], direct).results[0];
    return [r?.qualification, r?.transition?.change];
  };
  it('promotion: a higher raw level promotes at once', () => {
    expect(stage(80, 'MQL')).toEqual(['SQL', 'promoted']);
    expect(stage(50, null)).toEqual(['MQL', 'promoted']);
    expect(stage(95, null)).toEqual(['SQL', 'promoted']);
  });
  it('stays: same level, or a lower raw level within the margin', () => {
    expect(stage(85, 'SQL')).toEqual(['SQL', 'stayed']);
    expect(stage(70, 'SQL')).toEqual(['SQL', 'stayed']); // 80 - 10 = 70 is still in
    expect(stage(40, 'MQL')).toEqual(['MQL', 'stayed']);
    expect(stage(10, null)).toEqual([null, 'stayed']);
  });
  it('demotion: below the previous min minus the margin, to the raw level', () => {
    expect(stage(69, 'SQL')).toEqual(['MQL', 'demoted']);
    expect(stage(30, 'SQL')).toEqual([null, 'demoted']);
    expect(stage(39, 'MQL')).toEqual([null, 'demoted']);
  });
  it('the previous stage can come from the run option, which wins over the field', () => {
    const run = scoreCustomers([{ id: 'x', p: 72, stage: 'MQL' }], direct, { previous: { x: 'SQL' } });
    expect(run.results[0]?.transition).toEqual({ from: 'SQL', to: 'SQL', change: 'stayed' });
    const model = fitModel([], direct);
    expect(model.score({ id: 'x', p: 60 }, { previous: 'SQL' }).transition).toEqual({
      from: 'SQL',
      to: 'MQL',
      change: 'demoted',
    });
  });
  it('an unknown previous stage rejects the record with its path', () => {
    const run = scoreCustomers([{ id: 'x', p: 72, stage: 'Hot' }], direct);
    expect(run.rejected[0]).toMatchObject({ id: 'x', code: 'unknown_stage', path: ['stage'] });
    expect(() => fitModel([], direct).score({ id: 'x', p: 1 }, { previous: 'Hot' })).toThrow(RecordError);
  });
  it('without margin, previous field or option there is no transition', () => {
    const plain = definePipeline({
      id: 'p',
      scorers: [score],
      qualify: thresholds([{ label: 'Q', min: 0 }]),
    });
    expect(scoreCustomers([{ id: 'x', p: 1 }], plain).results[0]).not.toHaveProperty('transition');
  });
});

describe('behaviour and fit together', () => {
  it('a lead gets fit, engagement and a grade from events', () => {
    const p = definePipeline({
      id: 'leads',
      scorers: [
        fitValue,
        behaviour({
          rules: [
            { event: 'demo', points: 30, once: true },
            { event: 'open', points: 5, cap: 20 },
          ],
        }),
      ],
      grade: grades({
        fit: grid.fit,
        engagement: {
          scorer: 'engagement',
          levels: [{ label: '1', min: 30 }, { label: '2', min: 10 }, { label: '3' }],
        },
      }),
    });
    const run = scoreCustomers(
      [
        { id: 'a', fit: 65 },
        { id: 'b', fit: 25 },
      ],
      p,
      {
        asOf: '2026-01-01',
        events: [
          { customerId: 'a', type: 'demo', at: '2025-12-01' },
          { customerId: 'b', type: 'open', at: '2025-12-01' },
          { customerId: 'b', type: 'open', at: '2025-12-02' },
        ],
      },
    );
    expect(run.results.map((r) => [r.id, r.score, r.grade?.cell])).toEqual([
      ['a', 60 + 30, 'A1'],
      ['b', 20 + 10, 'C2'],
    ]);
  });
});

describe('grade and behaviour configs are checked', () => {
  const codes = (config: unknown): string[] => {
    try {
      definePipeline(config as never);
      return [];
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as ConfigError).issues.map((i) => i.code);
    }
  };
  it('grade levels: a min on every level but the last, from the highest down, labels once', () => {
    const withFit = (levels: unknown[]) => ({
      id: 'g',
      scorers: [fitValue, engagementValue],
      grade: { ...grid, fit: { scorer: 'fit', levels } },
    });
    expect(codes(withFit([{ label: 'A' }, { label: 'B' }]))).toEqual(['missing_min']);
    expect(
      codes(
        withFit([
          { label: 'A', min: 10 },
          { label: 'B', min: 20 },
        ]),
      ),
    ).toEqual(['unordered_levels']);
    expect(codes(withFit([{ label: 'A', min: 10 }, { label: 'A' }]))).toEqual(['duplicate_label']);
  });
  it('behaviour: rule ids once, no perDay on a once rule, one age decay per scorer', () => {
    const scorer = (extra: Record<string, unknown>, rules: unknown[]) => ({
      id: 'b',
      scorers: [{ type: 'behaviour', name: 'engagement', rules, ...extra }],
    });
    expect(
      codes(
        scorer({}, [
          { id: 'x', event: 'a', points: 1, cap: 2 },
          { id: 'x', event: 'b', points: 1, cap: 2 },
        ]),
      ),
    ).toEqual(['duplicate_id']);
    expect(codes(scorer({}, [{ event: 'a', points: 1, once: true, perDay: 2 }]))).toEqual(['not_applicable']);
    expect(
      codes(
        scorer({ halfLife: { days: 3 }, decay: { percent: 10, every: { days: 7 } } }, [
          { event: 'a', points: 1, cap: 2 },
        ]),
      ),
    ).toEqual(['conflicting_decay']);
    expect(codes(scorer({ customerKey: '__proto__' }, [{ event: 'a', points: 1, cap: 2 }]))).toEqual([
      'forbidden_path',
    ]);
  });
});
