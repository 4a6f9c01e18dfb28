import { ConfigError, type Issue } from '../../errors/errors.js';
import type { Segment } from '../../pipeline/types.js';
import type { SegmentMapperConfig, SegmentRule } from '../../schema/segments.js';

/**
 * One cell range of an RFM segment grid: the segment of every customer whose R and F scores fall in the
 * given ranges (both ends included).
 *
 * @example
 * const cell: RfmGridEntry = { r: [5, 5], f: [4, 5], segment: { key: 'champions', label: 'Champions', color: '#1a7f37', action: 'Reward them' } };
 */
export interface RfmGridEntry {
  /** Range of R scores, `[low, high]`. */
  readonly r: readonly [number, number];
  /** Range of F scores, `[low, high]`. */
  readonly f: readonly [number, number];
  /** The segment of these cells. */
  readonly segment: Segment;
}

/**
 * Options of {@link rfmSegments}: a preset in a language, or a custom grid.
 *
 * @example
 * const options: RfmSegmentsOptions = { preset: 'standard', locale: 'fr' };
 */
export interface RfmSegmentsOptions {
  /** The preset grid (`standard`, see docs/rfm.md). */
  readonly preset?: 'standard' | undefined;
  /** Language of labels and actions (default `en`). */
  readonly locale?: 'en' | 'fr' | undefined;
  /** A custom grid instead of a preset: every (R, F) cell must be covered exactly once. */
  readonly grid?: readonly RfmGridEntry[] | undefined;
  /** Name of the RFM scorer in the pipeline (default `rfm`). */
  readonly scorer?: string | undefined;
  /** Number of bins of the RFM scorer (default 5). */
  readonly bins?: number | undefined;
}

interface PresetSegment {
  readonly key: string;
  readonly r: readonly [number, number];
  readonly f: readonly [number, number];
  readonly color: string;
  readonly en: readonly [string, string];
  readonly fr: readonly [string, string];
}

/** The `standard` grid of DESIGN.md §4: every one of the 25 (R, F) cells maps to exactly one segment. */
const STANDARD: readonly PresetSegment[] = [
  {
    key: 'champions',
    r: [5, 5],
    f: [4, 5],
    color: '#1a7f37',
    en: ['Champions', 'Reward them: early access, loyalty perks; ask for reviews and referrals.'],
    fr: [
      'Champions',
      'Récompensez-les : avant-premières, avantages fidélité ; demandez avis et parrainages.',
    ],
  },
  {
    key: 'loyal',
    r: [3, 4],
    f: [4, 5],
    color: '#2da44e',
    en: ['Loyal customers', 'Upsell higher-value products; invite them to the loyalty programme.'],
    fr: [
      'Clients fidèles',
      'Proposez des produits de plus grande valeur ; invitez-les au programme de fidélité.',
    ],
  },
  {
    key: 'potential_loyalists',
    r: [4, 5],
    f: [2, 3],
    color: '#4ac26b',
    en: [
      'Potential loyalists',
      'Offer membership or a second-purchase incentive; recommend related products.',
    ],
    fr: [
      'Fidèles potentiels',
      "Proposez l'adhésion ou une offre de second achat ; recommandez des produits liés.",
    ],
  },
  {
    key: 'new_customers',
    r: [5, 5],
    f: [1, 1],
    color: '#0969da',
    en: ['New customers', 'Welcome them: onboarding, support, a reason to come back.'],
    fr: ['Nouveaux clients', 'Accueillez-les : prise en main, accompagnement, une raison de revenir.'],
  },
  {
    key: 'promising',
    r: [4, 4],
    f: [1, 1],
    color: '#54aeff',
    en: ['Promising', 'Build the relationship: free trials, brand content, a first loyalty reward.'],
    fr: [
      'Prometteurs',
      'Construisez la relation : essais gratuits, contenus de marque, une première récompense.',
    ],
  },
  {
    key: 'need_attention',
    r: [3, 3],
    f: [3, 3],
    color: '#bf8700',
    en: ['Need attention', 'Reactivate with limited-time offers based on their past purchases.'],
    fr: ['À surveiller', 'Réactivez-les avec des offres limitées dans le temps, selon leurs achats passés.'],
  },
  {
    key: 'about_to_sleep',
    r: [3, 3],
    f: [1, 2],
    color: '#d4a72c',
    en: ['About to sleep', 'Share popular products and a discount before they drift away.'],
    fr: [
      "Sur le point de s'endormir",
      "Partagez les produits populaires et une remise avant qu'ils ne décrochent.",
    ],
  },
  {
    key: 'at_risk',
    r: [1, 2],
    f: [3, 4],
    color: '#bc4c00',
    en: ['At risk', 'Send personalised win-back emails and offers; ask what went wrong.'],
    fr: ['À risque', "Envoyez des relances personnalisées et des offres ; demandez ce qui n'a pas plu."],
  },
  {
    key: 'cannot_lose',
    r: [1, 2],
    f: [5, 5],
    color: '#cf222e',
    en: [
      'Cannot lose them',
      'Win them back now: call them, offer renewals or new versions; do not lose them to a competitor.',
    ],
    fr: [
      'À ne pas perdre',
      'Reconquérez-les maintenant : appelez-les, proposez renouvellements ou nouveautés.',
    ],
  },
  {
    key: 'hibernating',
    r: [1, 2],
    f: [1, 2],
    color: '#8c959f',
    en: ['Hibernating', 'Low-cost reactivation only: relevant offers, or let them go.'],
    fr: [
      'En hibernation',
      'Réactivation à faible coût seulement : offres pertinentes, ou laissez-les partir.',
    ],
  },
];

