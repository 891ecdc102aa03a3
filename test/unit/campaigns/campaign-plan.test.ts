import { describe, expect, it } from 'vitest';
import { featuresRecentDays } from '../../../src/campaigns/brief-campaign-data.js';
import { campaignPlan, sendTime } from '../../../src/campaigns/campaign-plan.js';
import { compareRetention, type Cohort } from '../../../src/campaigns/cohort-retention.js';
import { biggestFlows, isValuableLapse, shapeMovement } from '../../../src/campaigns/segment-movement.js';

describe('when to send', () => {
  it('picks the weekday and hour with the most orders and sends an hour before the busiest hour', () => {
    const times = [
      { weekday: 2, hour: 10, orders: 5 },
      { weekday: 4, hour: 12, orders: 6 },
      { weekday: 4, hour: 10, orders: 4 },
    ];
    // Thursday 10 of 15 orders; 10:00–11:00 holds 9 of 15.
    expect(sendTime(times)).toEqual({ weekday: 'Thursday', weekdayShare: 10 / 15, peakHour: 10, sendHour: 9, hourShare: 9 / 15 });
  });

  it('breaks ties towards the earlier day and hour, so a re-print gives the same plan', () => {
    expect(sendTime([{ weekday: 5, hour: 14, orders: 3 }, { weekday: 1, hour: 9, orders: 3 }])).toMatchObject({ weekday: 'Monday', peakHour: 9 });
  });
});

describe('campaign plan', () => {
  const plan = campaignPlan({
    segment: 'At Risk',
    asOf: '2011-12-10T00:00:00',
    movementFrom: '2011-11-12T00:00:00',
    customers: 500,
    entered: 40,
    enteredExpectedSpend: 12_345.6,
    orderTimes: [{ weekday: 4, hour: 12, orders: 10 }],
    feature: {
      days: 90,
      products: [{ stockCode: '85123A', description: 'WHITE HANGING HEART T-LIGHT HOLDER ', sales: 900, buyers: 30 }],
      pairs: [{ first: 'WHITE HANGING HEART T-LIGHT HOLDER', second: 'RED HANGING HEART T-LIGHT HOLDER', invoices: 12 }],
    },
    sales12m: 98_765.43,
    campaign: { target: 450, holdout: 50, holdoutShare: 0.1, windowEnd: '2012-01-07T00:00:00' },
  });

  it('says when to send, what to feature and offer, what is at stake and how it is measured, in one paragraph', () => {
    expect(plan.paragraph).toBe(
      'Send on Thursday at 11:00: 100.0% of this segment\'s orders are placed on Thursdays and 100.0% between 12:00 and 13:00, so the message arrives just before they usually order. ' +
        'Feature white hanging heart t-light holder (85123A), their best sellers of the last 90 days; white hanging heart t-light holder and red hanging heart t-light holder were bought together on 12 of their orders, a natural bundle. ' +
        'Offer: A personal "we miss you" promotion on what they used to buy, led by white hanging heart t-light holder, valid for two weeks. ' +
        'At stake: £98,765 of net sales from this segment in the last 12 months; the 40 customers who entered it since 12 Nov 2011 are expected to spend £12,346 in the next 12 months. ' +
        'Measured against a hold-out: 50 of the 500 customers (each drawn at random with a 10.0% chance) are not contacted, so the orders of the 450 contacted can be compared with theirs; the result is reported after 6 Jan 2012.',
    );
  });

  it('names no command, file path or link (the PDF speaks to marketing)', () => {
    expect(plan.paragraph).not.toMatch(/lgs |\.md|\.csv|https?:|\//);
  });
});

describe('segment movement shaping', () => {
  const movement = shapeMovement(
    [
      { from_segment: '(new)', to_segment: 'New Customers', customers: 7, monetary: 70 },
      { from_segment: 'Champions', to_segment: 'Champions', customers: 50, monetary: 5000 },
      { from_segment: 'Champions', to_segment: "Can't Lose", customers: 2, monetary: 900.5 },
      { from_segment: 'Loyal Customers', to_segment: 'Champions', customers: 9, monetary: 2000 },
      { from_segment: 'At Risk', to_segment: 'Hibernating', customers: 9, monetary: 300 },
    ],
    '2011-12-10T00:00:00',
  );

  it('compares the as-of with 28 days before and counts who entered each segment', () => {
    expect(movement.from).toBe('2011-11-12T00:00:00');
    const entered = Object.fromEntries(movement.entered.map((e) => [e.segment, e.customers]));
    expect(entered).toMatchObject({ Champions: 9, 'New Customers': 7, "Can't Lose": 2, Hibernating: 9, 'At Risk': 0 });
  });

  it('ranks the biggest moves between segments (not staying, not first orders), ties in segment order', () => {
    expect(biggestFlows(movement, 3).map((c) => `${c.from}>${c.to}`)).toEqual(['Loyal Customers>Champions', 'At Risk>Hibernating', "Champions>Can't Lose"]);
  });

  it('singles out Champions and Loyal Customers falling into At Risk, Can\'t Lose or Hibernating', () => {
    expect(movement.cells.filter(isValuableLapse).map((c) => c.to)).toEqual(["Can't Lose"]);
  });
});

describe('cohort reading', () => {
  const cohort = (month: string, size: number, retained3: number, partial = false): Cohort => ({
    cohort: month,
    customers: size,
    retention: [0, 1, 2, 3].map((k) => ({ monthsSince: k, customers: k === 3 ? retained3 : size, rate: k === 3 ? retained3 / size : 1, partial: k === 3 && partial })),
  });

  it('compares month-3 retention of this year\'s cohorts with the same months a year before, customer-weighted', () => {
    const comparison = compareRetention([cohort('2010-01', 100, 30), cohort('2010-02', 100, 20), cohort('2010-03', 50, 10), cohort('2011-01', 200, 40), cohort('2011-02', 100, 10), cohort('2011-03', 80, 8, true)]);
    // 2011: Jan and Feb complete (Mar's month 3 is partial) → (40 + 10) / 300; 2010 same months → 50 / 200.
    expect(comparison).toMatchObject({ monthsSince: 3, thisYear: { year: '2011', months: ['01', '02'], customers: 300, retained: 50 }, lastYear: { year: '2010', months: ['01', '02'], customers: 200, retained: 50 } });
    expect(comparison!.thisYear.rate).toBeCloseTo(1 / 6, 12);
    expect(comparison!.lastYear.rate).toBe(0.25);
  });

  it('has nothing to say without a year before', () => {
    expect(compareRetention([cohort('2011-01', 10, 3)])).toBeNull();
  });
});

describe('which period a plan features', () => {
  const products = (...buyers: number[]) =>
    buyers.map((count, i) => ({ segment: 'At Risk', stock_code: `1000${i}`, description: '', quantity: 1, sales: 10 - i, buyers: count, sales_rank: i + 1 }));

  it('features the last 90 days when they give three products and a leading product with five buyers', () => {
    expect(featuresRecentDays(products(5, 1, 1))).toBe(true);
  });

  it('falls back to the year for a segment that bought fewer than three products, or whose leading product has fewer than five buyers', () => {
    expect(featuresRecentDays(products(9, 9))).toBe(false);
    expect(featuresRecentDays(products(4, 9, 9))).toBe(false);
    expect(featuresRecentDays([])).toBe(false);
  });
});

