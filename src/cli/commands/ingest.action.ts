import { readSchedules } from '../../config/schedules-file.js';
import { ConfigError, IngestAttentionError, UsageError } from '../../errors.js';
import { runIngest } from '../../ingest/ingest-job.js';
import { shapeScoresStatus } from '../../metrics/metrics-report.js';
import { scoresAsText } from '../../metrics/metrics-text.js';
import { scoresBehind } from '../../queries/metric-queries.js';
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
 * schedule. Then the scores, as `lgs load` does.
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
    // The source is named by the schedules file, not by this command line: its mistakes are the file's.
    // Whoever runs it by hand wants the scores current: refreshed when behind, however recent the last.
    const outcome = await runIngest({ db, log, environment }, config.ingest, { scoreRefreshMinutes: 0 }).catch((error: unknown) => {
      throw error instanceof UsageError ? new ConfigError(`${environment.LGS_SCHEDULES}: ingest: ${error.message}`, error.context, { cause: error }) : error;
    });
    const scores = shapeScoresStatus(await scoresBehind(db, 0));
    const disabled = config.ingest.enabled ? '' : ' (switched off in the schedules file: the worker does not run it)';
    io.stdout.write(options.json ? JSON.stringify({ ingest: outcome, scores }, null, 2) + '\n' : `${ingestOutcomeText(outcome)}${disabled}\n${scoresAsText(scores)}\n`);
    // Whoever tries a source by hand (or a script) learns from the exit code that a file was not taken.
    const refused = outcome.source === 'folder' ? outcome.rejected.length + outcome.unreadable.length + outcome.unmovable.length : 0;
    if (refused > 0) throw new IngestAttentionError(`${refused} file(s) of the drop folder were not loaded: see what it printed`, { folder: config.ingest.folder });
  });
}