/** Checks that a grid covers every (R, F) cell of `bins × bins` exactly once; returns the problems. */
export function gridIssues(grid: readonly RfmGridEntry[], bins: number): Issue[] {
  const owners: string[][][] = Array.from({ length: bins }, () => Array.from({ length: bins }, () => []));
  const issues: Issue[] = [];
  grid.forEach((entry, i) => {
    for (const [axis, range] of [
      ['r', entry.r],
      ['f', entry.f],
    ] as const) {
      const [lo, hi] = range;
      if (!(Number.isInteger(lo) && Number.isInteger(hi) && lo >= 1 && hi <= bins && lo <= hi)) {
        issues.push({
          code: 'invalid_range',
          path: ['grid', i, axis],
          message: `expected a range of scores within 1..${bins}, got [${lo}, ${hi}]`,
        });
      }
    }
    for (let r = Math.max(1, entry.r[0]); r <= Math.min(bins, entry.r[1]); r++) {
      for (let f = Math.max(1, entry.f[0]); f <= Math.min(bins, entry.f[1]); f++)
        owners[r - 1]?.[f - 1]?.push(entry.segment.key);
    }
  });
  const uncovered: string[] = [];
  for (let r = 1; r <= bins; r++) {
    for (let f = 1; f <= bins; f++) {
      const who = owners[r - 1]?.[f - 1] ?? [];
      if (who.length === 0) uncovered.push(`R${r}F${f}`);
      if (who.length > 1)
        issues.push({
          code: 'overlapping_cells',
          path: ['grid'],
          message: `the cell R${r}F${f} is in ${who.length} segments: ${who.join(', ')}`,
        });
    }
  }
  if (uncovered.length > 0)
    issues.push({
      code: 'uncovered_cells',
      path: ['grid'],
      message: `no segment covers the cells ${uncovered.join(', ')}`,
    });
  return issues;
}

/**
 * Writes the segment mapper of an RFM grid: the `standard` preset (DESIGN.md §4, in English or French) or a
 * custom grid, checked so that every (R, F) cell maps to exactly one segment. The result is plain data (a
 * `rules` segment mapper over `components.<scorer>.r` and `.f`). Throws a `ConfigError` naming the uncovered
 * or overlapping cells.
 *
 * @example
 * const mapper = rfmSegments({ preset: 'standard', locale: 'fr' });
 * mapper.rules[0]?.segment.label // → 'Champions'
 * mapper.rules.length // → 10
 */
export function rfmSegments(options: RfmSegmentsOptions = {}): SegmentMapperConfig {
  const scorer = options.scorer ?? 'rfm';
  const bins = options.bins ?? 5;
  const locale = options.locale ?? 'en';
  let grid: readonly RfmGridEntry[];
  if (options.grid !== undefined) {
    if (options.preset !== undefined) {
      throw new ConfigError('the RFM segments', [
        { code: 'invalid_options', path: ['preset'], message: 'give a preset or a grid, not both' },
      ]);
    }
    grid = options.grid;
  } else {
    if (bins !== 5) {
      throw new ConfigError('the RFM segments', [
        {
          code: 'invalid_options',
          path: ['bins'],
          message: 'the standard preset is a 5 × 5 grid: use bins: 5, or give your own grid',
        },
      ]);
    }
    grid = STANDARD.map((s) => {
      const [label, action] = s[locale];
      return { r: s.r, f: s.f, segment: { key: s.key, label, color: s.color, action } };
    });
  }
  const issues = gridIssues(grid, bins);
  if (issues.length > 0) throw new ConfigError('the RFM segment grid', issues);
  const rules: SegmentRule[] = grid.map((entry) => ({
    when: {
      all: [
        { field: `components.${scorer}.r`, between: [entry.r[0], entry.r[1]] },
        { field: `components.${scorer}.f`, between: [entry.f[0], entry.f[1]] },
      ],
    },
    segment: { ...entry.segment },
  }));
  return { type: 'rules', rules };
}
