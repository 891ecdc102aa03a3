import { describe, expect, it } from 'vitest';
import { endedSince, type CampaignResult } from '../../../src/campaigns/campaign-results.js';
import { campaignResultsView } from '../../../src/report/weekly-report.js';

/** A campaign of 8 Mar 2011 with a 28-day window [8 Mar, 5 Apr), as `campaignResults` gives it. */
const campaign = (status: CampaignResult['status'], extra: Partial<CampaignResult> = {}): CampaignResult => ({
  campaignId: 7, segment: 'At Risk', asOf: '2011-03-08T00:00:00', holdoutShare: 0.1, windowDays: 28, windowEnd: '2011-04-05T00:00:00', status, ...extra,
});

describe("the weekly report's campaign results", () => {
  it('lists the campaigns whose window ended in the week to the as-of, those awaiting data included, never one still open', () => {
    const results = {
      asOf: '2011-04-11T00:00:00',
      campaigns: [campaign('awaiting data', { dataEndsAt: '2011-03-29T10:00:00' }), campaign('open', { campaignId: 8 }), campaign('closed', { campaignId: 9, windowEnd: '2011-04-04T00:00:00' })],
    };
    expect(endedSince(results).map((c) => c.campaignId)).toEqual([7]);
  });

  it('says a campaign awaiting data is awaiting it, and where the data ends, instead of showing its groups as empty', () => {
    expect(campaignResultsView([campaign('awaiting data', { dataEndsAt: '2011-03-29T10:00:00' })])).toEqual([
      {
        segment: 'At Risk',
        sent: '8 Mar 2011',
        window: '8 Mar – 4 Apr 2011',
        target: { customers: '—', conversion: '—', perCustomer: '—' },
        holdout: { customers: '—', conversion: '—', perCustomer: '—' },
        uplift: '—',
        interval: '',
        verdict: 'awaiting data: the data ends 29 Mar 2011; the results follow in lgs campaigns once a load covers the window',
        includesZero: false,
      },
    ]);
  });
});
