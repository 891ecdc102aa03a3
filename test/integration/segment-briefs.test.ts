import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectBriefCampaignData } from '../../src/campaigns/brief-campaign-data.js';
import { segmentGrid } from '../../src/metrics/rfm-segments.js';
import { segmentCountries, segmentProducts } from '../../src/queries/report-queries.js';
import { createTemplateRenderer } from '../../src/render/template-renderer.js';
import { briefView, collectSegmentBriefData, type SegmentBriefData } from '../../src/report/segment-brief.js';
import { loadFile } from '../../src/warehouse/load.js';
import { freshPostgres, type TestDatabase } from '../support/databases.js';
import { HAND_COMPUTED } from '../support/fixtures.js';

/**
 * What each segment buys and where it is, and whom to contact first, on test/fixtures/hand-computed.csv at
 * its default as-of 2011-03-09 (segments as in metrics.test.ts: 101 and 103 Loyal Customers, 106 Potential
 * Loyalists, 102 and 104 Hibernating; 105 has monetary 0 and is in none).
 *
 * Merchandise lines of segment customers (postage and the adjustment left out):
 *   101: 500001 RED MUG 10 × 2.50, BLUE MUG 5 × 3 (1 Jan); 500007 GIFT BOX 6 × 5 (2 Feb); 500014 BLUE MUG 10 × 3 (1 Mar)
 *   103: 500002 RED MUG 20 × 2.50 (5 Jan); C500004 RED MUG −4 × 2.50 (12 Jan); 500011 RED MUG 12 × 2.50 (4 Mar)
 *   102: 500008 RED MUG 100 × 2.10, JUMBO BAG 10 × 1.95 (14 Feb); C500009 JUMBO BAG −2 × 1.95 (15 Feb)
 *   104: 500006 BLUE MUG 2 × 3 (20 Jan; its POST line is not merchandise)      106: 500012 GIFT BOX 2 × 5 (8 Mar)
 */
const AS_OF = '2011-03-09T00:00:00';
const FIRST_DAY = '2011-01-01T00:00:00';

let database: TestDatabase;
beforeAll(async () => {
  database = await freshPostgres();
  await loadFile(database.db, HAND_COMPUTED);
});
afterAll(() => database?.dispose());

describe('what each segment buys', () => {
  it('sums net quantity, net sales and buyers per product over the segment\'s customers, largest sales first', async () => {
    const rows = await segmentProducts(database.db, AS_OF, segmentGrid(), FIRST_DAY, 10);
    expect(rows.map((r) => [r.segment, r.description, r.quantity, r.sales, r.buyers, r.sales_rank])).toEqual([
      ['Hibernating', 'RED MUG', 100, 210, 1, 1],
      ['Hibernating', 'JUMBO BAG, "VINTAGE"', 8, 15.6, 1, 2],
      ['Hibernating', 'BLUE MUG', 2, 6, 1, 3],
      // RED MUG 25 + 50 − 10 + 30 from 101 and 103; BLUE MUG 15 + 30; GIFT BOX 30.
      ['Loyal Customers', 'RED MUG', 38, 95, 2, 1],
      ['Loyal Customers', 'BLUE MUG', 15, 45, 1, 2],
      ['Loyal Customers', 'GIFT BOX', 6, 30, 1, 3],
      ['Potential Loyalists', 'GIFT BOX', 2, 10, 1, 1],
    ]);
  });

  it('reads only the period asked for, breaks ties in sales by stock code and keeps the list length', async () => {
    // From 1 February, Loyal Customers bought GIFT BOX £30 (10003), BLUE MUG £30 (10002), RED MUG £30 (10001).
    const rows = await segmentProducts(database.db, AS_OF, segmentGrid(), '2011-02-01T00:00:00', 2);
    expect(rows.filter((r) => r.segment === 'Loyal Customers').map((r) => [r.stock_code, r.quantity, r.sales])).toEqual([
      ['10001', 12, 30],
      ['10002', 10, 30],
    ]);
  });

  it('leaves out what was bought at or after the as-of', async () => {
    // As of 2011-03-04T10:00, the instant of 103's third order (500011, 12 RED MUG), with four customers scored:
    // r 103→1 104→2 102→3 101→4, f 102→1 103→2 104→3 101→4, so 103 (1,2) is Hibernating on its own.
    const rows = await segmentProducts(database.db, '2011-03-04T10:00:00', segmentGrid(), FIRST_DAY, 10);
    expect(rows.filter((r) => r.segment === 'Hibernating').map((r) => [r.description, r.quantity, r.sales])).toEqual([['RED MUG', 16, 40]]);
    expect(rows.some((r) => r.description === 'GIFT BOX' && r.quantity === 2)).toBe(false);
  });
});

