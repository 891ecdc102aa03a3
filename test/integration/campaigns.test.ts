import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { campaignResults } from '../../src/campaigns/campaign-results.js';
import { openCampaign } from '../../src/campaigns/open-campaign.js';
import { collectMetrics } from '../../src/metrics/collect-metrics.js';
import { customersCsv } from '../../src/report/customer-csv.js';
import { briefCustomers, briefView, collectSegmentBriefData } from '../../src/report/segment-brief.js';
import type { MetricsReport } from '../../src/metrics/metrics-report.js';
import { loadFile } from '../../src/warehouse/load.js';
import { ENGINES, freshPostgres, type TestDatabase } from '../support/databases.js';
import { fixturePath, writeTempFile } from '../support/fixtures.js';

/**
 * Segment movement, cohort retention and campaign response on test/fixtures/campaign-movement.csv, every
 * figure worked out by hand from the definitions (docs/metrics.md). One line = one order invoice of
 * quantity × price:
 *
 *   customer  orders before D0 = 2011-02-01          in Feb (before D1 = 2011-03-01)   monetary at D1
 *   101       1 Dec 10, 20 Jan 10                     —                                20
 *   102       5 Dec 10, 20 Dec 10, 5 Jan 10           —                                30
 *   103       10 Dec 10                               20 Feb 15                        25
 *   104       25 Jan 10                               10 Feb 20                        30
 *   105       2 Dec, 15 Dec, 10 Jan, 28 Jan, 25 each  —                                100
 *   106       —                                       25 Feb 5 × 2.50                  12.50
 *
 * At D0 (5 customers, one per tile): recency 103 53 d, 102 27, 101 12, 104 7, 105 4 → r = 1, 2, 3, 4, 5;
 * frequency 103 1, 104 1, 101 2, 102 3, 105 4 → f = 1, 2, 3, 4, 5 (ties by customer id).
 *   103 (1,1) Hibernating; 102 (2,4) At Risk; 101 (3,3) Need Attention; 104 (4,2) Potential Loyalists;
 *   105 (5,5) Champions.
 * At D1 (6 customers: NTILE(5) gives the first tile two): recency 102 55, 101 40, 105 32, 104 19, 103 9,
 * 106 4 → r = 1, 1, 2, 3, 4, 5; frequency 106 1, 101 2, 103 2, 104 2, 102 3, 105 4 → f = 1, 1, 2, 3, 4, 5.
 *   101 (1,1) Hibernating; 102 (1,4) At Risk; 103 (4,2) Potential Loyalists; 104 (3,3) Need Attention;
 *   105 (2,5) Can't Lose; 106 (5,1) New Customers.
 */
const FIXTURE = fixturePath('campaign-movement.csv');
const D1 = '2011-03-01T00:00:00';

describe.each(Object.entries(ENGINES))('segment movement and cohorts of the campaign fixture on %s', (_engine, open) => {
  let database: TestDatabase;
  let report: MetricsReport;

  beforeAll(async () => {
    database = await open();
    await loadFile(database.db, FIXTURE);
    report = await collectMetrics(database.db, D1);
  });
  afterAll(() => database?.dispose());

  it('compares the as-of with 28 days before', () => {
    expect(report.movement).toMatchObject({ from: '2011-02-01T00:00:00', to: D1 });
  });

  it('counts customers and their D1 monetary per (segment at D0 or "(new)", segment at D1)', () => {
    const cells = [...report.movement.cells].sort((a, b) => a.from.localeCompare(b.from));
    expect(cells).toEqual([
      { from: '(new)', to: 'New Customers', customers: 1, monetary: 12.5 },
      { from: 'At Risk', to: 'At Risk', customers: 1, monetary: 30 },
      { from: 'Champions', to: "Can't Lose", customers: 1, monetary: 100 },
      { from: 'Hibernating', to: 'Potential Loyalists', customers: 1, monetary: 25 },
      { from: 'Need Attention', to: 'Hibernating', customers: 1, monetary: 20 },
      { from: 'Potential Loyalists', to: 'Need Attention', customers: 1, monetary: 30 },
    ]);
  });

  it('counts who entered each segment: in it at D1, elsewhere (or unscored) at D0', () => {
    const entered = Object.fromEntries(report.movement.entered.map((e) => [e.segment, [e.customers, e.monetary]]));
    expect(entered).toEqual({
      Champions: [0, 0], 'Loyal Customers': [0, 0], 'Potential Loyalists': [1, 25], 'New Customers': [1, 12.5], Promising: [0, 0],
      'Need Attention': [1, 30], 'About to Sleep': [0, 0], 'At Risk': [0, 0], "Can't Lose": [1, 100], Hibernating: [1, 20],
    });
  });

  it('gives each first-order month its retention by months since, the last month flagged partial', () => {
    // Dec 2010: 101, 102, 103, 105; in Jan 101, 102, 105 ordered (3/4), in Feb only 103 (1/4).
    // Jan 2011: 104, who ordered again in Feb. Feb 2011: 106. Data end 26 Feb: February is partial.
    expect(report.cohorts).toEqual([
      { cohort: '2010-12', customers: 4, retention: [
        { monthsSince: 0, customers: 4, rate: 1, partial: false },
        { monthsSince: 1, customers: 3, rate: 0.75, partial: false },
        { monthsSince: 2, customers: 1, rate: 0.25, partial: true },
      ] },
      { cohort: '2011-01', customers: 1, retention: [
        { monthsSince: 0, customers: 1, rate: 1, partial: false },
        { monthsSince: 1, customers: 1, rate: 1, partial: true },
      ] },
      { cohort: '2011-02', customers: 1, retention: [{ monthsSince: 0, customers: 1, rate: 1, partial: true }] },
    ]);
  });
});

