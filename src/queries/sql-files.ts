import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sqlDir } from '../project-paths.js';

const cache = new Map<string, string>();

/**
 * The text of `sql/<name>.sql` (e.g. `metrics/monthly`), read once and cached. SQL lives in files so it
 * can be read, reviewed and run in psql as it is.
 */
export function sqlFile(name: string): string {
  let text = cache.get(name);
  if (text === undefined) {
    text = readFileSync(join(sqlDir, `${name}.sql`), 'utf8');
    cache.set(name, text);
  }
  return text;
}

/** Names of the `.sql` files in `sql/<folder>`, in file-name order (migrations, derived rebuild scripts). */
export function sqlFilesIn(folder: string): string[] {
  return readdirSync(join(sqlDir, folder))
    .filter((file) => file.endsWith('.sql'))
    .sort()
    .map((file) => `${folder}/${file.slice(0, -'.sql'.length)}`);
}
