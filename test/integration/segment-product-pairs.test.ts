import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { segmentGrid } from '../../src/metrics/rfm-segments.js';
import { segmentProductPairs } from '../../src/queries/campaign-queries.js';
import { loadFile } from '../../src/warehouse/load.js';
import { ENGINES, type TestDatabase } from '../support/databases.js';
import { HAND_COMPUTED } from '../support/fixtures.js';

// hand-computed.csv at 2011-03-09: Loyal Customers are 101 and 103, Hibernating 102 and 104 (see
// segment-products.test.ts). Their order invoices from 2011-01-01 holding more than one product:
//   500001 (101): RED MUG 10001 (twice, an exact duplicate), BLUE MUG 10002
//   500006 (104): POSTAGE (not merchandise), BLUE MUG 10002
//   500008 (102): RED MUG 10001, JUMBO BAG 10004 (C500009 cancels part of it: cancellations hold no pairs)
const AS_OF = '2011-03-09T00:00:00';
const FROM = '2011-01-01T00:00:00';

describe.each(Object.entries(ENGINES))('products bought together with the featured ones (the campaign plan) on %s', (_engine, open) => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await open();
    await loadFile(database.db, HAND_COMPUTED);
  });
  afterAll(() => database?.dispose());

  const pairs = async (featured: [string, string][], from = FROM) =>
    (await segmentProductPairs(database.db, AS_OF, segmentGrid(), from, featured.map(([segment, stock_code]) => ({ segment, stock_code })), 3))
      .map((p) => [p.segment, p.first_code, p.second_code, p.invoices]);

  it('counts a pair once per invoice, also when both products are featured and one is on the invoice twice', async () => {
    expect(await pairs([['Loyal Customers', '10001'], ['Loyal Customers', '10002'], ['Loyal Customers', '10003']])).toEqual([
      ['Loyal Customers', '10001', '10002', 1],
    ]);
  });

  it('pairs a featured product with products that are not featured, with both descriptions', async () => {
    const [pair] = await segmentProductPairs(database.db, AS_OF, segmentGrid(), FROM, [{ segment: 'Hibernating', stock_code: '10004' }], 3);
    expect(pair).toEqual({
      segment: 'Hibernating',
      first_code: '10001',
      first_description: 'RED MUG',
      second_code: '10004',
      second_description: 'JUMBO BAG, "VINTAGE"',
      invoices: 1,
    });
  });

  it('leaves out products that are not merchandise (postage)', async () => {
    expect(await pairs([['Hibernating', '10002']])).toEqual([]);
  });

  it('reads only the invoices of the segment that features the product', async () => {
    // RED MUG is featured for Loyal Customers only: Hibernating's invoice 500008 holding it is not read.
    expect(await pairs([['Loyal Customers', '10001']])).toEqual([['Loyal Customers', '10001', '10002', 1]]);
  });

  it('reads only invoices inside the period', async () => {
    expect(await pairs([['Loyal Customers', '10001'], ['Loyal Customers', '10002']], '2011-02-01T00:00:00')).toEqual([]);
  });
});
