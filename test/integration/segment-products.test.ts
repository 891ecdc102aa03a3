import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { segmentGrid } from '../../src/metrics/rfm-segments.js';
import { segmentProducts, type SegmentProductRow } from '../../src/queries/report-queries.js';
import { loadFile } from '../../src/warehouse/load.js';
import { ENGINES, type TestDatabase } from '../support/databases.js';
import { HAND_COMPUTED } from '../support/fixtures.js';

describe.each(Object.entries(ENGINES))('what each segment buys (the briefs\' product lists) on %s', (_engine, open) => {
  let database: TestDatabase;
  let rows: SegmentProductRow[];

  beforeAll(async () => {
    database = await open();
    await loadFile(database.db, HAND_COMPUTED);
    rows = await segmentProducts(database.db, '2011-03-09T00:00:00', segmentGrid(), '2011-01-01T00:00:00', 10);
  });
  afterAll(() => database?.dispose());

  const of = (segment: string) => rows.filter((row) => row.segment === segment).map(({ stock_code, quantity, sales, buyers }) => [stock_code, quantity, sales, buyers]);

  it('adds up a segment whose customers sit in different RFM cells, cancellations netted, the duplicate copy once', () => {
    // Loyal Customers: 101 in cell (3,5) and 103 in cell (4,4). RED MUG: 101 10 × 2.50 (its exact duplicate
    // counted once) + 103 20 × 2.50 − 4 × 2.50 + 12 × 2.50 = 38 for £95, two buyers; BLUE MUG: 101 5 × 3 +
    // 10 × 3 = 15 for £45; GIFT BOX: 101 6 × 5 = 6 for £30.
    expect(of('Loyal Customers')).toEqual([
      ['10001', 38, 95, 2],
      ['10002', 15, 45, 1],
      ['10003', 6, 30, 1],
    ]);
  });

  it('leaves out postage and ranks by net sales', () => {
    // Hibernating: 102 in (2,1), 104 in (1,2). RED MUG 100 × 2.10; JUMBO BAG 10 × 1.95 − 2 × 1.95; BLUE MUG
    // 2 × 3; 104's POSTAGE is not merchandise.
    expect(of('Hibernating')).toEqual([
      ['10001', 100, 210, 1],
      ['10004', 8, 15.6, 1],
      ['10002', 2, 6, 1],
    ]);
    expect(of('Potential Loyalists')).toEqual([['10003', 2, 10, 1]]);
  });

  it('reads only the segments asked for, with the same figures as when every segment is read', async () => {
    const asked = await segmentProducts(database.db, '2011-03-09T00:00:00', segmentGrid(), '2011-01-01T00:00:00', 10, ['Hibernating', 'Potential Loyalists']);
    expect(asked).toEqual(rows.filter((row) => row.segment === 'Hibernating' || row.segment === 'Potential Loyalists'));
  });
});
