// Opens the HTML board of the CDNOW data in headless Chromium (Debian's, never a downloaded browser): every
// segment and chart is there, the page logs no error, and a screenshot is saved in test/artifacts/.
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCdnow } from '../../examples/cdnow.js';
import { leadScoring } from '../../examples/lead-pipeline.js';
import { generateLeads } from '../../examples/leads.js';
import {
  definePipeline,
  drift,
  gains,
  gradeMatrix,
  rfm,
  rfmHeatmap,
  rfmSegments,
  scoreCustomers,
  summarize,
  toHtml,
} from '../../src/index.js';

const CHROMIUM = '/usr/bin/chromium';
const artifacts = fileURLToPath(new URL('../artifacts/', import.meta.url));

describe('the HTML board in a browser', () => {
  let browser: Awaited<ReturnType<typeof chromium.launch>>;
  let file: string;
  let segmentLabels: string[];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(`Chromium is needed at ${CHROMIUM}: apt-get install -y chromium`);
    const transactions = loadCdnow();
    const customers = [...new Set(transactions.map((t) => t.customerId))].map((id) => ({ id }));
    const pipeline = definePipeline({
      id: 'cdnow',
      scorers: [rfm()],
      segment: rfmSegments({ locale: 'fr' }),
    });
    const early = transactions.filter((t) => t.date <= '19971231');
    const earlyIds = new Set(early.map((t) => t.customerId));
    const before = scoreCustomers(
      customers.filter((c) => earlyIds.has(c.id)),
      pipeline,
      { asOf: '1997-12-31', transactions: early },
    );
    const after = scoreCustomers(customers, pipeline, { asOf: '1998-07-01', transactions });
    const buyers = new Set(transactions.filter((t) => t.date > '19971231').map((t) => t.customerId));
    const outcomes = before.results.map((r) => ({ id: r.id, converted: buyers.has(r.id) }));
    const summary = summarize(after);
    segmentLabels = summary.segments.map((s) => s.label);
    const html = toHtml(
      [
        summary,
        rfmHeatmap(after),
        gains(before, outcomes, { costPerContact: 1, valuePerResponse: 15 }),
        drift(before, after),
      ],
      { locale: 'fr' },
    );
    file = join(mkdtempSync(join(tmpdir(), 'scorekit-board-')), 'board.html');
    writeFileSync(file, html);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('shows every segment and chart, logs no error, and is captured', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('request', (request) => {
      if (!request.url().startsWith('file:')) problems.push(`external request: ${request.url()}`);
    });
    await page.goto(pathToFileURL(file).href);
    expect(await page.title()).toBe('Tableau de scoring: cdnow');
    for (const id of ['summary', 'heatmap', 'gains', 'drift'])
      expect(await page.locator(`section#${id}`).count()).toBe(1);
    for (const id of ['chart-segments', 'chart-histogram', 'chart-heatmap', 'chart-gains', 'chart-drift']) {
      const chart = page.locator(`svg[aria-labelledby="${id}-title"]`);
      expect(await chart.count()).toBe(1);
      const box = await chart.boundingBox();
      expect(box?.width ?? 0).toBeGreaterThan(100);
    }
    const barLabels = await page
      .locator('svg[aria-labelledby="chart-segments-title"] text.label')
      .allTextContents();
    expect(barLabels).toEqual(segmentLabels);
    expect(await page.locator('#rfm-heatmap svg rect').count()).toBe(25);
    expect(problems).toEqual([]);
    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: join(artifacts, 'board.png'), fullPage: true });
    expect(existsSync(join(artifacts, 'board.png'))).toBe(true);
  }, 120_000);

  it('shows the fit × engagement grade matrix of a lead board', async () => {
    const asOf = '2026-01-01';
    const { leads, events } = generateLeads(500, { asOf, seed: 3 });
    const run = scoreCustomers(leads, leadScoring, { asOf, events });
    const leadsFile = join(mkdtempSync(join(tmpdir(), 'scorekit-leads-')), 'leads.html');
    writeFileSync(leadsFile, toHtml([summarize(run), gradeMatrix(run)]));
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(pathToFileURL(leadsFile).href);
    expect(await page.locator('section#grades').count()).toBe(1);
    const chart = page.locator('svg[aria-labelledby="chart-grades-title"]');
    expect((await chart.boundingBox())?.width ?? 0).toBeGreaterThan(100);
    // 4 fit levels × 4 engagement levels in examples/lead-pipeline.ts.
    expect(await page.locator('#grade-matrix svg rect').count()).toBe(16);
    expect(problems).toEqual([]);
    await page.screenshot({ path: join(artifacts, 'leads-board.png'), fullPage: true });
  }, 120_000);
});