describe('where each segment is', () => {
  it('counts customers and sums their monetary value per segment and country', async () => {
    // Monetary counts orders only: 103 is 50 + 30 (its cancellation does not reduce it).
    expect((await segmentCountries(database.db, AS_OF, segmentGrid())).map((r) => [r.segment, r.country, r.customers, r.monetary])).toEqual([
      ['Hibernating', 'France', 1, 229.5],
      ['Hibernating', 'United Kingdom', 1, 24],
      ['Loyal Customers', 'United Kingdom', 1, 100],
      ['Loyal Customers', 'Germany', 1, 80],
      ['Potential Loyalists', 'United Kingdom', 1, 10],
    ]);
  });
});

describe('whom a brief says to contact first', () => {
  let data: SegmentBriefData;
  beforeAll(async () => {
    // Stored scores chosen by hand (the fixture is too small to learn from): the brief reads what is stored.
    await database.db.query(
      `INSERT INTO customer_prediction (as_of, customer_id, order_probability_90d, expected_spend_12m, model)
       VALUES ($1, 101, 0.9, 120, 'hand'), ($1, 103, 0.25, 40, 'hand'), ($1, 102, 0.5, 0, 'hand'), ($1, 104, 0.1, 5, 'hand')`,
      [AS_OF],
    );
    // Reports read the scores of the prediction run in force (issue 13), so the hand-made scores get one.
    await database.db.query("INSERT INTO prediction_run (as_of, model, spend_method, spend_note) VALUES ($1, 'hand', 'model', 'scores chosen by hand')", [AS_OF]);
    data = await collectSegmentBriefData(database.db, AS_OF);
  });

  it('ranks the segment\'s customers by revenue at risk: revenue to date × (1 − chance of ordering)', () => {
    // 103: 80 × 0.75 = 60; 101: 100 × 0.1 = 10.
    const loyal = briefView(data, 'Loyal Customers', {}, 'loyal.csv');
    expect(loyal.predicted).toBe(true);
    expect(loyal.contactFirst.map((c) => [c.customerId, c.monetary, c.probability, c.expectedSpend])).toEqual([
      [103, 80, 0.25, 40],
      [101, 100, 0.9, 120],
    ]);
    expect(loyal.contactFirst[0]!.valueAtRisk).toBeCloseTo(60, 10);
    expect(loyal.contactFirst[1]!.valueAtRisk).toBeCloseTo(10, 10);
  });

  it('prints the figures in the brief', () => {
    const html = createTemplateRenderer().render('segment-brief', briefView(data, 'Hibernating', {}, 'hibernating.csv'));
    // 102: 229.50 × 0.5 = 114.75; 104: 24 × 0.9 = 21.60.
    const section = /data-section="contact-first">([\s\S]*?)<\/section>/.exec(html)![1]!;
    const rows = [...section.matchAll(/<tr><td>(\d+)<\/td>(.*?)<\/tr>/g)].map((m) => [m[1], ...[...m[2]!.matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((cell) => cell[1])]);
    expect(rows).toEqual([
      ['102', 'France', '£229.50', '50.0%', '£0.00', '£114.75'],
      ['104', 'United Kingdom', '£24.00', '10.0%', '£5.00', '£21.60'],
    ]);
  });

  it('lists the segment\'s products and countries in its view', () => {
    const hibernating = briefView(data, 'Hibernating', {}, 'hibernating.csv');
    expect(hibernating.products.map((p) => p.description)).toEqual(['RED MUG', 'JUMBO BAG, "VINTAGE"', 'BLUE MUG']);
    expect(hibernating.countries.map((c) => c.country)).toEqual(['France', 'United Kingdom']);
    expect(hibernating.productPeriod).toBe(briefView(data, 'Loyal Customers', {}, 'x.csv').productPeriod);
  });
});

describe('what a brief\'s campaign features', () => {
  it('reads the year only for the segments whose 90 days are too thin to feature, and pairs only on the period each features', async () => {
    // No product of the fixture has five buyers in a segment: every segment features its last 365 days.
    const campaign = await collectBriefCampaignData(database.db, AS_OF, segmentGrid());
    expect(campaign.recent.pairs).toEqual([]);
    expect(new Set(campaign.fallback.products.map((p) => p.segment))).toEqual(new Set(['Hibernating', 'Loyal Customers', 'Potential Loyalists']));
    expect(campaign.fallback.pairs.map((p) => [p.segment, p.first_code, p.second_code, p.invoices])).toEqual([
      ['Hibernating', '10001', '10004', 1],
      ['Loyal Customers', '10001', '10002', 1],
    ]);
  });
});

