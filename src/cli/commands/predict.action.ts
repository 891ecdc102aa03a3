import { resolveAsOf } from '../../metrics/collect-metrics.js';
import { predictCustomers } from '../../predict/predict-customers.js';
import type { CliIo } from '../cli-io.js';
import { withServices } from '../with-services.js';

export interface PredictOptions {
  asOf?: string;
  json?: boolean;
}

export async function predict(options: PredictOptions, io: CliIo): Promise<void> {
  await withServices(io, async ({ database }) => {
    const db = await database();
    const prediction = await predictCustomers(db, await resolveAsOf(db, options.asOf));
    if (options.json) {
      io.stdout.write(JSON.stringify(prediction, null, 2) + '\n');
      return;
    }
    io.stdout.write(
      `${prediction.customers} customers scored as of ${prediction.asOf} (${prediction.model}): ` +
        `${prediction.expectedOrderers90d.toFixed(0)} expected to order in the next 90 days, expected 12-month spend £${prediction.expectedSpend12m.toLocaleString('en-GB')}\n`,
    );
  });
}
