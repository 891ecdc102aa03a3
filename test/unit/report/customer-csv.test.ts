import { describe, expect, it } from 'vitest';
import { customersCsv } from '../../../src/report/customer-csv.js';

const customer = { customer_id: 12347, country: 'Iceland', recency_days: 2, frequency: 8, monetary: 5633.3, r: 5, f: 4, m: 5, segment: 'Champions' };

describe('customersCsv', () => {
  it('writes a header and one CRLF-terminated row per customer with money to two decimals', () => {
    expect(customersCsv([customer])).toBe(
      'customer_id,country,segment,recency_days,frequency,monetary,r_score,f_score,m_score\r\n12347,Iceland,Champions,2,8,5633.30,5,4,5\r\n',
    );
  });

  it('quotes fields that hold a comma or a quote', () => {
    const csv = customersCsv([{ ...customer, country: 'Korea, "South"', segment: "Can't Lose" }]);
    expect(csv.split('\r\n')[1]).toBe('12347,"Korea, ""South""",Can\'t Lose,2,8,5633.30,5,4,5');
  });

  it('writes only the header for an empty segment', () => {
    expect(customersCsv([]).split('\r\n')).toEqual(['customer_id,country,segment,recency_days,frequency,monetary,r_score,f_score,m_score', '']);
  });
});
