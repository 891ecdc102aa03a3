import { join } from 'node:path';
import { writeToFolder } from '../../delivery/output-folder.js';
import { collectMetrics } from '../../metrics/collect-metrics.js';
import { metricsAsText } from '../../metrics/metrics-text.js';
import { progressFor } from '../../progress/progress.js';
import { projectRoot } from '../../project-paths.js';
import { refreshScoresIfBehind } from '../../ingest/refresh-scores.js';
import { produceSegmentBriefs, produceWeeklyReport } from '../../report/run-report.js';
import { loadFile } from '../../warehouse/load.js';
import type { CliIo } from '../cli-io.js';
import { loadSummaryText } from '../load-summary-text.js';
import { withServices } from '../with-services.js';

const SAMPLE_FILE = join(projectRoot, 'data', 'sample', 'online_retail_II_sample.csv.gz');

export interface DemoOptions {
  out: string;
}

export async function demo(options: DemoOptions, io: CliIo): Promise<void> {
  await withServices(io, async (services) => {
    const report = await services.reportServices();
    const db = await services.database();
    const summary = await loadFile(db, SAMPLE_FILE, { log: services.log, progress: progressFor('load sample', services.log) });
    io.stderr.write(loadSummaryText(summary) + '\n');
    await refreshScoresIfBehind(db, services.log, 'loading the sample', { staleToleranceHours: services.environment.LGS_STALE_TOLERANCE_HOURS });
    io.stdout.write(metricsAsText(await collectMetrics(db)));
    const documents = [await produceWeeklyReport(report), ...(await produceSegmentBriefs(report))];
    const written = await writeToFolder(options.out, documents);
    io.stdout.write(`\nReports written to ${options.out}/:\n${written.map((path) => '  ' + path).join('\n')}\n`);
  });
}
