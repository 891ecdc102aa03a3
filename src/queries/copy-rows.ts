import { StringDecoder } from 'node:string_decoder';
import { EventLoopTurns } from '../async/time-slices.js';
import type { Queryable } from '../db/database.js';
import { LgsError } from '../errors.js';
import { sqlFile } from './sql-files.js';

/**
 * Runs `sql/<name>.sql` as `COPY (…) TO STDOUT` and yields its rows one at a time as text fields (null for
 * SQL NULL), for results too large to hold as row objects (millions of rows at 10×): memory stays one COPY
 * chunk plus the caller's own structures. COPY takes no bind parameters, so the parameters are written into
 * the statement as literals (sqlLiteral: numbers, strings, null only). The query must return exactly
 * `columns`, by name and in that order, or it fails naming the query (its columns drifted from the caller's).
 */
export function copyRows(db: Queryable, name: string, params: readonly unknown[], columns: readonly string[]): AsyncGenerator<(string | null)[]> {
  return copyQueryRows(db, sqlFile(name), name, params, columns);
}

/** copyRows for a query given as text; `name` labels its errors. */
export async function* copyQueryRows(db: Queryable, query: string, name: string, params: readonly unknown[], columns: readonly string[]): AsyncGenerator<(string | null)[]> {
  // $n outside comments and string constants (which are matched to be left as they are).
  const select = query.replace(/--[^\n]*|'(?:[^']|'')*'|\$(\d+)/g, (match, n: string | undefined) => {
    if (n === undefined) return match;
    const index = Number(n) - 1;
    if (index >= params.length) throw new LgsError(`query ${name} uses $${n} but was given ${params.length} parameters`, { query: name });
    return sqlLiteral(params[index]);
  });
  let rest = '';
  let row = -1;
  const parse = (line: string) => {
    const fields = line.split('\t').map(copyField);
    if (fields.length !== columns.length) throw new LgsError(`query ${name} returned ${fields.length} columns in row ${row}, expected ${columns.length}`, { query: name, row });
    row += 1;
    return fields;
  };
  const header = (line: string) => {
    const names = parse(line);
    if (names.some((column, i) => column !== columns[i])) {
      throw new LgsError(`query ${name} returned the columns ${names.join(', ')}, expected ${columns.join(', ')}`, { query: name });
    }
  };
  // The query on lines of its own: a `--` comment on its last line must not swallow the closing parenthesis.
  // The header row names the columns, so fields are never taken for the wrong ones.
  // A chunk may end inside a character: the decoder keeps its start for the next chunk.
  const decoder = new StringDecoder('utf8');
  // A result that arrives faster than its rows are used is read from buffered chunks, without a turn of
  // the event loop: 0.4 s a customer history at 10× the data, held in a worker. Checked a row at a time,
  // not a chunk: the embedded engine gives the whole result as one chunk.
  const turns = new EventLoopTurns();
  for await (const chunk of db.copyTo(`COPY (\n${select.trim()}\n) TO STDOUT (FORMAT text, HEADER)`)) {
    const lines = (rest + decoder.write(chunk)).split('\n');
    rest = lines.pop()!;
    for (const line of lines) {
      if (row < 0) header(line);
      else yield parse(line);
      if (turns.due()) await turns.take();
    }
  }
  rest += decoder.end();
  if (rest !== '') yield parse(rest);
  if (row < 0) throw new LgsError(`query ${name} returned no header row`, { query: name });
}

/** A parameter as an SQL literal. Only what our queries pass: finite numbers, strings and null. */
export function sqlLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  // An escape string (E'…') reads the same whatever standard_conforming_strings the server runs with.
  if (typeof value === 'string' && !value.includes('\0')) return `E'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
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
