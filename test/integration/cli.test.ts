import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { freshPostgres, type TestDatabase } from '../support/databases.js';
import { HAND_COMPUTED } from '../support/fixtures.js';

describe('the lgs command line on a PostgreSQL server', () => {
  let database: TestDatabase;
  let env: Record<string, string>;

  beforeAll(async () => {
    database = await freshPostgres();
    env = { DATABASE_URL: database.location };
  });
  afterAll(() => database.dispose());

  it('tells the user to load data first when the warehouse is empty', async () => {
    const result = await runCli(['metrics'], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('the warehouse holds no invoices yet: run `lgs load <file>` first');
  });

  it('loads a file and prints a summary with the data-quality section', async () => {
    const result = await runCli(['load', HAND_COMPUTED], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('18 lines read, 18 loaded, 0 rejected');
    expect(result.stdout).toContain('Exact duplicate copies (counted once)');
  });

  it('prints every metric as one JSON object with the agreed keys and JSON numbers', async () => {
    const result = await runCli(['metrics', '--json'], env);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(Object.keys(report)).toEqual(expect.arrayContaining(['asOf', 'invoiceAmounts', 'monthly', 'rfm', 'weekly', 'topProducts', 'countries', 'quality']));
    expect(report.weekly.current.sales).toBe(55);
    expect(report.monthly[1]).toMatchObject({ month: '2011-02', placedOrders: 3, sales: 255.6, partial: false });
  });

  it('prints readable tables by default', async () => {
    const result = await runCli(['metrics', '--as-of', '2011-03-09'], env);
    expect(result.stdout).toContain('LGS metrics as of 2011-03-09T00:00:00');
    expect(result.stdout).toMatch(/2011-03 \(partial\)/);
    expect(result.stdout).toContain('£255.60');
  });

  it('prints the quality summary as JSON', async () => {
    const result = await runCli(['quality', '--json'], env);
    expect(JSON.parse(result.stdout).warehouse).toMatchObject({ distinctLines: 17, duplicateCopies: 1 });
  });

  it('refuses a malformed --as-of with a usage error, not a stack trace', async () => {
    const result = await runCli(['metrics', '--as-of', '2011-02-30'], env);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('--as-of "2011-02-30" is not a date');
    expect(result.stderr).not.toContain('    at ');
  });

  it('names the file when it cannot be read', async () => {
    const result = await runCli(['load', '/nonexistent/orders.csv'], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/lgs: \/nonexistent\/orders\.csv: cannot read the file/);
  });

  it('names the variable when DATABASE_URL is not a PostgreSQL URL', async () => {
    const result = await runCli(['metrics'], { DATABASE_URL: 'mysql://localhost/db' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('invalid environment: DATABASE_URL: must be a postgres:// or postgresql:// URL');
  });
});

describe('the quick start on the embedded database', () => {
  const home = mkdtempSync(join(tmpdir(), 'lgs-home-'));
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it('loads the committed sample and prints its metrics with no server configured', async () => {
    const result = await runCli(['demo'], { DATABASE_URL: undefined, LGS_HOME: home });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('44000 lines read');
    expect(result.stdout).toContain('LGS metrics as of 2011-12-09T00:00:00');
    expect(result.stdout).toContain('Champions');
  });
});
