// Attribute rules ("fit"): a compiled pipeline of 20 rules over plain records, against a hand-written
// if-chain (the fastest a developer could write by hand) in the same process; and model.score of one record.
import { attributes, definePipeline, fit as fitModel, scoreCustomers } from '../src/index.js';
import { mulberry32, timeBest } from './util.js';

const INDUSTRIES = ['retail', 'ecommerce', 'bank', 'software', 'health', 'media'];
const COUNTRIES = ['FR', 'BE', 'DE', 'US', 'GB', 'ES'];
const TITLES = ['CEO', 'VP Sales', 'Head of Marketing', 'Engineer', 'Intern', 'CFO'];

export function makeLeads(n: number, seed: number): Record<string, unknown>[] {
  const rand = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  return Array.from({ length: n }, (_, i) => ({
    id: `l${i}`,
    industry: pick(INDUSTRIES),
    country: pick(COUNTRIES),
    title: pick(TITLES),
    employees: Math.floor(rand() * 5000),
    revenue: Math.floor(rand() * 1e8),
    email: rand() < 0.3 ? `x${i}@gmail.com` : `x${i}@acme.com`,
    age: 18 + Math.floor(rand() * 60),
    newsletter: rand() < 0.5,
  }));
}

export const rules = [
  { criterion: 'industry', when: { field: 'industry', in: ['retail', 'ecommerce'] }, points: 20 },
  { criterion: 'industry', when: { field: 'industry', eq: 'software' }, points: 10 },
  { criterion: 'country', when: { field: 'country', in: ['FR', 'BE'] }, points: 15 },
  { criterion: 'country', when: { field: 'country', in: ['DE', 'ES'] }, points: 8 },
  { criterion: 'size', when: { field: 'employees', gte: 1000 }, points: 20 },
  { criterion: 'size', when: { field: 'employees', gte: 200 }, points: 12 },
  { criterion: 'size', when: { field: 'employees', gte: 50 }, points: 5 },
  { when: { field: 'title', startsWith: 'VP' }, points: 10 },
  { when: { field: 'title', eq: 'CEO' }, points: 12 },
  { when: { field: 'title', contains: 'Marketing' }, points: 8 },
  { when: { field: 'title', eq: 'Intern' }, points: -10 },
  { when: { field: 'email', endsWith: '@gmail.com' }, points: -5 },
  { when: { field: 'revenue', gte: 50_000_000 }, points: 10 },
  { when: { field: 'revenue', lt: 1_000_000 }, points: -3 },
  { when: { field: 'age', between: [25, 45] }, points: 4 },
  { when: { field: 'newsletter', eq: true }, points: 2 },
  { when: { field: 'industry', ne: 'bank' }, points: 1 },
  {
    when: {
      all: [
        { field: 'country', eq: 'FR' },
        { field: 'employees', gte: 500 },
      ],
    },
    points: 6,
  },
  {
    when: {
      any: [
        { field: 'industry', eq: 'media' },
        { field: 'industry', eq: 'health' },
      ],
    },
    points: 3,
  },
  { when: { field: 'phone', exists: true }, points: 2 },
] as const;

/** The same 20 rules written by hand as an if-chain: the peer. */
function byHand(r: Record<string, unknown>): number {
  let s = 0;
  const industry = r.industry as string;
  const country = r.country as string;
  const employees = r.employees as number;
  const title = r.title as string;
  if (industry === 'retail' || industry === 'ecommerce') s += 20;
  else if (industry === 'software') s += 10;
  if (country === 'FR' || country === 'BE') s += 15;
  else if (country === 'DE' || country === 'ES') s += 8;
  if (employees >= 1000) s += 20;
  else if (employees >= 200) s += 12;
  else if (employees >= 50) s += 5;
  if (title.startsWith('VP')) s += 10;
  if (title === 'CEO') s += 12;
  if (title.includes('Marketing')) s += 8;
  if (title === 'Intern') s -= 10;
  if ((r.email as string).endsWith('@gmail.com')) s -= 5;
  if ((r.revenue as number) >= 50_000_000) s += 10;
  if ((r.revenue as number) < 1_000_000) s -= 3;
  if ((r.age as number) >= 25 && (r.age as number) <= 45) s += 4;
  if (r.newsletter === true) s += 2;
  if (industry !== 'bank') s += 1;
  if (country === 'FR' && employees >= 500) s += 6;
  if (industry === 'media' || industry === 'health') s += 3;
  if (r.phone !== undefined && r.phone !== null) s += 2;
  return s;
}

export async function run(): Promise<void> {
  const n = 1_000_000;
  const leads = makeLeads(n, 42);
  const pipeline = definePipeline({ id: 'bench', scorers: [attributes({ name: 'fit', rules: [...rules] })] });

  // Same answers first: the benchmark compares equal work.
  const check = scoreCustomers(leads.slice(0, 10_000), pipeline);
  check.results.forEach((r, i) => {
    if (r.score !== byHand(leads[i] as Record<string, unknown>)) throw new Error(`scores differ for ${r.id}`);
  });

  let sink = 0;
  const tHand = timeBest(3, () => {
    for (const lead of leads) sink += byHand(lead);
  });
  const tRun = timeBest(3, () => {
    sink += scoreCustomers(leads, pipeline).results.length;
  });
  const { compiledOf } = await import('../src/pipeline/define.js');
  const { IdColumn } = await import('../src/pipeline/id-column.js');
  const scorer = compiledOf(pipeline).scorers[0];
  const bound = scorer?.bind(
    {
      records: leads,
      ids: new IdColumn(0),
      idKey: 'id',
      asOf: { date: '1970-01-01', text: '1970-01-01', day: 0, instant: 0, timeZone: 'UTC' },
      inputs: {},
      explain: true,
      rejectRecord: () => undefined,
      rejectInput: () => undefined,
    },
    undefined,
  );
  const tScorer = timeBest(3, () => {
    for (let i = 0; i < n; i++) sink += bound?.score(leads[i] as Record<string, unknown>, i).value ?? 0;
  });
  console.log(`(diagnostic) the compiled scorer alone, results discarded: ${tScorer.toFixed(0)} ms`);
  const model = fitModel(leads.slice(0, 1000), pipeline);
  const one = leads.slice(0, 100_000);
  const tModel = timeBest(3, () => {
    for (const lead of one) sink += model.score(lead).score;
  });

  console.log(
    `records: ${n.toLocaleString('en')} leads, 20 attribute rules (3 criteria), results with explanations`,
  );
  console.log(`| path | time | records/s | ratio to hand-written |`);
  console.log(`|---|---|---|---|`);
  console.log(`| hand-written if-chain (score only) | ${tHand.toFixed(0)} ms | ${rate(n, tHand)} | 1.00 |`);
  console.log(
    `| scoreCustomers (full results) | ${tRun.toFixed(0)} ms | ${rate(n, tRun)} | ${(tRun / tHand).toFixed(2)} |`,
  );
  console.log(
    `| model.score, one record at a time | ${((tModel * 1000) / one.length).toFixed(3)} µs/record | ${rate(one.length, tModel)} | ${(tModel / one.length / (tHand / n)).toFixed(2)} |`,
  );
  console.log(`targets: ≥ 1,000,000 records/s batch; ≤ 2 µs per model.score (sink ${sink > 0 ? 'ok' : '0'})`);
}

function rate(n: number, ms: number): string {
  return `${Math.round((n / ms) * 1000).toLocaleString('en')}`;
}
