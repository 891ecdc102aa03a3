import { collectMetrics } from '../../metrics/collect-metrics.js';
import { metricsAsText } from '../../metrics/metrics-text.js';
import type { CliIo } from '../cli-io.js';
import { withServices } from '../with-services.js';

export interface MetricsOptions {
  json?: boolean;
  asOf?: string;
}

export async function metrics(options: MetricsOptions, io: CliIo): Promise<void> {
  await withServices(io, async ({ database }) => {
    const report = await collectMetrics(await database(), options.asOf);
    io.stdout.write(options.json ? JSON.stringify(report, null, 2) + '\n' : metricsAsText(report));
  });
}
