import { readEnvironment } from '../../config/environment.js';
import { createLogger } from '../../log.js';
import { startWorker } from '../../main.js';
import type { CliIo } from '../cli-io.js';
import { stopWhenAsked } from '../stop-when-asked.js';

export async function worker(io: CliIo): Promise<void> {
  const environment = readEnvironment(io.env);
  const log = createLogger(environment.LOG_LEVEL);
  const running = await startWorker(environment, log);
  await stopWhenAsked(io, log, 'finishing the current job', () => running.stop());
}
