import { describe, expect, it } from 'vitest';
import { CsvLayoutError } from '../../../src/errors.js';
import { recogniseLayout } from '../../../src/warehouse/csv-layout.js';

describe('recogniseLayout', () => {
  it('recognises the Online Retail II header', () => {
    const layout = recogniseLayout('Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country'.split(','), 'f.csv');
    expect(layout.name).toBe('online-retail-ii');
  });

  it('recognises the older Online Retail header', () => {
    const layout = recogniseLayout('InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country'.split(','), 'f.csv');
    expect(layout.name).toBe('online-retail');
  });

  it('maps columns given in another order, ignoring case and surrounding spaces', () => {
    const layout = recogniseLayout(' country ,Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID'.split(','), 'f.csv');
    expect(layout.columns).toMatchObject({ country: 0, invoice: 1, customerId: 7 });
  });

  it('refuses a header with a missing or extra column, naming file and line', () => {
    expect(() => recogniseLayout('Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Country'.split(','), 'x.csv')).toThrow(CsvLayoutError);
    expect(() => recogniseLayout('Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Country'.split(','), 'x.csv')).toThrow(/^x\.csv: line 1: unknown CSV header/);
  });
});
