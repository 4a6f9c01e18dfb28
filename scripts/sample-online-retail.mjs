// Makes examples/data/online-retail-sample.csv from the full UCI Online Retail export in ../shared/data:
// every line of 1 customer in 40 (chosen by a hash of the id, so the sample is the same on every run) and
// 1 line in 40 of the lines without a customer id, in the original order, header kept, no value changed.
// Run: node scripts/sample-online-retail.mjs [path/to/online_retail.csv]
import { createReadStream, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

const source =
  process.argv[2] ?? new URL('../../shared/data/online-retail/online_retail.csv', import.meta.url);
const out = new URL('../examples/data/online-retail-sample.csv', import.meta.url);

function fnv1a(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

function customerOf(line) {
  // CustomerID is the 7th field; Description (3rd) may be quoted with commas, so split with quotes in mind.
  const fields = [];
  let field = '';
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (ch === ',' && !quoted) {
      fields.push(field);
      field = '';
    } else field += ch;
  }
  fields.push(field);
  return fields[6] ?? '';
}

const lines = [];
let header = null;
let anonymous = 0;
for await (const line of createInterface({
  input: createReadStream(source),
  crlfDelay: Number.POSITIVE_INFINITY,
})) {
  if (header === null) {
    header = line;
    continue;
  }
  const customer = customerOf(line);
  if (customer === '') {
    if (anonymous++ % 40 === 0) lines.push(line);
  } else if (fnv1a(customer) % 40 === 0) lines.push(line);
}
writeFileSync(out, `${[header, ...lines].join('\n')}\n`);
console.log(`wrote ${lines.length} lines to ${out.pathname}`);
