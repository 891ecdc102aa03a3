import type { Logger } from '../log.js';
import type { CliIo } from './cli-io.js';

/** Waits until the command is asked to stop, then runs `stop` (a failure of it is logged, not thrown). */
export async function stopWhenAsked(io: CliIo, log: Logger, doing: string, stop: () => Promise<void>): Promise<void> {
  const signal = await io.stopRequested();
  log.info({ signal }, `stopping: ${doing}`);
  try {
    await stop();
  } catch (error) {
    log.error({ err: (error as Error).message }, 'stop failed');
  }
}
