import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectBriefRecommendations, mostRecommended, recommendedCodes } from '../../src/recommend/brief-recommendations.js';
import { backtestRecommendations } from '../../src/recommend/recommendation-backtest.js';
import { recommendProducts } from '../../src/recommend/recommend-customers.js';
import type { SegmentName } from '../../src/metrics/rfm-segments.js';
import { createTemplateRenderer } from '../../src/render/template-renderer.js';
import { customersCsv } from '../../src/report/customer-csv.js';
import { briefView, collectSegmentBriefData, segmentCustomers } from '../../src/report/segment-brief.js';
import { loadFile } from '../../src/warehouse/load.js';
import { runCli } from '../support/cli.js';
import { freshPostgres, type TestDatabase } from '../support/databases.js';
import { fixturePath } from '../support/fixtures.js';

/**
 * test/fixtures/recommend.csv, cut-off 2011-03-01. Before it: mug shops 201 (red, blue mugs), 202 and 203
 * (red, blue, green mugs; 203 also postage); home-goods shops 204–206 (heart 10001, cakestand 10002, bag
 * 10003, bunting 10004), 207 (heart only); 208 bought a red mug in February 2010, more than 365 days before.
 * Buyers in the 90 days before: heart 4; cakestand, bag, bunting, red and blue mug 3; green mug 2.
 *
 * Recommendations (3 each), model / popularity baseline:
 *   201: green mug (its alike mug shops bought it), heart, cakestand / heart, cakestand, bag
 *   202, 203: heart, cakestand, bag (both)      204–206: red, blue, green mug (both)
 *   207: cakestand, bag, bunting (both)
 * After the cut-off: 201 green mug (hit for the model only), 202 heart (hit), 203 green mug again (owned:
 * no hit), 204 red mug (hit), 206 red mug at 23:59 on the 90th day (hit), 205 red mug at the 90th day's
 * end, 2011-05-30 00:00 (outside the horizon), 207 a cancellation (not an order), 208 heart (not in the
 * population). Population: 201–207 (7). Hits: model 4 (201, 202, 204, 206), baseline 3.
 */
const CUTOFF = '2011-03-01T00:00:00';
let database: TestDatabase;
beforeAll(async () => {
  database = await freshPostgres();
  await loadFile(database.db, fixturePath('recommend.csv'));
});
afterAll(() => database.dispose());

const stored = async (db: TestDatabase['db'], asOf: string) =>
  db.query<{ customer_id: number; codes: string }>(
    "SELECT customer_id, string_agg(stock_code, '|' ORDER BY rank) AS codes FROM product_recommendation WHERE as_of = $1::timestamp GROUP BY customer_id ORDER BY customer_id",
    [asOf],
  );

describe('recommendation back-test on a hand-built fixture', () => {
  it('counts as hits only the population customers who order a recommended product within 90 days', async () => {
    const result = await backtestRecommendations(database.db, CUTOFF);
    expect({ customers: result.customers, hits: result.hits, hitRate: result.hitRate }).toEqual({ customers: 7, hits: 4, hitRate: 4 / 7 });
    expect(result.popularityBaseline).toEqual({ customers: 7, hits: 3, hitRate: 3 / 7 });
    expect(result.lift).toBeCloseTo(4 / 3, 12);
    // 201, 202, 203, 204, 206 ordered merchandise in the horizon.
    expect(result.orderedInHorizon).toBe(5);
  });

  it('prints hitRate and popularityBaseline.hitRate with lgs recommend backtest --json', async () => {
    const run = await runCli(['recommend', 'backtest', '--cutoff', '2011-03-01', '--json'], { DATABASE_URL: database.location });
    expect(run.stderr).toBe('');
    const result = JSON.parse(run.stdout) as { hitRate: number; popularityBaseline: { hitRate: number } };
    expect(result.hitRate).toBeCloseTo(4 / 7, 12);
    expect(result.popularityBaseline.hitRate).toBeCloseTo(3 / 7, 12);
  });
});

