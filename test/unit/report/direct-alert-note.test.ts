import { describe, expect, it } from 'vitest';
import { ConnectionError, DatabaseUnavailableError, EmptyWarehouseError, LgsError, PdfPrintError, QueryError } from '../../../src/errors.js';
import { directAlertNote } from '../../../src/report/scheduled-run.js';

/** What the owner's direct alert (sent when the run log did not take the failure notice) says of the run log. */
const UNREACHABLE = 'The run log (PostgreSQL) could not be reached, so this message was sent without being recorded there.';
const NO_ENTRY = 'The run stopped before it had an entry in the run log (lgs runs), so this message was sent without being recorded there.';

/** node-postgres's error for a refused connection, as QueryError wraps it. */
const refusedConnection = () => new QueryError('runs/open_run', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED', errno: -111, syscall: 'connect' }));

describe('directAlertNote', () => {
  it('says nothing of the database when the run failed before its row for another reason: the warehouse empty for latest-data', () => {
    expect(directAlertNote(new EmptyWarehouseError('the warehouse holds no invoices yet: run `lgs load <file>` first'), undefined)).toBe(NO_ENTRY);
  });

  it('says the same of a run id the run log does not have', () => {
    expect(directAlertNote(new LgsError('run 41 of weekly-marketing is not in the run log'), undefined)).toBe(NO_ENTRY);
  });

  it('says the run log could not be reached when opening the run failed in the database', () => {
    expect(directAlertNote(refusedConnection(), undefined)).toBe(UNREACHABLE);
  });

  it('says so when the database timed out or dropped the run lock', () => {
    expect(directAlertNote(new DatabaseUnavailableError("run 7: the connection holding the run's lock broke; stopping before the next send"), undefined)).toBe(UNREACHABLE);
  });

  it('says so when the worker could not connect to PostgreSQL', () => {
    expect(directAlertNote(new ConnectionError('cannot connect to postgres://lgs:***@db:5432/lgs: ECONNREFUSED', { database: 'postgres://lgs:***@db:5432/lgs' }), undefined)).toBe(UNREACHABLE);
  });

  it('does not blame the database for a server that is not it', () => {
    expect(directAlertNote(new ConnectionError('cannot reach Redis at redis://127.0.0.1:6379: ECONNREFUSED', { redis: 'redis://127.0.0.1:6379' }), undefined)).toBe(NO_ENTRY);
  });

  it('goes by why the notice failed once the run had its row: the database, whatever the run failed of', () => {
    expect(directAlertNote(new PdfPrintError('printing weekly-report_2011-02-28.pdf took longer than 60000 ms'), refusedConnection())).toBe(UNREACHABLE);
  });

  it('says the run log records the failure when only the mail server kept the notice from going through it', () => {
    expect(directAlertNote(new PdfPrintError('printing weekly-report_2011-02-28.pdf took longer than 60000 ms'), 'the mail server did not take it')).toBe(
      'The run log (lgs runs) records the failure, but this notice could not be sent through it (the mail server did not take it), so it was sent directly.',
    );
  });
});
