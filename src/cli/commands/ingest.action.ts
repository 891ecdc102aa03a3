import { readSchedules } from '../../config/schedules-file.js';
import { ConfigError } from '../../errors.js';
import { runIngest } from '../../ingest/ingest-job.js';
import { refreshScoresIfBehind } from '../../ingest/refresh-scores.js';
import { shapeScoresStatus } from '../../metrics/metrics-report.js';
import { scoresAsText } from '../../metrics/metrics-text.js';
import { scoreRefresh } from '../../queries/metric-queries.js';
import type { CliIo } from '../cli-io.js';
import { ingestOutcomeText } from '../ingest-outcome-text.js';
import { withServices } from '../with-services.js';

export interface IngestCommandOptions {
  json?: boolean;
}

/**
 * `lgs ingest`: one run of the schedules file's `ingest:`, now, under the same lock and rules as the
 * worker's (files moved, the run recorded for lgs quality), so an operator can try a new source without
 * waiting for its cron. A source switched off (`enabled: false`) runs too, as `lgs run` runs a disabled
 * schedule. Then the scores, as `lgs load` does: whoever runs it by hand wants them current.
 */
export async function ingest(options: IngestCommandOptions, io: CliIo): Promise<void> {
  await withServices(io, async ({ database, log, environment }) => {
    const config = await readSchedules(environment.LGS_SCHEDULES);
    if (!config.ingest) {
      throw new ConfigError(
        `${environment.LGS_SCHEDULES} has no ingest: section; add one naming a drop folder or a table (see README, "Getting a live shop's data in"), or load a file with lgs load`,
        { source: environment.LGS_SCHEDULES },
      );
    }
    const db = await database();
    const outcome = await runIngest({ db, log, environment }, config.ingest);
    await refreshScoresIfBehind(db, log, 'ingest', { staleToleranceHours: environment.LGS_STALE_TOLERANCE_HOURS });
    const scores = shapeScoresStatus(await scoreRefresh(db));
    if (options.json) {
      io.stdout.write(JSON.stringify({ ingest: outcome, scores }, null, 2) + '\n');
      return;
    }
    const disabled = config.ingest.enabled ? '' : ' (switched off in the schedules file: the worker does not run it)';
    io.stdout.write(`${ingestOutcomeText(outcome)}${disabled}\n${scoresAsText(scores)}\n`);
  });
}