describe('stored recommendations', () => {
  it('stores three products for every customer with an order before the as-of, best first', async () => {
    const summary = await recommendProducts(database.db, CUTOFF);
    expect(summary.customers).toBe(8);
    expect(await stored(database.db, CUTOFF)).toEqual([
      { customer_id: 201, codes: '20003|10001|10002' },
      { customer_id: 202, codes: '10001|10002|10003' },
      { customer_id: 203, codes: '10001|10002|10003' },
      { customer_id: 204, codes: '20001|20002|20003' },
      { customer_id: 205, codes: '20001|20002|20003' },
      { customer_id: 206, codes: '20001|20002|20003' },
      { customer_id: 207, codes: '10002|10003|10004' },
      // 208 bought a red mug in 2010: the mug shops alike to it bought blue (3 of them) and green (2) mugs.
      { customer_id: 208, codes: '20002|20003|10001' },
    ]);
  });

  it('replaces the set of the same as-of when run again', async () => {
    await recommendProducts(database.db, CUTOFF);
    await recommendProducts(database.db, CUTOFF);
    const [count] = await database.db.query<{ n: number }>('SELECT count(*)::int AS n FROM product_recommendation WHERE as_of = $1::timestamp', [CUTOFF]);
    expect(count!.n).toBe(24);
  });

  it('gives a report the set as it is when no order came after it', async () => {
    await recommendProducts(database.db, CUTOFF);
    const brief = await collectBriefRecommendations(database.db, CUTOFF);
    expect(brief.learntAt).toBe(CUTOFF);
    expect(brief.staleness).toBeNull();
    expect(recommendedCodes(brief).get(201)).toEqual(['20003', '10001', '10002']);
  });

  it('tells a later report that the set is older than its data, and leaves out products ordered since', async () => {
    await recommendProducts(database.db, CUTOFF);
    const brief = await collectBriefRecommendations(database.db, '2011-06-01T00:00:00');
    expect(brief.learntAt).toBe(CUTOFF);
    expect(brief.staleness).toContain('learnt from the orders before 2011-03-01');
    expect(brief.staleness).toContain('lgs recommend --as-of 2011-06-01');
    // 201 ordered the green mug on 2011-03-10; 204 and 205 the red mug; 207 only cancelled a cakestand.
    const codes = recommendedCodes(brief);
    expect(codes.get(201)).toEqual(['10001', '10002']);
    expect(codes.get(204)).toEqual(['20002', '20003']);
    expect(codes.get(205)).toEqual(['20002', '20003']);
    expect(codes.get(207)).toEqual(['10002', '10003', '10004']);
  });

  it('lists the products most recommended to a group of customers with their descriptions', async () => {
    await recommendProducts(database.db, CUTOFF);
    const brief = await collectBriefRecommendations(database.db, CUTOFF);
    expect(mostRecommended(brief, [201, 202, 207], 2)).toEqual([
      // Cakestand: to all three; heart: to 201 and 202, first choice of 202.
      { stockCode: '10002', description: 'REGENCY CAKESTAND 3 TIER', customers: 3, firstChoice: 1 },
      { stockCode: '10001', description: 'WHITE HANGING HEART T-LIGHT HOLDER', customers: 2, firstChoice: 1 },
    ]);
  });

  it('says so when no recommendations are stored for the as-of or before', async () => {
    const brief = await collectBriefRecommendations(database.db, '2011-01-01T00:00:00');
    expect(brief).toEqual({ learntAt: null, staleness: 'No recommendations are stored for 2011-01-01: run lgs recommend --as-of 2011-01-01.', rows: [] });
  });
});

describe('recommendations in the segment brief', () => {
  it("puts each customer's stored products in the CSV and the segment's most recommended in the brief", async () => {
    await recommendProducts(database.db, CUTOFF);
    const data = await collectSegmentBriefData(database.db, CUTOFF);
    const segment = data.customers.find((c) => c.customer_id === 201)!.segment as SegmentName;
    const csv = customersCsv(segmentCustomers(data, segment)).split('\r\n');
    expect(csv[0]).toMatch(/,recommended_products$/);
    expect(csv.find((line) => line.startsWith('201,'))).toMatch(/,20003\|10001\|10002$/);
    const html = createTemplateRenderer().render('segment-brief', briefView(data, segment, {}, 'brief.csv'));
    expect(html).toContain('What to offer them next');
    expect(html).toContain('GREEN MUG');
    expect(html).not.toContain('do not reflect');
  });
});

describe('learning only from orders before the as-of', () => {
  it('recommends the same after lines dated at or after the as-of are loaded', async () => {
    const own = await freshPostgres();
    try {
      await loadFile(own.db, fixturePath('recommend.csv'));
      await recommendProducts(own.db, CUTOFF);
      const before = await stored(own.db, CUTOFF);
      const backtestBefore = await backtestRecommendations(own.db, CUTOFF);
      // Lines at 2011-03-01 00:00 exactly and later: 201 buys bunting, new customer 209, 207 buys mugs.
      await loadFile(own.db, fixturePath('recommend-later.csv'));
      await recommendProducts(own.db, CUTOFF);
      expect(await stored(own.db, CUTOFF)).toEqual(before);
      const backtestAfter = await backtestRecommendations(own.db, '2011-03-01T00:00:00');
      // Same population and recommendations; only the outcome saw the new lines: 207 now orders bunting,
      // one of its three under both recommenders (201's bunting and 209 are not hits: not recommended, new).
      expect(backtestAfter.customers).toBe(backtestBefore.customers);
      expect(backtestAfter.hits).toBe(backtestBefore.hits + 1);
      expect(backtestAfter.popularityBaseline.hits).toBe(backtestBefore.popularityBaseline.hits + 1);
    } finally {
      await own.dispose();
    }
  });
});
