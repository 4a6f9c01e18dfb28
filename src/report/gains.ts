import type { ScoringRun } from '../pipeline/score-customers.js';

/**
 * What happened to one record after `asOf`: did it respond (buy, convert), and for how much.
 *
 * @example
 * const outcome: Outcome = { id: 'c-1', converted: true, revenue: 120 };
 */
export interface Outcome {
  /** The record's id. */
  readonly id: string;
  /** Whether it responded. */
  readonly converted: boolean;
  /** What the response brought, if known. */
  readonly revenue?: number;
}

/**
 * One decile of the gains table: the records ranked by score (highest first), cut in ten groups of equal size
 * (the first `n mod 10` one larger), ties ordered by id.
 *
 * @example
 * const row: GainsDecile = { decile: 1, customers: 10, responders: 6, responseRate: 0.6, cumulativeCustomers: 10, cumulativeResponders: 6, cumulativeGain: 0.4, lift: 4, cumulativeLift: 4, minScore: 81.5 };
 */
export interface GainsDecile {
  /** 1 = the highest scores. */
  readonly decile: number;
  /** Records in the decile. */
  readonly customers: number;
  /** Responders in the decile. */
  readonly responders: number;
  /** responders / customers. */
  readonly responseRate: number;
  /** Records in deciles 1..d. */
  readonly cumulativeCustomers: number;
  /** Responders in deciles 1..d. */
  readonly cumulativeResponders: number;
  /** Share of all responders found in deciles 1..d (the gains curve). */
  readonly cumulativeGain: number;
  /** Response rate of the decile / overall response rate. */
  readonly lift: number;
  /** Response rate of deciles 1..d / overall response rate. */
  readonly cumulativeLift: number;
  /** Lowest score in the decile: contacting "score ≥ minScore" reaches deciles 1..d. */
  readonly minScore: number;
}

/**
 * Profit of contacting the records of deciles 1..d (d = 0: nobody).
 *
 * @example
 * const row: CampaignRow = { deciles: 2, minScore: 60, contacts: 20, responders: 9, cost: 40, value: 450, profit: 410 };
 */
export interface CampaignRow {
  /** How many deciles are contacted. */
  readonly deciles: number;
  /** The score threshold: contact records scoring at least this (`null` for nobody). */
  readonly minScore: number | null;
  /** Records contacted. */
  readonly contacts: number;
  /** Responders among them. */
  readonly responders: number;
  /** contacts × cost per contact. */
  readonly cost: number;
  /** responders × value per response, or their revenue when no value per response is given. */
  readonly value: number;
  /** value − cost. */
  readonly profit: number;
}

/**
 * The gains report: deciles, lift, AUC and the campaign table with the most profitable threshold.
 *
 * @example
 * const report: Gains = { kind: 'gains', customers: 0, responders: 0, responseRate: 0, missingOutcomes: 0, auc: null, deciles: [], campaign: [], best: null };
 */
export interface Gains {
  /** Always `gains`. */
  readonly kind: 'gains';
  /** Scored records. */
  readonly customers: number;
  /** Responders among them. */
  readonly responders: number;
  /** Overall response rate. */
  readonly responseRate: number;
  /** Scored records without an outcome (counted as not responding). */
  readonly missingOutcomes: number;
  /** Area under the ROC curve of the score (ties count one half); `null` without both responders and others. */
  readonly auc: number | null;
  /** The ten deciles (fewer when there are fewer than ten records). */
  readonly deciles: readonly GainsDecile[];
  /** Profit at each threshold, from contacting nobody to everybody. */
  readonly campaign: readonly CampaignRow[];
  /** The row of `campaign` with the highest profit (the fewest contacts on a tie); `null` without economics. */
  readonly best: CampaignRow | null;
}

/**
 * Options of {@link gains}: the economics of the campaign.
 *
 * @example
 * const options: GainsOptions = { costPerContact: 2, valuePerResponse: 50 };
 */
export interface GainsOptions {
  /** Cost of contacting one record (default 0). */
  readonly costPerContact?: number;
  /** Value of one response; by default each responder's `revenue` (0 when unknown). */
  readonly valuePerResponse?: number;
}

