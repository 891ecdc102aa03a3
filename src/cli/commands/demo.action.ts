import { join } from 'node:path';
import { writeToFolder } from '../../delivery/output-folder.js';
import { collectMetrics } from '../../metrics/collect-metrics.js';
import { metricsAsText } from '../../metrics/metrics-text.js';
import { progressFor } from '../../progress/progress.js';
import { projectRoot } from '../../project-paths.js';
import { refreshScoresIfBehind } from '../../ingest/refresh-scores.js';
import { produceSegmentBriefs, produceWeeklyReport } from '../../report/run-report.js';
import { z } from 'zod';
import type { Database } from '../../db/database.js';
import { UsageError } from '../../errors.js';
import { runSingleRowQuery } from '../../queries/run-query.js';
import { fileSha256, loadFile } from '../../warehouse/load.js';
import type { CliIo } from '../cli-io.js';
import { loadSummaryText } from '../load-summary-text.js';
import { withServices } from '../with-services.js';

const SAMPLE_FILE = join(projectRoot, 'data', 'sample', 'online_retail_II_sample.csv.gz');

export interface DemoOptions {
  out: string;
}

const otherLoadsRow = z.object({ loads: z.number().int(), latest_source: z.string().nullable() });

/**
 * The demo loads the sample into whatever database it is given, and no load can be taken back: into a
 * live warehouse (DATABASE_URL set for the shop's own work) it would put 2009–2011 sample customers into
 * every metric and report. Refused unless the database holds nothing but the sample.
 */
async function refuseOtherData(db: Database): Promise<void> {
  const { loads, latest_source } = await runSingleRowQuery(db, 'load/loads_of_other_data', [await fileSha256(SAMPLE_FILE)], otherLoadsRow);
  if (loads === 0) return;
  throw new UsageError(
    `lgs demo loads the committed sample into the database ${db.location}, which already holds ${loads} load(s) of other data (latest: ${latest_source}); run it without DATABASE_URL (an embedded database under LGS_HOME) or against an empty database`,
    { database: db.location, loads },
  );
}

export async function demo(options: DemoOptions, io: CliIo): Promise<void> {
  await withServices(io, async (services) => {
    const db = await services.database();
    await refuseOtherData(db);
    const report = await services.reportServices();
    const summary = await loadFile(db, SAMPLE_FILE, { log: services.log, progress: progressFor('load sample', services.log) });
    io.stderr.write(loadSummaryText(summary) + '\n');
    await refreshScoresIfBehind(db, services.log, 'loading the sample', { staleToleranceHours: services.environment.LGS_STALE_TOLERANCE_HOURS });
    io.stdout.write(metricsAsText(await collectMetrics(db)));
    const documents = [await produceWeeklyReport(report), ...(await produceSegmentBriefs(report))];
    const written = await writeToFolder(options.out, documents);
    io.stdout.write(`\nReports written to ${options.out}/:\n${written.map((path) => '  ' + path).join('\n')}\n`);
  });
}
