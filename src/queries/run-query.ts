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
  return rows.map((value, index) => checkRow(name, index, row, value));
}

/** Row `index` of query `name` checked against `row`, or an error naming the query, the row and what is wrong. */
export function checkRow<S extends z.ZodType>(name: string, index: number, row: S, value: unknown): z.infer<S> {
  const parsed = row.safeParse(value);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new LgsError(`query ${name} returned an unexpected row ${index}: ${problems}`, { query: name, row: index });
  }
  return parsed.data;
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
