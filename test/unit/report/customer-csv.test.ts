import { describe, expect, it } from 'vitest';
import { customersCsv } from '../../../src/report/customer-csv.js';

const HEADER = 'customer_id,country,segment,recency_days,frequency,monetary,r_score,f_score,m_score,order_probability_90d,expected_spend_12m,spend_12m_method,expected_next_order,recommended_products';
const customer = {
  customer_id: 12347, country: 'Iceland', recency_days: 2, frequency: 8, monetary: 5633.3, r: 5, f: 4, m: 5, segment: 'Champions',
  order_probability_90d: 0.91234567, expected_spend_12m: 4210.5, spend_method: 'model' as 'model' | 'naive' | null, expected_next_order: '2011-12-20' as string | null,
  recommended_products: ['23245', '23209', '21212'],
};

describe('customersCsv', () => {
  it('writes a header and one CRLF-terminated row per customer with money to two decimals', () => {
    expect(customersCsv([customer])).toBe(`${HEADER}\r\n12347,Iceland,Champions,2,8,5633.30,5,4,5,0.9123,4210.50,model,2011-12-20,23245|23209|21212\r\n`);
  });

  it('leaves the prediction columns empty when no prediction was stored', () => {
    const csv = customersCsv([{ ...customer, order_probability_90d: null, expected_spend_12m: null, spend_method: null, expected_next_order: null }]);
    expect(csv.split('\r\n')[1]).toBe('12347,Iceland,Champions,2,8,5633.30,5,4,5,,,,,23245|23209|21212');
  });

  it('labels the naive spend figure as such', () => {
    const csv = customersCsv([{ ...customer, spend_method: 'naive' }]);
    expect(csv.split('\r\n')[1]).toBe('12347,Iceland,Champions,2,8,5633.30,5,4,5,0.9123,4210.50,naive: spend in the last 365 days,2011-12-20,23245|23209|21212');
  });

  it('says "unlikely within 90 days" for a scored customer without an expected next order', () => {
    const csv = customersCsv([{ ...customer, order_probability_90d: 0.2, expected_next_order: null }]);
    expect(csv.split('\r\n')[1]).toBe('12347,Iceland,Champions,2,8,5633.30,5,4,5,0.2000,4210.50,model,unlikely within 90 days,23245|23209|21212');
  });

  it('quotes fields that hold a comma or a quote', () => {
    const csv = customersCsv([{ ...customer, country: 'Korea, "South"', segment: "Can't Lose" }]);
    expect(csv.split('\r\n')[1]).toBe('12347,"Korea, ""South""",Can\'t Lose,2,8,5633.30,5,4,5,0.9123,4210.50,model,2011-12-20,23245|23209|21212');
  });

  it('leaves recommended_products empty when no recommendations are stored', () => {
    const csv = customersCsv([{ ...customer, recommended_products: [] }]);
    expect(csv.split('\r\n')[1]).toBe('12347,Iceland,Champions,2,8,5633.30,5,4,5,0.9123,4210.50,model,2011-12-20,');
  });

  it('writes only the header for an empty segment', () => {
    expect(customersCsv([]).split('\r\n')).toEqual([HEADER, '']);
  });
});

describe('customersCsv opened in a spreadsheet', () => {
  it('writes a country that starts like a formula as text, with a leading single quote', () => {
    const csv = customersCsv([{ ...customer, country: '=HYPERLINK("http://evil.example","Iceland")' }]);
    expect(csv.split('\r\n')[1]).toBe(`12347,"'=HYPERLINK(""http://evil.example"",""Iceland"")",Champions,2,8,5633.30,5,4,5,0.9123,4210.50,model,2011-12-20,23245|23209|21212`);
  });

  it('keeps a negative amount a number (a customer whose returns exceed their orders)', () => {
    const csv = customersCsv([{ ...customer, monetary: -12.5, expected_spend_12m: -3 }]);
    expect(csv.split('\r\n')[1]).toBe('12347,Iceland,Champions,2,8,-12.50,5,4,5,0.9123,-3.00,model,2011-12-20,23245|23209|21212');
  });
});
