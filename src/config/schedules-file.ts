import { readFile } from 'node:fs/promises';
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

export async function readSchedules(path: string): Promise<SchedulesFile> {
  const text = await readFile(path, 'utf8').catch((cause: NodeJS.ErrnoException) => {
    throw new ConfigError(`${path}: cannot read the schedules file (${cause.code ?? cause.message})`, { source: path }, { cause });
  });
  return parseSchedules(text, path);
}
