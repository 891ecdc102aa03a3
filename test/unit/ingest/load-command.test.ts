import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { checkLoadOptions } from '../../../src/ingest/load-command.js';

/** `lgs load`'s usage errors, found before a database is opened (commander passes options as strings). */
describe('checkLoadOptions', () => {
  it('takes the look-back in hours for a table, 0 when not given', () => {
    expect(checkLoadOptions(undefined, { fromTable: 'etl.retail', lookbackHours: '48' })).toEqual({ lookbackHours: 48 });
    expect(checkLoadOptions(undefined, { fromTable: 'etl.retail', lookbackHours: '0' })).toEqual({ lookbackHours: 0 });
  });

  it('names each table option given with a file', () => {
    expect(() => checkLoadOptions('x.csv', { lookbackHours: '5' })).toThrow(UsageError);
    expect(() => checkLoadOptions('x.csv', { lookbackHours: '5' })).toThrow('--lookback-hours goes with --from-table, not with a file');
    expect(() => checkLoadOptions('x.csv', { full: true, sourceUrl: 'postgres://h/d', lookbackHours: '0' })).toThrow('--source-url, --full go with --from-table, not with a file');
  });

  it('refuses look-backs that are not 0 to 8760 whole hours written in digits', () => {
    for (const hours of ['1.5', '1e2', '0x10', ' 12', '9000', '']) {
      expect(() => checkLoadOptions(undefined, { fromTable: 'etl.retail', lookbackHours: hours })).toThrow(`--lookback-hours must be a whole number of hours from 0 to 8760 (got "${hours}")`);
    }
  });

  it('refuses a look-back with --full', () => {
    expect(() => checkLoadOptions(undefined, { fromTable: 'etl.retail', full: true, lookbackHours: '24' })).toThrow('--full reads every row already');
  });
});
