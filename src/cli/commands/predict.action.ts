import { resolveAsOf } from '../../metrics/collect-metrics.js';
import { predictCustomers } from '../../predict/predict-customers.js';
import { predictionText } from '../../predict/prediction-text.js';
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
    io.stdout.write(predictionText(prediction));
  });
}
