import type { z } from 'zod';
import type { Queryable } from '../db/database.js';
import { LgsError } from '../errors.js';
import { sqlFile } from './sql-files.js';

/**
 * Runs `sql/<name>.sql` with its parameters and checks every row against `row`, so a query whose columns
 * drift from what the code expects fails loudly, naming the query, instead of printing undefined.
 */
export async function runQuery<S extends z.ZodType>(
  db: Queryable,
  name: string,
  params: readonly unknown[],
  row: S,
): Promise<z.infer<S>[]> {
  const rows = await db.query(sqlFile(name), params, name);
  return rows.map((value, index) => {
    const parsed = row.safeParse(value);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
      throw new LgsError(`query ${name} returned an unexpected row ${index}: ${problems}`, { query: name, row: index });
    }
    return parsed.data;
  });
}

/** Like runQuery for queries that return exactly one row. */
export async function runSingleRowQuery<S extends z.ZodType>(
  db: Queryable,
  name: string,
  params: readonly unknown[],
  row: S,
): Promise<z.infer<S>> {
  const rows = await runQuery(db, name, params, row);
  if (rows.length !== 1) throw new LgsError(`query ${name} returned ${rows.length} rows, expected one`, { query: name });
  return rows[0]!;
}
