import { describe, expect, it } from 'vitest';
import { campaignsText } from '../../../src/campaigns/campaigns-text.js';

describe('campaignsText', () => {
  it('marks a campaign whose window ended beyond the data as awaiting data and says where the data ends', () => {
    const text = campaignsText({
      asOf: '2011-04-10T00:00:00',
      campaigns: [
        { campaignId: 7, segment: 'At Risk', asOf: '2011-03-08T00:00:00', holdoutShare: 0.1, windowDays: 28, windowEnd: '2011-04-05T00:00:00', status: 'awaiting data', dataEndsAt: '2011-03-29T10:00:00' },
      ],
    });
    const lines = text.trimEnd().split('\n');
    expect(lines[2]!.trim().split(/\s{2,}/)).toEqual(['7', 'At Risk', '2011-03-08', '2011-04-05', '10.0%', 'awaiting data']);
    expect(lines.at(-1)).toBe(
      "Awaiting data: the window has ended but the warehouse's latest invoice (2011-03-29T10:00:00) does not reach its end; the results come once a load covers it.",
    );
  });
});
