import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { Progress, renderProgress } from '../../src/cli/progress.js';

describe('the progress line', () => {
  it('shows rows and rows per second', () => {
    expect(renderProgress({ label: 'tx.csv', rows: 1_500_000, bytes: 0, elapsedMs: 2000 })).toBe(
      'tx.csv  1,500,000 rows  750,000 rows/s',
    );
  });
  it('shows a bar, the percentage and the time left when the size is known', () => {
    // A quarter read in 10 s: 30 s left.
    expect(
      renderProgress({ label: 'tx.csv', rows: 100, bytes: 250, totalBytes: 1000, elapsedMs: 10_000 }, 120),
    ).toBe('tx.csv  [########----------------------] 25%  100 rows  10 rows/s  30s left');
    expect(
      renderProgress({ label: 'a', rows: 1, bytes: 10, totalBytes: 1000, elapsedMs: 100_000 }, 120),
    ).toContain('2h45m left');
  });
  it('fits the terminal width', () => {
    expect(renderProgress({ label: 'x'.repeat(200), rows: 1, bytes: 0, elapsedMs: 1 }, 80)).toHaveLength(80);
  });
  it('draws a full line when the terminal width is unknown or 0, never an empty one', () => {
    const state = { label: 'tx.csv', rows: 1_500_000, bytes: 0, elapsedMs: 2000 };
    expect(renderProgress(state, 0)).toBe('tx.csv  1,500,000 rows  750,000 rows/s');
    expect(renderProgress(state, Number.NaN)).toBe('tx.csv  1,500,000 rows  750,000 rows/s');
    const chunks: string[] = [];
    const tty = Object.assign(
      new Writable({
        write(chunk, _encoding, done) {
          chunks.push(String(chunk));
          done();
        },
      }),
      { isTTY: true, columns: 0 },
    ) as unknown as NodeJS.WriteStream;
    const progress = new Progress(tty);
    progress.start('a.csv');
    progress.update(2048);
    expect(chunks).toHaveLength(1);
    const line = chunks[0] ?? '';
    expect(line.startsWith('\ra.csv  2,048 rows  ')).toBe(true);
    expect(line.endsWith(' rows/s\u001b[K')).toBe(true);
  });
  it('writes nothing when the stream is not a terminal', () => {
    const chunks: string[] = [];
    const sink = Object.assign(
      new Writable({
        write(chunk, _encoding, done) {
          chunks.push(String(chunk));
          done();
        },
      }),
      { isTTY: false },
    ) as unknown as NodeJS.WriteStream;
    const silent = new Progress(sink);
    silent.start('a.csv', 100);
    silent.update(10, 50);
    silent.done();
    expect(chunks).toEqual([]);
    const loud = new Progress(sink, true);
    loud.start('a.csv', 100);
    loud.update(10, 50);
    loud.done();
    expect(chunks.join('')).toContain('a.csv  [');
  });
});
