import { addDays, type LocalTimestamp } from '../metrics/as-of.js';

export interface SpendSeasonWindows {
  /** Last year's spend over the horizon's dates (its first year at most). */
  horizon: { from: LocalTimestamp; to: LocalTimestamp };
  /** Last year's spend over the training window's dates. */
  training: { from: LocalTimestamp; to: LocalTimestamp };
  /** What the season ratio is multiplied by: the horizon's days beyond its first year, by length. */
  lengthFactor: number;
}

/**
 * The dates last year's spend is read over to scale the spend model's h-day fit to an H-day horizon: the
 * horizon's dates a year earlier against the training window's a year earlier, both terms from the same
 * year. Both windows end by the cut-off, as the spec's "fitted on data before C only" requires: a horizon
 * over a year takes the season of its first 365 days and scales that by length (its dates a year earlier
 * would run past the cut-off). Pure.
 */
export function spendSeasonWindows(cutoff: LocalTimestamp, horizonDays: number, trainingDays: number): SpendSeasonWindows {
  const seasonDays = Math.min(horizonDays, 365);
  return {
    horizon: { from: addDays(cutoff, -365), to: addDays(cutoff, -365 + seasonDays) },
    training: { from: addDays(cutoff, -365 - trainingDays), to: addDays(cutoff, -365) },
    lengthFactor: horizonDays / seasonDays,
  };
}
