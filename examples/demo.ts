// npm run demo: scores the 23,570 real CDNOW customers with RFM and the standard segments, as of the day after
// the last purchase, prints the scoring table and writes the HTML board.
import { mkdirSync, writeFileSync } from 'node:fs';
import {
  definePipeline,
  rfm,
  rfmHeatmap,
  rfmSegments,
  scoreCustomers,
  summarize,
  toHtml,
  toMarkdown,
} from '../src/index.js';
import { loadCdnow } from './cdnow.js';

const transactions = loadCdnow();
const customers = [...new Set(transactions.map((t) => t.customerId))].map((id) => ({ id }));

const pipeline = definePipeline({
  id: 'cdnow-rfm',
  description: 'RFM of the CDNOW 1997 Q1 cohort, standard segments',
  scorers: [
    rfm({
      customerKey: 'customerId',
      dateKey: 'date',
      amountKey: 'amount',
      frequency: 'transactions',
      bins: 5,
    }),
  ],
  segment: rfmSegments({ preset: 'standard', locale: 'en' }),
});

const started = performance.now();
const run = scoreCustomers(customers, pipeline, { asOf: '1998-07-01', transactions });
const elapsed = performance.now() - started;

console.log(
  `CDNOW: ${transactions.length.toLocaleString('en')} purchases of ${customers.length.toLocaleString('en')} customers, scored in ${elapsed.toFixed(0)} ms`,
);
console.log(
  `scored ${run.results.length}, rejected ${run.rejected.length}, bad purchase rows ${run.rejectedInputs.length}\n`,
);
const summary = summarize(run);
console.log(toMarkdown(summary));

const out = new URL('../out/', import.meta.url);
mkdirSync(out, { recursive: true });
const board = new URL('cdnow-board.html', out);
writeFileSync(board, toHtml([summary, rfmHeatmap(run)], { title: 'CDNOW customers: RFM scoring board' }));
console.log(`\nHTML board written to ${board.pathname}`);
