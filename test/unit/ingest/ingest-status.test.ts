import { describe, expect, it } from 'vitest';
import { ingestSchema } from '../../../src/config/schedules-schema.js';
import { ingestSourceName } from '../../../src/ingest/ingest-status.js';

describe('ingestSourceName', () => {
  it('names a drop folder by its path', () => {
    expect(ingestSourceName(ingestSchema.parse({ folder: '/var/lib/lgs/inbox', cron: '*/5 * * * *' }), 'postgres://etl@db/shop')).toBe('folder /var/lib/lgs/inbox');
  });

  it('names a table in the warehouse by its name, and one in another database with that database, without its password', () => {
    const table = ingestSchema.parse({ table: 'etl.retail', cron: '*/5 * * * *' });
    expect(ingestSourceName(table, undefined)).toBe('table etl.retail');
    expect(ingestSourceName(table, 'postgres://etl:s3cret@db.shop.example/shop')).toBe('table etl.retail in postgres://etl:***@db.shop.example/shop');
  });
});