/**
 * Area under the ROC curve: the probability that a random responder scores higher than a random
 * non-responder, ties counting one half (Mann–Whitney U / (P·N), with average ranks for ties).
 *
 * @example
 * auc([3, 2, 1], [true, true, false]) // → 1
 * auc([1, 1, 1], [true, false, false]) // → 0.5
 */
export function auc(scores: readonly number[], positive: readonly boolean[]): number | null {
  const order = scores.map((_, i) => i).sort((a, b) => (scores[a] as number) - (scores[b] as number));
  let p = 0;
  let rankSum = 0;
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && scores[order[j + 1] as number] === scores[order[i] as number]) j++;
    const averageRank = (i + j + 2) / 2;
    for (let k = i; k <= j; k++) {
      if (positive[order[k] as number]) {
        p++;
        rankSum += averageRank;
      }
    }
    i = j + 1;
  }
  const n = order.length - p;
  if (p === 0 || n === 0) return null;
  return (rankSum - (p * (p + 1)) / 2) / (p * n);
}

/**
 * How well the score ranks what happened after `asOf`: response rate, cumulative gains and lift per score
 * decile, the AUC, and a campaign table (cost per contact, value per response) giving the profit of each
 * threshold and the one that maximizes it. This is how a team checks that its scoring pays.
 *
 * @example
 * const pipeline = definePipeline({ id: 'p', scorers: [attributes({ name: 'fit', rules: [{ when: { field: 'n', gte: 1 }, points: 1 }] })] });
 * const run = scoreCustomers([{ id: 'a', n: 1 }, { id: 'b', n: 0 }], pipeline);
 * gains(run, [{ id: 'a', converted: true }, { id: 'b', converted: false }]).auc // → 1
 */
export function gains(run: ScoringRun, outcomes: readonly Outcome[], options: GainsOptions = {}): Gains {
  const known = new Map(outcomes.map((o) => [o.id, o]));
  const ranked = [...run.results].sort(
    (a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  const n = ranked.length;
  const converted = ranked.map((r) => known.get(r.id)?.converted === true);
  const revenue = ranked.map((r) => known.get(r.id)?.revenue ?? 0);
  const missingOutcomes = ranked.filter((r) => !known.has(r.id)).length;
  const responders = converted.filter(Boolean).length;
  const rate = n === 0 ? 0 : responders / n;
  const groups = Math.min(10, n);
  const q = groups === 0 ? 0 : Math.floor(n / groups);
  const extra = groups === 0 ? 0 : n % groups;
  const deciles: GainsDecile[] = [];
  const cost = options.costPerContact ?? 0;
  const campaign: CampaignRow[] = [
    { deciles: 0, minScore: null, contacts: 0, responders: 0, cost: 0, value: 0, profit: 0 },
  ];
  let start = 0;
  let cumResponders = 0;
  let cumValue = 0;
  for (let d = 1; d <= groups; d++) {
    const size = d <= extra ? q + 1 : q;
    let hits = 0;
    let value = 0;
    for (let i = start; i < start + size; i++) {
      if (converted[i]) {
        hits++;
        value += options.valuePerResponse ?? (revenue[i] as number);
      }
    }
    start += size;
    cumResponders += hits;
    cumValue += value;
    const responseRate = hits / size;
    const minScore = ranked[start - 1]?.score ?? 0;
    deciles.push({
      decile: d,
      customers: size,
      responders: hits,
      responseRate,
      cumulativeCustomers: start,
      cumulativeResponders: cumResponders,
      cumulativeGain: responders === 0 ? 0 : cumResponders / responders,
      lift: rate === 0 ? 0 : responseRate / rate,
      cumulativeLift: rate === 0 ? 0 : cumResponders / start / rate,
      minScore,
    });
    campaign.push({
      deciles: d,
      minScore,
      contacts: start,
      responders: cumResponders,
      cost: start * cost,
      value: cumValue,
      profit: cumValue - start * cost,
    });
  }
  const economics =
    options.costPerContact !== undefined ||
    options.valuePerResponse !== undefined ||
    outcomes.some((o) => o.revenue !== undefined);
  let best: CampaignRow | null = null;
  if (economics) for (const row of campaign) if (best === null || row.profit > best.profit) best = row;
  return {
    kind: 'gains',
    customers: n,
    responders,
    responseRate: rate,
    missingOutcomes,
    auc: auc(
      ranked.map((r) => r.score),
      converted,
    ),
    deciles,
    campaign,
    best,
  };
}