describe('campaigns of the campaign fixture', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await freshPostgres();
    await loadFile(database.db, FIXTURE);
  });
  afterAll(() => database?.dispose());

  /**
   * A campaign at D1 with a 28-day window [1 Mar, 29 Mar) whose groups are set by hand: target 101, 102, 103;
   * hold-out 104, 105. In the window: 101 orders 40 (and an adjustment of −100, left out); 102 orders 30 and
   * cancels 10; 103 orders only on 29 Mar (after the window); 104 cancels 5; 105 orders 50 at 23:00 on 28 Mar.
   *   target:  3 customers, 2 converted (2/3), net 40 + 20 = 60 → £20.00 per customer
   *   hold-out: 2 customers, 1 converted (1/2), net −5 + 50 = 45 → £22.50 per customer
   *   uplift 2/3 − 1/2 = 16.667 pp; ± 1.96·√((2/3·1/3)/3 + (1/2·1/2)/2) = 1.96·0.446177 = 87.451 pp
   */
  async function handMadeCampaign(): Promise<number> {
    const [row] = await database.db.query<{ campaign_id: number }>(
      "INSERT INTO campaign (segment, as_of, holdout_share, window_days) VALUES ('Test', $1, 0.4, 28) RETURNING campaign_id",
      [D1],
    );
    await database.db.query(
      "INSERT INTO campaign_member (campaign_id, customer_id, member_group, entered) SELECT $1, id, CASE WHEN id >= 104 THEN 'holdout' ELSE 'target' END, false FROM unnest(ARRAY[101, 102, 103, 104, 105]) AS id",
      [row!.campaign_id],
    );
    return row!.campaign_id;
  }

  it('measures conversion, net sales per customer and the uplift with its 95% interval once the window has closed', async () => {
    const id = await handMadeCampaign();
    const results = await campaignResults(database.db, '2011-04-01T00:00:00');
    const result = results.campaigns.find((c) => c.campaignId === id)!;
    expect(result).toMatchObject({ status: 'closed', windowEnd: '2011-03-29T00:00:00' });
    expect(result.target).toEqual({ customers: 3, converted: 2, netSales: 60, conversion: 2 / 3, netSalesPerCustomer: 20 });
    expect(result.holdout).toEqual({ customers: 2, converted: 1, netSales: 45, conversion: 0.5, netSalesPerCustomer: 22.5 });
    expect(result.uplift!.points).toBeCloseTo(16.6667, 3);
    expect(result.uplift!.low).toBeCloseTo(16.6667 - 87.4507, 3);
    expect(result.uplift!.high).toBeCloseTo(16.6667 + 87.4507, 3);
    expect(result.uplift).toMatchObject({ includesZero: true, reliable: false });
    await database.db.query('DELETE FROM campaign WHERE campaign_id = $1', [id]);
  });

  it("holds a closed window's results back while the data does not reach its end, and gives them once a load does", async () => {
    // A campaign of 8 Mar: window [8 Mar, 5 Apr). The fixture's latest invoice is 29 Mar 10:00, 6 days and
    // 14 hours before the window's end (tolerance 72 hours): measured now, every customer would count as
    // not converted. An order of 4 Apr 12:00 brings the data to 36 hours before the end.
    const own = await freshPostgres();
    try {
      await loadFile(own.db, FIXTURE);
      const [row] = await own.db.query<{ campaign_id: number }>(
        "INSERT INTO campaign (segment, as_of, holdout_share, window_days) VALUES ('Test', '2011-03-08', 0.4, 28) RETURNING campaign_id",
      );
      await own.db.query("INSERT INTO campaign_member (campaign_id, customer_id, member_group, entered) VALUES ($1, 101, 'target', false), ($1, 104, 'holdout', false)", [row!.campaign_id]);
      const before = (await campaignResults(own.db, '2011-04-10T00:00:00')).campaigns[0]!;
      expect(before).toMatchObject({ status: 'awaiting data', windowEnd: '2011-04-05T00:00:00', dataEndsAt: '2011-03-29T10:00:00' });
      expect(before.target).toBeUndefined();
      const april = ['Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country', '990010,85123A,WHITE HANGING HEART T-LIGHT HOLDER,4,2011-04-04 12:00:00,2.50,101.0,United Kingdom'];
      await loadFile(own.db, writeTempFile('april.csv', april.join('\n') + '\n'));
      const after = (await campaignResults(own.db, '2011-04-10T00:00:00')).campaigns[0]!;
      expect(after).toMatchObject({ status: 'closed', target: { customers: 1, converted: 1, netSales: 10 }, holdout: { customers: 1, converted: 0 } });
    } finally {
      await own.dispose();
    }
  });

  it('reports no result while the window is open', async () => {
    const id = await handMadeCampaign();
    const result = (await campaignResults(database.db, '2011-03-28T00:00:00')).campaigns.find((c) => c.campaignId === id)!;
    expect(result.status).toBe('open');
    expect(result.target).toBeUndefined();
    await database.db.query('DELETE FROM campaign WHERE campaign_id = $1', [id]);
  });

  it('makes a brief\'s campaign once: a re-print gets the same campaign, share and stored groups', async () => {
    const members = [101, 102, 103, 104, 105, 106].map((customerId) => ({ customerId, entered: customerId === 106 }));
    const first = await openCampaign(database.db, { name: 'Champions', slug: 'champions' }, D1, members, { holdoutShare: 0.5 });
    const again = await openCampaign(database.db, { name: 'Champions', slug: 'champions' }, D1, members, { holdoutShare: 0.1 });
    expect(again.campaignId).toBe(first.campaignId);
    expect(again.holdoutShare).toBe(0.5);
    expect([...again.groups]).toEqual([...first.groups]);
    expect(first.target + first.holdout).toBe(6);
    const [stored] = await database.db.query<{ campaigns: number; members: number; entered: number }>(
      "SELECT count(DISTINCT c.campaign_id)::int AS campaigns, count(*)::int AS members, count(*) FILTER (WHERE m.entered)::int AS entered FROM campaign c JOIN campaign_member m USING (campaign_id) WHERE c.segment = 'Champions'",
    );
    expect(stored).toEqual({ campaigns: 1, members: 6, entered: 1 });
  });

  it('makes concurrent prints of one brief one campaign', async () => {
    const members = [101, 102, 103].map((customerId) => ({ customerId, entered: false }));
    const prints = await Promise.all([1, 2, 3, 4].map(() => openCampaign(database.db, { name: 'At Risk', slug: 'at-risk' }, D1, members)));
    expect(new Set(prints.map((p) => p.campaignId)).size).toBe(1);
    const [stored] = await database.db.query<{ members: number }>(
      "SELECT count(*)::int AS members FROM campaign_member JOIN campaign USING (campaign_id) WHERE segment = 'At Risk'",
    );
    expect(stored!.members).toBe(3);
  });

  it('lists only target customers as whom to contact, and marks the held-out and entered ones in the CSV', async () => {
    // Need Attention at D1 is customer 104 alone (from Potential Loyalists: entered). 104's draw in this
    // campaign is 0.972 (SHA-256 of "need-attention@2011-03-01T00:00:00" NUL "104"), so a 99 % hold-out
    // holds it out and no one is left to call.
    const data = await collectSegmentBriefData(database.db, D1);
    const members = briefCustomers(data, 'Need Attention', undefined).map((m) => ({ customerId: m.customer_id, entered: m.entered }));
    expect(members).toEqual([{ customerId: 104, entered: true }]);
    const campaign = await openCampaign(database.db, { name: 'Need Attention', slug: 'need-attention' }, D1, members, { holdoutShare: 0.99 });
    expect(campaign.groups.get(104)).toBe('holdout');
    const view = briefView(data, 'Need Attention', {}, 'brief.csv', campaign);
    expect(view.topCustomers).toEqual([]);
    expect(view.entered.customers).toBe(1);
    expect(customersCsv(briefCustomers(data, 'Need Attention', campaign)).split('\r\n')[1]).toMatch(/^104,.*,true,holdout$/);
  });
});
