import { describe, expect, it } from 'vitest';
import { customersCsv, type BriefCustomerRow } from '../../../src/report/customer-csv.js';

const HEADER = 'customer_id,country,segment,recency_days,frequency,monetary,r_score,f_score,m_score,order_probability_90d,expected_spend_12m,entered,group';
const customer: BriefCustomerRow = {
  customer_id: 12347, country: 'Iceland', recency_days: 2, frequency: 8, monetary: 5633.3, r: 5, f: 4, m: 5, segment: 'Champions',
  order_probability_90d: 0.91234567, expected_spend_12m: 4210.5, entered: false, group: 'target',
};

describe('customersCsv', () => {
  it('writes a header and one CRLF-terminated row per customer with money to two decimals', () => {
    expect(customersCsv([customer])).toBe(`${HEADER}\r\n12347,Iceland,Champions,2,8,5633.30,5,4,5,0.9123,4210.50,false,target\r\n`);
  });

  it('leaves the prediction columns empty when no prediction was stored', () => {
    const csv = customersCsv([{ ...customer, order_probability_90d: null, expected_spend_12m: null }]);
    expect(csv.split('\r\n')[1]).toBe('12347,Iceland,Champions,2,8,5633.30,5,4,5,,,false,target');
  });

  it('quotes fields that hold a comma or a quote', () => {
    const csv = customersCsv([{ ...customer, country: 'Korea, "South"', segment: "Can't Lose" }]);
    expect(csv.split('\r\n')[1]).toBe('12347,"Korea, ""South""",Can\'t Lose,2,8,5633.30,5,4,5,0.9123,4210.50,false,target');
  });

  it('lists the customers who entered the segment first, each part by customer id, with their group', () => {
    const rows: BriefCustomerRow[] = [
      { ...customer, customer_id: 1 },
      { ...customer, customer_id: 3, entered: true, group: 'holdout' },
      { ...customer, customer_id: 2, entered: true },
    ];
    const lines = customersCsv(rows).split('\r\n').slice(1, 4).map((line) => line.split(','));
    expect(lines.map((l) => [l[0], l.at(-2), l.at(-1)])).toEqual([['2', 'true', 'target'], ['3', 'true', 'holdout'], ['1', 'false', 'target']]);
  });

  it('writes only the header for an empty segment', () => {
    expect(customersCsv([]).split('\r\n')).toEqual([HEADER, '']);
  });
});

describe('customersCsv opened in a spreadsheet', () => {
  it('writes a country that starts like a formula as text, with a leading single quote', () => {
    const csv = customersCsv([{ ...customer, country: '=HYPERLINK("http://evil.example","Iceland")' }]);
    expect(csv.split('\r\n')[1]).toBe(`12347,"'=HYPERLINK(""http://evil.example"",""Iceland"")",Champions,2,8,5633.30,5,4,5,0.9123,4210.50,false,target`);
  });

  it('keeps a negative amount a number (a customer whose returns exceed their orders)', () => {
    const csv = customersCsv([{ ...customer, monetary: -12.5, expected_spend_12m: -3 }]);
    expect(csv.split('\r\n')[1]).toBe('12347,Iceland,Champions,2,8,-12.50,5,4,5,0.9123,-3.00,false,target');
  });
});
