import { readEnvironment } from '../../config/environment.js';
import { createLogger } from '../../log.js';
import { startWebServer } from '../../main.js';
import type { CliIo } from '../cli-io.js';
import { stopWhenAsked } from '../stop-when-asked.js';

export async function serve(io: CliIo): Promise<void> {
  const environment = readEnvironment(io.env);
  const log = createLogger(environment.LOG_LEVEL);
  const server = await startWebServer(environment, log);
  io.stdout.write(`managers' page at ${server.address}\n`);
  await stopWhenAsked(io, log, 'closing connections', () => server.stop());
}
