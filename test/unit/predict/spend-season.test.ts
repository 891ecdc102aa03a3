import { describe, expect, it } from 'vitest';
import { spendSeasonWindows } from '../../../src/predict/spend-season.js';

describe('spendSeasonWindows', () => {
  it("reads a 183-day horizon's dates a year earlier against the training window's a year earlier", () => {
    // 2010-06-01 + 183 days (June 30, July to November 153) = 2010-12-01; 2010-06-01 − 183 days = 2009-11-30.
    expect(spendSeasonWindows('2011-06-01T00:00:00', 183, 183)).toEqual({
      horizon: { from: '2010-06-01T00:00:00', to: '2010-12-01T00:00:00' },
      training: { from: '2009-11-30T00:00:00', to: '2010-06-01T00:00:00' },
      lengthFactor: 1,
    });
  });

  it('takes a horizon over a year by the season of its first 365 days, ending at the cut-off, and scales it by length', () => {
    // H = 400 at 2011-06-01: the horizon's dates a year earlier would end on 2011-07-06, after the cut-off.
    expect(spendSeasonWindows('2011-06-01T00:00:00', 400, 183)).toEqual({
      horizon: { from: '2010-06-01T00:00:00', to: '2011-06-01T00:00:00' },
      training: { from: '2009-11-30T00:00:00', to: '2010-06-01T00:00:00' },
      lengthFactor: 400 / 365,
    });
  });

  it('never reads past the cut-off, for any horizon the CLI accepts (90 to 730 days)', () => {
    for (let days = 90; days <= 730; days += 1) {
      const { horizon, training } = spendSeasonWindows('2011-06-01T00:00:00', days, Math.min(days, 183));
      expect(horizon.to <= '2011-06-01T00:00:00' && training.to <= '2011-06-01T00:00:00').toBe(true);
    }
  });
});
