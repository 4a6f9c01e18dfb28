// A seeded generator of a realistic B2B lead base: firmographics (industry, size, country, job title, email)
// and a behaviour history (emails, page views, forms, webinars, unsubscribes, bounces) whose intensity
// depends on each lead's hidden interest. Same seed, same leads, on every machine. Used by
// examples/lead-scoring.ts, the tests and the behaviour benchmark.
import { mulberry32 } from './random.js';

/** A lead as a CRM exports it. */
export interface Lead {
  readonly id: string;
  readonly email: string;
  readonly jobTitle: string;
  readonly company: {
    readonly name: string;
    readonly industry: string;
    readonly employees: number;
    readonly country: string;
  };
  /** The stage the CRM had given the lead at the last scoring, or null. */
  readonly stage: string | null;
}

/** One thing a lead did. */
export interface LeadEvent {
  readonly leadId: string;
  readonly type: string;
  readonly at: string;
  readonly url?: string;
  readonly form?: string;
}

const INDUSTRIES = [
  'software',
  'ecommerce',
  'retail',
  'manufacturing',
  'education',
  'public sector',
  'media',
];
const COUNTRIES = ['FR', 'FR', 'FR', 'BE', 'CH', 'DE', 'ES', 'US', 'GB', 'CA'];
const TITLES = [
  'Chief Marketing Officer',
  'VP Sales',
  'Head of Growth',
  'Marketing Director',
  'CRM Manager',
  'Marketing Manager',
  'Sales Representative',
  'Data Analyst',
  'Intern',
  'Student',
];
const PAGES = [
  '/pricing',
  '/pricing/enterprise',
  '/docs/getting-started',
  '/blog/rfm-explained',
  '/careers',
  '/',
];

function pick<T>(rand: () => number, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)] as T;
}

/** Day offsets as ISO instants: `daysBefore` days (and some hours) before `asOf` (UTC). */
function instant(asOf: number, daysBefore: number, rand: () => number): string {
  return new Date(asOf - daysBefore * 86_400_000 - Math.floor(rand() * 86_400_000)).toISOString();
}

/**
 * `count` leads and their events over the `days` days before `asOf` (`YYYY-MM-DD`). About `eventsPerLead`
 * events per lead on average, skewed: most leads do little, a few do a lot, and the engaged ones did it
 * recently.
 */
export function generateLeads(
  count: number,
  options: {
    readonly asOf?: string;
    readonly days?: number;
    readonly eventsPerLead?: number;
    readonly seed?: number;
  } = {},
): { leads: Lead[]; events: LeadEvent[] } {
  const rand = mulberry32(options.seed ?? 42);
  const asOf = Date.parse(`${options.asOf ?? '2026-01-01'}T00:00:00Z`);
  const days = options.days ?? 180;
  const perLead = options.eventsPerLead ?? 12;
  const leads: Lead[] = [];
  const events: LeadEvent[] = [];
  const width = String(count).length;
  for (let i = 0; i < count; i++) {
    const id = `L${String(i + 1).padStart(Math.max(5, width), '0')}`;
    const employees = Math.round(5 * Math.exp(rand() * 8)); // 5 … 15,000, log-uniform
    const personal = rand() < 0.15;
    const name = `company-${Math.floor(rand() * count * 0.6)}`;
    const lead: Lead = {
      id,
      email: personal ? `${id.toLowerCase()}@gmail.com` : `${id.toLowerCase()}@${name}.example`,
      jobTitle: pick(rand, TITLES),
      company: { name, industry: pick(rand, INDUSTRIES), employees, country: pick(rand, COUNTRIES) },
      stage: rand() < 0.2 ? pick(rand, ['SQL', 'MQL', 'MQL', 'Lead']) : null,
    };
    leads.push(lead);
    // Hidden interest: Pareto-like; interested leads act more and more recently.
    const interest = Math.min(20, 1 / (1 - rand()) ** 0.8 - 0.6);
    const n = Math.round(interest * perLead * 0.5 * rand() * 2);
    const recency = interest > 3 ? 0.3 : 1; // share of the window their activity spreads over
    for (let k = 0; k < n; k++) {
      const ago = Math.floor(rand() ** (1 / recency) * days * recency + rand() * 3);
      const at = instant(asOf, Math.min(days, ago), rand);
      const roll = rand();
      if (roll < 0.4) events.push({ leadId: id, type: 'email_open', at });
      else if (roll < 0.55) events.push({ leadId: id, type: 'email_click', at });
      else if (roll < 0.88) events.push({ leadId: id, type: 'page_view', at, url: pick(rand, PAGES) });
      else if (roll < 0.93) events.push({ leadId: id, type: 'webinar_attended', at });
      else if (roll < 0.96)
        events.push({
          leadId: id,
          type: 'form_submit',
          at,
          form: interest > 4 ? 'demo' : pick(rand, ['contact', 'newsletter']),
        });
      else if (roll < 0.98) events.push({ leadId: id, type: 'email_bounce', at });
      else events.push({ leadId: id, type: 'unsubscribe', at });
    }
  }
  // Exports are ordered by time, not by lead.
  events.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.leadId < b.leadId ? -1 : 1));
  return { leads, events };
}
