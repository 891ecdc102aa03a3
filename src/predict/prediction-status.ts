import type { LocalTimestamp } from '../metrics/as-of.js';
import type { PredictionInForce } from '../queries/predict-queries.js';
import { formatInstant } from '../text/date-format.js';

/**
 * What a report says about the scores it prints. Reports never compute scores (that is `lgs predict` or the
 * load job); they read the newest run at or before their as-of and say so when it is older than their data.
 * Pure.
 */
export interface PredictionStatus {
  /** Whether any scores are in force for the report's as-of. */
  predicted: boolean;
  /** The line the report prints when the scores are older than its data; undefined when they are current. */
  staleNote?: string;
  /** Which figure the 12-month spend column holds, and how a table heads it. */
  spendNote?: string;
  spendHeading?: string;
}

export function predictionStatus(run: PredictionInForce | undefined, reportAsOf: LocalTimestamp): PredictionStatus {
  if (!run) return { predicted: false };
  const reasons: string[] = [];
  if (run.older_as_of) reasons.push(`they were computed as of ${formatInstant(run.as_of)}, before this report's as-of ${formatInstant(reportAsOf)}`);
  if (run.older_load) reasons.push('data has been loaded since they were computed');
  return {
    predicted: true,
    staleNote: reasons.length === 0 ? undefined : `The predicted scores are older than this report's data: ${reasons.join(', and ')}. Run lgs predict to bring them up to date.`,
    spendNote: run.spend_note,
    spendHeading: run.spend_method === 'model' ? 'Expected 12-month spend' : '12-month spend (naive: last 365 days)',
  };
}
