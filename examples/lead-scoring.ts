// Lead scoring on a seeded B2B lead base: fit, engagement with decay, grades, stages with hysteresis, the
// scoring table, then a lead scored again in real time when a new event arrives (incremental state).
import { mkdirSync, writeFileSync } from 'node:fs';
import { foldEvents, gradeMatrix, scoreCustomers, summarize, toHtml, toMarkdown } from '../src/index.js';
import { leadScoring } from './lead-pipeline.js';
import { generateLeads } from './leads.js';

const asOf = '2026-01-01';
const { leads, events } = generateLeads(5000, { asOf, seed: 7 });

const started = performance.now();
const run = scoreCustomers(leads, leadScoring, { asOf, events });
const elapsed = performance.now() - started;
console.log(
  `${leads.length.toLocaleString('en')} leads, ${events.length.toLocaleString('en')} events, scored in ${elapsed.toFixed(0)} ms; ` +
    `rejected ${run.rejected.length}, bad events ${run.rejectedInputs.length}\n`,
);

const summary = summarize(run);
console.log(toMarkdown(summary));

// The grade matrix: how many leads in each cell, and in which order to call them.
const grid = gradeMatrix(run);
console.log(`\n${toMarkdown(grid)}`);

const moves = { promoted: 0, demoted: 0, stayed: 0 };
for (const r of run.results) if (r.transition) moves[r.transition.change]++;
console.log(`\nStages against the CRM's previous ones: ${JSON.stringify(moves)}`);

// The first lead to call, and why.
const top = [...run.results].sort(
  (a, b) => (a.grade?.priority ?? 99) - (b.grade?.priority ?? 99) || b.score - a.score,
)[0];
if (top) {
  console.log(
    `\nFirst to call: ${top.id}, score ${top.score.toFixed(1)}, ${top.qualification}, grade ${top.grade?.cell}`,
  );
  for (const c of top.explain) console.log(`  ${c.scorer.padEnd(10)} ${c.reason}`);
}

// Real time: a lead's stored state gets one new event; its score changes without re-reading its history.
const lead = leads.find((l) => l.id === run.results.find((r) => r.grade?.cell === 'B3')?.id) ?? leads[0];
if (lead) {
  const history = events.filter((e) => e.leadId === lead.id);
  const state = foldEvents(run.model, undefined, history);
  const before = run.model.score(lead, { state, asOf });
  const next = foldEvents(run.model, state, [
    { leadId: lead.id, type: 'form_submit', form: 'demo', at: '2026-01-01T09:30:00Z' },
  ]);
  const after = run.model.score(lead, { state: next, asOf });
  console.log(
    `\n${lead.id} requests a demo: score ${before.score.toFixed(1)} → ${after.score.toFixed(1)}, ` +
      `grade ${before.grade?.cell} → ${after.grade?.cell}, stage ${after.transition?.from} → ${after.transition?.to} (${after.transition?.change}); ` +
      `state: ${JSON.stringify(next).length} bytes for ${next.events} events`,
  );
}

const out = new URL('../out/', import.meta.url);
mkdirSync(out, { recursive: true });
const board = new URL('leads-board.html', out);
writeFileSync(board, toHtml([summary, grid], { title: 'B2B leads: scoring board' }));
console.log(`\nHTML board written to ${board.pathname}`);
