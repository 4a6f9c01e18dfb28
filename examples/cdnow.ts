// Reads the bundled CDNOW purchase history (examples/data/CDNOW_master.txt) into plain transaction objects.
import { readFileSync } from 'node:fs';

/** One CDNOW purchase row. */
export interface CdnowTransaction {
  readonly customerId: string;
  readonly date: string;
  readonly cds: number;
  readonly amount: number;
}

/** All 69,659 CDNOW purchases, in file order. */
export function loadCdnow(path = new URL('./data/CDNOW_master.txt', import.meta.url)): CdnowTransaction[] {
  const lines = readFileSync(path, 'utf8').split(/\r?\n/).slice(1);
  const rows: CdnowTransaction[] = [];
  for (const line of lines) {
    const parts = line.trim().split(/\s+/);
    if (parts.length !== 4) continue;
    const [customerId, date, cds, amount] = parts as [string, string, string, string];
    rows.push({ customerId, date, cds: Number(cds), amount: Number(amount) });
  }
  return rows;
}
