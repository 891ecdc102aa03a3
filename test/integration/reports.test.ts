import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserNotFoundError } from '../../src/errors.js';
import { SEGMENT_NAMES } from '../../src/metrics/rfm-segments.js';
import { extractPdfText, type PdfText } from '../../src/pdf/pdf-text.js';
import { SharedBrowser } from '../../src/pdf/shared-browser.js';
import { createTemplateRenderer } from '../../src/render/template-renderer.js';
import type { ReportDocument } from '../../src/report/report-artifact.js';
import { produceSegmentBriefs, produceWeeklyReport, type ReportServices } from '../../src/report/run-report.js';
import { loadFile } from '../../src/warehouse/load.js';
import { freshPostgres, type TestDatabase } from '../support/databases.js';
import { readFixture, writeTempFile } from '../support/fixtures.js';

/** Product descriptions are free text from the shop's database: these must print as text. */
const MARKUP_DESCRIPTION = '<img src=x onerror=alert(1)>';
const TEMPLATE_DESCRIPTION = '{{#each this}}MUG{{/each}} & "friends"';

describe('reports printed by real Chromium from the hand-computed fixture', () => {
  let database: TestDatabase;
  let browser: SharedBrowser;
  let weekly: ReportDocument;
  let weeklyText: PdfText;
  let briefs: ReportDocument[];
  let services: ReportServices;

  beforeAll(async () => {
    database = await freshPostgres();
    const lines = readFixture('hand-computed.csv').trimEnd();
    const extra = [
      `500015,10005,"${MARKUP_DESCRIPTION}",50,2011-03-03 10:00:00,10,101.0,United Kingdom`,
      `500015,10006,"${TEMPLATE_DESCRIPTION.replace(/"/g, '""')}",5,2011-03-03 10:00:00,4,101.0,United Kingdom`,
    ];
    await loadFile(database.db, writeTempFile('report-fixture.csv', `${lines}\n${extra.join('\n')}\n`));
    browser = new SharedBrowser(process.env.CHROME_PATH);
    services = { db: database.db, renderer: createTemplateRenderer(), browser };
    weekly = await produceWeeklyReport(services);
    weeklyText = await extractPdfText(weekly.pdf.bytes);
    briefs = await produceSegmentBriefs(services);
  });
  afterAll(async () => {
    await browser?.close();
    await database?.dispose();
  });

  it('names the weekly report after its week', () => {
    expect(weekly.pdf.fileName).toBe('weekly-report_2011-02-28.pdf');
  });

  it('prints the weekly report as a PDF of a few A4 pages', () => {
    expect(weekly.pdf.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(weeklyText.pages).toBeGreaterThanOrEqual(3);
    expect(weeklyText.pages).toBeLessThanOrEqual(10);
  });

  // The report week (Mon 28 Feb .. Sun 6 Mar) of the fixture plus the two lines above (500015, 101, 3 March):
  //   orders 500014 £30, 500011 £30, 500015 50 × £10 + 5 × £4 = £520; cancellation C500013 −£5.
  //   Net sales 30 + 30 + 520 − 5 = £575; average order value 580 / 3 = £193.33; cancellation rate 1 / 4;
  //   active customers 101, 103; no new customer. The week before: 500010 (105, £0), 105 new.
  const KPI_TILES: Record<string, [string, string, string]> = {
    sales: ['£575.00', '▲ new', '£0.00'],
    orders: ['3', '▲ +200.0%', '1'],
    averageOrderValue: ['£193.33', '▲ new', '£0.00'],
    // A rate's change is in percentage points: 0 % to 25 % is +25.0 pp (the relative change has no meaning).
    cancellationRate: ['25.0%', '▲ +25.0 pp', '0.0%'],
    activeCustomers: ['2', '▲ +100.0%', '1'],
    newCustomers: ['0', '▼ -100.0%', '1'],
  };

  it('prints each KPI tile with its hand-computed value, change and previous week', () => {
    const html = weekly.html.bytes.toString();
    for (const [name, [value, change, previous]] of Object.entries(KPI_TILES)) {
      const tile = new RegExp(`data-kpi="${name}">([\\s\\S]*?)</div>\\s*</div>`).exec(html)?.[1] ?? '';
      const text = tile.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();
      expect(text, name).toContain(`${value} ${change} vs ${previous} the week before`);
    }
  });

  it('prints the KPI values in the PDF', () => {
    const text = weeklyText.pageTexts.join(' ');
    expect(text).toContain('£575.00');
    expect(text).toContain('£193.33');
    expect(text).toContain('25.0%');
    // Tile labels are set in capitals by the stylesheet, and the PDF's text follows what is shown.
    expect(text).toContain('NET SALES');
    expect(text).toContain('CANCELLATION RATE');
  });

  it('prints every segment name and the top products', () => {
    const text = weeklyText.pageTexts.join(' ');
    for (const segment of SEGMENT_NAMES) expect(text).toContain(segment);
    expect(text).toContain('RED MUG');
  });

  it('draws every chart of the weekly report with marks', () => {
    const html = weekly.html.bytes.toString();
    const figures = [...html.matchAll(/<figure data-chart="([^"]+)">([\s\S]*?)<\/figure>/g)];
    expect(figures.map((f) => f[1]).sort()).toEqual(
      ['activeCustomers', 'cohortRetention', 'countrySales', 'invoiceAmounts', 'monthlyOrders', 'monthlySales', 'movementMatrix', 'newExisting', 'recencyFrequencyGrid', 'segmentDonut', 'topProducts'],
    );
    for (const [, name, svg] of figures) expect(svg, name).toMatch(/<path|<rect/);
  });

  it('prints a product description holding markup as text and never as markup', () => {
    const html = weekly.html.bytes.toString();
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(weeklyText.pageTexts.join(' ')).toContain(MARKUP_DESCRIPTION);
  });

  it('prints a product description holding template syntax literally', () => {
    expect(weeklyText.pageTexts.join(' ')).toContain('{{#each this}}MUG{{/each}} & "friends"');
  });

  it('writes one brief per segment, each with its customer list as CSV', () => {
    expect(briefs.map((b) => b.segment)).toEqual([...SEGMENT_NAMES]);
    for (const brief of briefs) {
      expect(brief.attachments.map((a) => a.fileName)).toEqual([brief.pdf.fileName.replace(/\.pdf$/, '.csv')]);
    }
  });

  /** Rows of a brief's CSV as objects keyed by the header (columns may be added; these must stay). */
  function csvRows(brief: ReportDocument): Record<string, string>[] {
    const [header, ...lines] = brief.attachments[0]!.bytes.toString().trimEnd().split('\r\n');
    const names = header!.split(',');
    return lines.map((line) => Object.fromEntries(line.split(',').map((value, i) => [names[i]!, value])));
  }

  it('lists exactly the segment\'s customers in each CSV', () => {
    // As in metrics.test.ts (500015 keeps 101 at r 3, f 5): 101 (3,5) and 103 (4,4) Loyal Customers,
    // 106 (5,3) Potential Loyalist, 102 (2,1) and 104 (1,2) Hibernating; 105 (monetary 0) in none.
    const expected: Record<string, string[]> = { 'Loyal Customers': ['101', '103'], 'Potential Loyalists': ['106'], Hibernating: ['102', '104'] };
    for (const brief of briefs) {
      const ids = csvRows(brief).map((row) => row.customer_id!).sort();
      expect(ids, brief.segment).toEqual(expected[brief.segment!] ?? []);
    }
  });

  it('prints a segment\'s size, action and customers in its brief', async () => {
    const loyal = briefs.find((b) => b.segment === 'Loyal Customers')!;
    const text = (await extractPdfText(loyal.pdf.bytes)).pageTexts.join(' ');
    expect(text).toContain('Campaign brief');
    // The offer of the segment's plan (its action, made concrete with its best-selling product).
    expect(text).toContain('A bulk-buy price break on');
    expect(text).toContain('101');
    expect(text).toContain('103');
    expect(loyal.pdf.fileName).toBe('segment-brief_2011-03-09_loyal-customers.pdf');
  });

  it('gives each customer\'s country, recency, frequency, monetary and scores in the CSV', () => {
    const loyal = csvRows(briefs.find((b) => b.segment === 'Loyal Customers')!);
    const pick = (row: Record<string, string>) => [row.customer_id, row.country, row.segment, row.recency_days, row.frequency, row.monetary, row.r_score, row.f_score, row.m_score];
    // 101: last order 3 March (6 days before 9 March), 4 orders, 40 + 30 + 30 + 520; 103: 4 March, 2 orders, 50 + 30.
    // m over (monetary, id): 106 10, 104 24, 103 80, 102 229.50, 101 620.
    expect(loyal.map(pick).sort((a, b) => a[0]!.localeCompare(b[0]!))).toEqual([
      ['101', 'United Kingdom', 'Loyal Customers', '6', '4', '620.00', '3', '5', '5'],
      ['103', 'Germany', 'Loyal Customers', '5', '2', '80.00', '4', '4', '3'],
    ]);
  });

  it('reproduces the same PDF, byte for byte, when a period is printed again', async () => {
    const again = await produceWeeklyReport(services);
    expect(again.pdf.bytes.equals(weekly.pdf.bytes)).toBe(true);
  });

  it('dates the PDF with the report\'s as-of, not the print time', () => {
    expect(weekly.pdf.bytes.toString('latin1')).toContain("/CreationDate (D:20110309000000+00'00')");
  });

  it('prints a week without sales with a sentence where the product chart would be', async () => {
    // Six weeks after the last invoice: the four-week product window is empty.
    const quiet = await produceWeeklyReport(services, '2011-04-20T00:00:00');
    const html = quiet.html.bytes.toString();
    expect(html).not.toContain('data-chart="topProducts"');
    expect(html).toContain('No merchandise sold in this period.');
    expect((await extractPdfText(quiet.pdf.bytes)).pageTexts.join(' ')).toContain('No merchandise sold in this period.');
  });

  it('prints an empty segment\'s brief without charts, saying there is nothing to send', async () => {
    const champions = briefs.find((b) => b.segment === 'Champions')!;
    expect(champions.html.bytes.toString()).not.toContain('<figure');
    expect((await extractPdfText(champions.pdf.bytes)).pageTexts.join(' ')).toContain('No customer falls in this segment');
  });
});

describe('printing without Chromium', () => {
  it('says how to install it instead of failing with a stack trace', () => {
    expect(() => new SharedBrowser('/nonexistent/chromium')).toThrow(BrowserNotFoundError);
    expect(() => new SharedBrowser('/nonexistent/chromium')).toThrow(/apt-get install -y chromium/);
  });
});
