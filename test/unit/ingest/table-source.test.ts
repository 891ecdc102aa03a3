import { describe, expect, it } from 'vitest';
import { TABLE_COLUMN_DEFAULTS } from '../../../src/config/schedules-schema.js';
import { copyStatement } from '../../../src/ingest/table-source.js';

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
