import { describe, expect, it } from 'vitest';
import { TABLE_COLUMN_DEFAULTS } from '../../../src/config/schedules-schema.js';
import { copyStatement, readFrom } from '../../../src/ingest/table-source.js';

describe('copyStatement', () => {
  it('reads from the watermark on a date or timestamp column as it is, so that its index serves', () => {
    expect(copyStatement('etl.retail', TABLE_COLUMN_DEFAULTS, '2011-03-08 15:00:00', false)).toContain(
      `FROM "etl"."retail" WHERE "invoice_date" >= '2011-03-08 15:00:00' OR "invoice_date" IS NULL)`,
    );
  });

  it('compares a text date column as the timestamp it is written out as', () => {
    expect(copyStatement('etl.retail', TABLE_COLUMN_DEFAULTS, '2011-03-08 15:00:00', true)).toContain(
      `WHERE "invoice_date"::timestamp >= '2011-03-08 15:00:00' OR "invoice_date" IS NULL)`,
    );
  });

  it('reads every row without a watermark', () => {
    expect(copyStatement('retail', TABLE_COLUMN_DEFAULTS, null)).toMatch(/FROM "retail"\) TO STDOUT/);
  });
});

describe('readFrom', () => {
  it('reads from the watermark itself without a look-back', () => {
    expect(readFrom('2011-03-08 15:00:00', 0)).toBe('2011-03-08 15:00:00');
  });

  it('goes back the look-back\'s hours on the calendar, across a month and a year end', () => {
    expect(readFrom('2011-03-01 09:30:00', 24)).toBe('2011-02-28 09:30:00');
    expect(readFrom('2012-01-01 01:00:00', 48)).toBe('2011-12-30 01:00:00');
  });

  it('counts hours on the shop\'s clock, without a time zone: 24 hours before a day that changes clocks is the same time the day before', () => {
    // 2011-03-27 is when the UK moved to summer time; invoice dates carry no zone, so neither does this.
    expect(readFrom('2011-03-27 12:00:00', 24)).toBe('2011-03-26 12:00:00');
  });
});
