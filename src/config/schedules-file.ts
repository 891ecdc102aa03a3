import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { ConfigError } from '../errors.js';
import { schedulesFileSchema, type SchedulesFile } from './schedules-schema.js';
import { parseYamlWith } from './yaml-validation.js';

/**
 * Reads and validates a schedules YAML file; problems name the file, line and field. The caller decides
 * whether to keep running on the previous schedules.
 */
export function parseSchedules(text: string, source: string): SchedulesFile {
  return parseYamlWith(schedulesFileSchema, text, source);
}

/**
 * A relative `ingest.folder` is read from the schedules file's own folder, as a path written in a file
 * means: the worker's working directory (systemd starts it in /) has nothing to do with it.
 */
export async function readSchedules(path: string): Promise<SchedulesFile> {
  const text = await readFile(path, 'utf8').catch((cause: NodeJS.ErrnoException) => {
    throw new ConfigError(`${path}: cannot read the schedules file (${cause.code ?? cause.message})`, { source: path }, { cause });
  });
  const config = parseSchedules(text, path);
  const folder = config.ingest?.folder;
  if (config.ingest && folder !== undefined && !isAbsolute(folder)) config.ingest.folder = resolve(dirname(resolve(path)), folder);
  return config;
}
