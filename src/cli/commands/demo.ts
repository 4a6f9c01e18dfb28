import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import {
  definePipeline,
  rfm,
  rfmHeatmap,
  rfmSegments,
  scoreCustomers,
  summarize,
  toHtml,
  toMarkdown,
} from 'scorekit';
import { CliError } from '../errors.js';
import { writeOutput } from '../output.js';

/** The CDNOW purchase history shipped in the package (examples/data/CDNOW_master.txt). */
function loadCdnow(): { customerId: string; date: string; amount: number }[] {
  const url = new URL('../examples/data/CDNOW_master.txt', import.meta.url);
  let text: string;
  try {
    text = readFileSync(url, 'utf8');
  } catch {
    throw new CliError(`the bundled CDNOW data is missing (${url.pathname}); reinstall scorekit`);
  }
  const rows: { customerId: string; date: string; amount: number }[] = [];
  for (const line of text.split(/\r?\n/).slice(1)) {
    const parts = line.trim().split(/\s+/);
    if (parts.length === 4)
      rows.push({ customerId: parts[0] as string, date: parts[1] as string, amount: Number(parts[3]) });
  }
  return rows;
}

/** Runs `demo`: RFM of the 23,570 CDNOW customers, the scoring table, and the board. */
export async function runDemo(options: { out: string; locale: 'en' | 'fr' }): Promise<string> {
  const transactions = loadCdnow();
  const customers = [...new Set(transactions.map((t) => t.customerId))].map((id) => ({ id }));
  const pipeline = definePipeline({
    id: 'cdnow-rfm',
    scorers: [rfm()],
    segment: rfmSegments({ preset: 'standard', locale: options.locale }),
  });
  const run = scoreCustomers(customers, pipeline, { asOf: '1998-07-01', transactions });
  const summary = summarize(run);
  const html = toHtml([summary, rfmHeatmap(run)], {
    locale: options.locale,
    title: 'CDNOW: RFM scoring board',
  });
  await writeOutput(options.out, 'board', () => writeFile(options.out, html));
  return `CDNOW: ${transactions.length} purchases of ${customers.length} customers, as of 1998-07-01\n\n${toMarkdown(summary, { locale: options.locale })}\n\nboard written to ${options.out}`;
}
