import { unwatchFile, watchFile } from 'node:fs';
import type { SchedulesFile } from '../config/schedules-schema.js';
import { readSchedules } from '../config/schedules-file.js';

/**
 * Watches the schedules file (by polling: editors that save by replacing the file defeat fs.watch) and
 * hands every valid new version to `onValid`; an invalid one goes to `onInvalid` and changes nothing, so
 * the previous schedules keep running.
 */
export function watchSchedules(
  path: string,
  handlers: { onValid: (config: SchedulesFile) => Promise<void>; onInvalid: (error: unknown) => void },
  intervalMs = 1000,
): () => void {
  let reloading = Promise.resolve();
  const listener = () => {
    reloading = reloading.then(async () => {
      let config: SchedulesFile;
      try {
        config = await readSchedules(path);
      } catch (error) {
        handlers.onInvalid(error);
        return;
      }
      await handlers.onValid(config).catch(handlers.onInvalid);
    });
  };
  watchFile(path, { interval: intervalMs }, listener);
  return () => unwatchFile(path, listener);
}
