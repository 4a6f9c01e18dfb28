// Behaviour scoring ("engagement") at scale: 100k leads with about 10M events end to end (events as plain
// objects with ISO dates, as an export gives them), against a hand-written version in the same process; and
// incremental updates: one new event folded into a stored lead state and scored, per second.
import { leadScoring } from '../examples/lead-pipeline.js';
import { generateLeads, type LeadEvent } from '../examples/leads.js';
import { foldEvents, type LeadState, scoreCustomers } from '../src/index.js';
import { mulberry32, peakRssMiB } from './util.js';

const small = process.argv.includes('--small');
const LEADS = small ? 10_000 : 100_000;
const asOf = '2026-01-01';

function groupByLead(events: readonly LeadEvent[]): Map<string, LeadEvent[]> {
  const byLead = new Map<string, LeadEvent[]>();
  for (const e of events) {
    const list = byLead.get(e.leadId);
    if (list === undefined) byLead.set(e.leadId, [e]);
    else list.push(e);
  }
  return byLead;
}

/** The engagement rules of the example pipeline, written by hand the way a developer would. */
function handWritten(leads: readonly { id: string }[], events: readonly LeadEvent[]): Map<string, number> {
  const asOfMs = Date.parse('2026-01-02T00:00:00Z');
  const dayMs = 86_400_000;
  const asOfDay = Math.floor((asOfMs - 1) / dayMs);
  const byLead = groupByLead(events);
  const out = new Map<string, number>();
  const decay = (day: number): number => 0.5 ** ((asOfDay - day) / 30);
  for (const lead of leads) {
    const list = (byLead.get(lead.id) ?? []).slice().sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    const sums = new Map<string, number>();
    const seen = new Set<string>();
    const opensPerDay = new Map<number, number>();
    const add = (k: string, v: number): void => {
      sums.set(k, (sums.get(k) ?? 0) + v);
    };
    for (const e of list) {
      const day = Math.floor(new Date(e.at).getTime() / dayMs);
      const age = asOfDay - day;
      if (e.type === 'form_submit' && e.form === 'demo' && !seen.has('demo')) {
        seen.add('demo');
        add('demo', 40 * decay(day));
      } else if (e.type === 'form_submit' && e.form === 'contact' && !seen.has('contact')) {
        seen.add('contact');
        add('contact', 20 * decay(day));
      }
      if (e.type === 'page_view' && e.url?.startsWith('/pricing') && age <= 30)
        add('pricing', 5 * decay(day));
      if (e.type === 'page_view' && e.url?.startsWith('/docs')) add('docs', 2 * decay(day));
      if (e.type === 'webinar_attended' && age <= 90) add('webinar', 15 * decay(day));
      if (e.type === 'email_click') add('click', 3 * decay(day));
      if (e.type === 'email_open') opensPerDay.set(day, (opensPerDay.get(day) ?? 0) + 1);
      if (e.type === 'page_view' && e.url === '/careers') add('careers', -5 * decay(day));
      if (e.type === 'email_bounce') add('bounce', -10);
      if (e.type === 'unsubscribe' && !seen.has('unsub')) {
        seen.add('unsub');
        add('unsub', -30);
      }
    }
    for (const [day, n] of opensPerDay) add('open', Math.min(2, n) * decay(day));
    const caps: Record<string, number> = {
      pricing: 20,
      docs: 10,
      webinar: 30,
      click: 15,
      open: 10,
      careers: 10,
      bounce: 20,
    };
    let total = 0;
    for (const [k, v] of sums)
      total += caps[k] === undefined ? v : Math.sign(v) * Math.min(Math.abs(v), caps[k] as number);
    out.set(lead.id, Math.max(-50, Math.min(100, total)));
  }
  return out;
}

export async function run(): Promise<void> {
  const t0 = performance.now();
  const { leads, events } = generateLeads(LEADS, { asOf, eventsPerLead: 76, seed: 11 });
  console.log(
    `generated ${leads.length.toLocaleString('en')} leads and ${events.length.toLocaleString('en')} events in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );

  const s0 = performance.now();
  const result = scoreCustomers(leads, leadScoring, { asOf, events });
  const scorekitMs = performance.now() - s0;
  const h0 = performance.now();
  const hand = handWritten(leads, events);
  const handMs = performance.now() - h0;

  let differ = 0;
  for (const r of result.results) {
    const mine = r.components.engagement?.value ?? Number.NaN;
    if (Math.abs(mine - (hand.get(r.id) ?? Number.NaN)) > 1e-9) differ++;
  }
  console.log(
    `scorekit (full pipeline: fit, engagement, grades, stages, segments): ${(scorekitMs / 1000).toFixed(2)} s`,
  );
  console.log(
    `  ${Math.round(leads.length / (scorekitMs / 1000)).toLocaleString('en')} leads/s, ${Math.round(events.length / (scorekitMs / 1000)).toLocaleString('en')} events/s`,
  );
  console.log(`hand-written (engagement only, Map + Date + sort): ${(handMs / 1000).toFixed(2)} s`);
  console.log(`ratio scorekit / hand-written: ${(scorekitMs / handMs).toFixed(2)}`);
  console.log(
    `same engagement values: ${differ === 0 ? 'yes' : `no (${differ} differ)`}; peak RSS ${peakRssMiB()} MiB`,
  );

  // Incremental: a stream of new events over many leads. Each lead's state is stored as a JSON string (as in
  // a database row); per event: parse it, fold the event (pruning at asOf), score the lead, store it again.
  const model = result.model;
  const byLead = groupByLead(events);
  const pool = leads.slice(0, Math.min(10_000, leads.length));
  const store = new Map<string, string>();
  for (const lead of pool)
    store.set(
      lead.id,
      JSON.stringify(
        foldEvents(model, undefined, byLead.get(lead.id) ?? [], { asOf: '2026-01-01T08:00:00Z' }),
      ),
    );
  const sizes = [...store.values()].map((v) => v.length).sort((a, b) => a - b);
  const rand = mulberry32(5);
  const n = 50_000;
  const i0 = performance.now();
  for (let i = 0; i < n; i++) {
    const lead = pool[Math.floor(rand() * pool.length)] as (typeof pool)[number];
    const at = new Date(Date.UTC(2026, 0, 1, 8) + i * 1000).toISOString();
    const next = foldEvents(
      model,
      JSON.parse(store.get(lead.id) as string) as LeadState,
      [{ leadId: lead.id, type: i % 3 === 0 ? 'email_open' : 'page_view', url: '/pricing', at }],
      { asOf: at },
    );
    model.score(lead, { state: next, asOf: at });
    store.set(lead.id, JSON.stringify(next));
  }
  const ms = performance.now() - i0;
  console.log(
    `incremental: ${Math.round(n / (ms / 1000)).toLocaleString('en')} events/s over ${pool.length.toLocaleString('en')} leads (JSON parse + fold + score + JSON stringify), ${((ms * 1000) / n).toFixed(1)} µs per event; state median ${sizes[sizes.length >> 1]} bytes, max ${sizes.at(-1)} bytes`,
  );
  const lead = leads[0] as (typeof leads)[number];
  const history = byLead.get(lead.id) ?? [];
  const one = history.slice(0, 20);
  const r0 = performance.now();
  for (let i = 0; i < 20_000; i++) model.score(lead, { events: one, asOf });
  console.log(
    `model.score(lead, { events }) with 20 events: ${(((performance.now() - r0) * 1000) / 20_000).toFixed(1)} µs per lead`,
  );
}
