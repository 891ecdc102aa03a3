import type { Queryable } from '../db/database.js';
import { LgsError } from '../errors.js';
import { sqlFile } from './sql-files.js';

/**
 * Runs `sql/<name>.sql` as `COPY (…) TO STDOUT` and yields its rows one at a time as text fields (null for
 * SQL NULL), for results too large to hold as row objects (millions of rows at 10×): memory stays one COPY
 * chunk plus the caller's own structures. COPY takes no bind parameters, so the parameters are written into
 * the statement as literals (sqlLiteral: numbers, strings, null only). Every row must have `columns`
 * fields, or the query's columns drifted from the caller's and it fails naming the query.
 */
export async function* copyRows(db: Queryable, name: string, params: readonly unknown[], columns: number): AsyncGenerator<(string | null)[]> {
  const select = sqlFile(name).replace(/\$(\d+)/g, (_, n: string) => {
    const index = Number(n) - 1;
    if (index >= params.length) throw new LgsError(`query ${name} uses $${n} but was given ${params.length} parameters`, { query: name });
    return sqlLiteral(params[index]);
  });
  let rest = '';
  let row = 0;
  const parse = (line: string) => {
    const fields = line.split('\t').map(copyField);
    if (fields.length !== columns) throw new LgsError(`query ${name} returned ${fields.length} columns in row ${row}, expected ${columns}`, { query: name, row });
    row += 1;
    return fields;
  };
  // The query on lines of its own: a `--` comment on its last line must not swallow the closing parenthesis.
  for await (const chunk of db.copyTo(`COPY (\n${select.trim()}\n) TO STDOUT`)) {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop()!;
    for (const line of lines) yield parse(line);
  }
  if (rest !== '') yield parse(rest);
}

/** A parameter as an SQL literal. Only what our queries pass: finite numbers, strings and null. */
export function sqlLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  // standard_conforming_strings is on (the default since PostgreSQL 9.1): only quotes need doubling.
  if (typeof value === 'string' && !value.includes('\0')) return `'${value.replace(/'/g, "''")}'`;
  throw new LgsError(`cannot write ${typeof value} ${String(value)} as an SQL literal`, { value: String(value) });
}

const ESCAPES: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

/**
 * One field of COPY's text format: `\N` is NULL, and the backslash sequences COPY TO writes (for backslash,
 * tab, newline and the other control characters) are undone; it writes no octal or hex escapes.
 */
export function copyField(field: string): string | null {
  if (field === '\\N') return null;
  if (!field.includes('\\')) return field;
  return field.replace(/\\(.)/gs, (_, code: string) => ESCAPES[code] ?? code);
}
