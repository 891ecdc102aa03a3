import type { Logger } from '../log.js';
import type { CliIo } from './cli-io.js';

/** Waits until the command is asked to stop, then runs `stop` (a failure of it is logged, not thrown). */
export async function stopWhenAsked(io: CliIo, log: Logger, doing: string, stop: () => Promise<void>): Promise<void> {
  const stopping = io.stopRequested();
  // Said once the handlers are in place: a supervisor (or a test) knows a SIGTERM from now on stops cleanly.
  log.info('running until SIGTERM or SIGINT');
  const signal = await stopping;
  log.info({ signal }, `stopping: ${doing}`);
  try {
    await stop();
  } catch (error) {
    log.error({ err: (error as Error).message }, 'stop failed');
  }
}
