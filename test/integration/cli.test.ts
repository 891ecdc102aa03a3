import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../src/http/password.js';
import { loadFile } from '../../src/warehouse/load.js';
import { runCli, startCli } from '../support/cli.js';
import { freshPostgres, type TestDatabase } from '../support/databases.js';
import { HAND_COMPUTED, SAMPLE } from '../support/fixtures.js';
import { hashPassword } from '../../src/http/password.js';

/**
 * Every `lgs` command at least once, run as a user runs it (the built CLI in a child process): exit code
 * and the output that matters. Each describe block makes what it needs, so any test may run alone.
 */
const tempDir = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));

const SCHEDULES = `schedules:
  - name: weekly-marketing
    report: weekly
    cron: "0 8 * * 1"
    timezone: Europe/London
    asOf: "2011-03-09"
    recipients: { to: [marketing@lgs.example] }
    owner: admin@lgs.example
  - name: paused-briefs
    report: segment-briefs
    cron: "30 8 * * 1"
    enabled: false
    segments: all
    recipients: { default: { to: [crm@lgs.example] } }
    owner: admin@lgs.example
`;

function schedulesFile(yaml = SCHEDULES): string {
  const path = join(tempDir('lgs-cli-schedules-'), 'schedules.yaml');
  writeFileSync(path, yaml);
  return path;
}

describe('lgs db migrate', () => {
  it('creates the schema in an empty database', async () => {
    const database = await freshPostgres({ migrated: false });
    try {
      const result = await runCli(['db', 'migrate'], { DATABASE_URL: database.location });
      expect(result.code).toBe(0);
      const tables = await database.db.query<{ name: string }>("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_name IN ('invoice_line', 'report_run', 'customer_prediction') ORDER BY 1");
      expect(tables.map((t) => t.name)).toEqual(['customer_prediction', 'invoice_line', 'report_run']);
    } finally {
      await database.dispose();
    }
  });
});

describe('lgs load', () => {
  it('loads a file and prints a summary with the data-quality section', async () => {
    const database = await freshPostgres();
    try {
      const result = await runCli(['load', HAND_COMPUTED], { DATABASE_URL: database.location });
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('18 lines read, 18 loaded, 0 rejected');
      expect(result.stdout).toContain('Exact duplicate copies (counted once)');
    } finally {
      await database.dispose();
    }
  });

  it('prints the load summary and quality as JSON with --json', async () => {
    const database = await freshPostgres();
    try {
      const result = await runCli(['load', '--json', HAND_COMPUTED], { DATABASE_URL: database.location });
      expect(result.code).toBe(0);
      const output = JSON.parse(result.stdout);
      expect(output.quality.warehouse).toMatchObject({ distinctLines: 17, duplicateCopies: 1 });
      expect(output.load).toMatchObject({ linesRead: 18, linesRejected: 0 });
    } finally {
      await database.dispose();
    }
  });

  it('names the file when it cannot be read', async () => {
    const result = await runCli(['load', '/nonexistent/orders.csv'], { DATABASE_URL: undefined, LGS_HOME: tempDir('lgs-cli-home-') });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/lgs: \/nonexistent\/orders\.csv: cannot read the file/);
  });

  it('says in one line, without a stack, that a folder is not a file it can read', async () => {
    const result = await runCli(['load', tempDir('lgs-cli-folder-')], { DATABASE_URL: undefined, LGS_HOME: tempDir('lgs-cli-home-') });
    expect(result).toEqual({ code: 1, stdout: '', stderr: 'lgs: EISDIR: illegal operation on a directory, read\n' });
  });
});

describe('commands on an empty warehouse', () => {
  it('tell the user to load data first', async () => {
    const database = await freshPostgres();
    try {
      const result = await runCli(['metrics'], { DATABASE_URL: database.location });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('the warehouse holds no invoices yet: run `lgs load <file>` first');
    } finally {
      await database.dispose();
    }
  });

  it('exit with 2 for bad usage: an unknown option, a missing argument', async () => {
    expect((await runCli(['metrics', '--bogus'])).code).toBe(2);
    expect((await runCli(['run'])).code).toBe(2);
  });

  it('name the option of a number that is not one, with exit code 2', async () => {
    for (const args of [['runs', '--limit', 'abc'], ['runs', '--limit', '-5'], ['archive', 'prune', '--older-than', 'abc'], ['schedules', 'list', '--count', '0']]) {
      const result = await runCli(args);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`option '${args.at(-2)} <`);
      expect(result.stderr).toContain('It must be a whole number, at least 1.');
    }
  });

  it('name --cutoff, not --as-of, when a back-test cut-off is not a date', async () => {
    const result = await runCli(['predict', 'backtest', '--cutoff', '2011-13-45']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--cutoff "2011-13-45" is not a date');
  });

  it('name the variable when DATABASE_URL is not a PostgreSQL URL', async () => {
    const result = await runCli(['metrics'], { DATABASE_URL: 'mysql://localhost/db' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('invalid environment: DATABASE_URL: must be a postgres:// or postgresql:// URL');
  });

  it('name the variable, without its password, when SMTP_URL or REDIS_URL does not parse', async () => {
    const howTo = 'is not a valid URL: percent-encode @ : / # % in the user or password (%40 %3A %2F %23 %25)';
    const mail = await runCli(['mail', 'test', 'admin@lgs.example'], { SMTP_URL: 'smtp://reports:Se#cret99@127.0.0.1:20587' });
    expect(mail).toEqual({ code: 1, stdout: '', stderr: `lgs: invalid environment: SMTP_URL: smtp://reports:***@127.0.0.1:20587 ${howTo}\n` });
    const run = await runCli(['run', 'weekly-marketing'], { REDIS_URL: 'redis://:Se#cret99@127.0.0.1:6379/9', LGS_SCHEDULES: schedulesFile() });
    expect(run).toEqual({ code: 1, stdout: '', stderr: `lgs: invalid environment: REDIS_URL: redis://:***@127.0.0.1:6379/9 ${howTo}\n` });
  });
});

describe('commands on the hand-computed fixture', () => {
  let database: TestDatabase;
  let env: Record<string, string>;

  beforeAll(async () => {
    database = await freshPostgres();
    await loadFile(database.db, HAND_COMPUTED);
    env = { DATABASE_URL: database.location };
  });
  afterAll(() => database?.dispose());

  it('lgs metrics --json prints every metric as one JSON object with the agreed keys and JSON numbers', async () => {
    const result = await runCli(['metrics', '--json'], env);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(Object.keys(report)).toEqual(expect.arrayContaining(['asOf', 'invoiceAmounts', 'monthly', 'rfm', 'weekly', 'topProducts', 'countries', 'quality']));
    expect(report.weekly.current.sales).toBe(55);
    expect(report.monthly[1]).toMatchObject({ month: '2011-02', placedOrders: 3, sales: 255.6, partial: false });
  });

  it('lgs metrics prints readable tables', async () => {
    const result = await runCli(['metrics', '--as-of', '2011-03-09'], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('LGS metrics as of 2011-03-09T00:00:00');
    expect(result.stdout).toMatch(/2011-03 \(partial\)/);
    expect(result.stdout).toContain('£255.60');
  });

  it('lgs metrics refuses a malformed --as-of with a usage error, not a stack trace', async () => {
    const result = await runCli(['metrics', '--as-of', '2011-02-30'], env);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('--as-of "2011-02-30" is not a date');
    expect(result.stderr).not.toContain('    at ');
  });

  it('lgs quality --json prints the quality summary', async () => {
    const result = await runCli(['quality', '--json'], env);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).warehouse).toMatchObject({ distinctLines: 17, duplicateCopies: 1 });
  });

  it('lgs quality prints it as text', async () => {
    const result = await runCli(['quality'], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Distinct invoice lines\s+17/);
  });

  it('lgs report weekly writes the PDF and, with --html, the HTML into --out', async () => {
    const out = tempDir('lgs-cli-out-');
    const result = await runCli(['report', 'weekly', '--out', out, '--html'], env);
    expect(result.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['weekly-report_2011-02-28.html', 'weekly-report_2011-02-28.pdf']);
    expect(result.stdout).toContain(join(out, 'weekly-report_2011-02-28.pdf'));
    expect(readFileSync(join(out, 'weekly-report_2011-02-28.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('lgs report weekly says in one line, without a stack, that --out is a file and not a folder', async () => {
    const out = join(tempDir('lgs-cli-out-'), 'afile');
    writeFileSync(out, '');
    const result = await runCli(['report', 'weekly', '--out', out], env);
    expect(result).toEqual({ code: 1, stdout: '', stderr: `lgs: EEXIST: file already exists, mkdir '${out}'\n` });
  });

  it('lgs report segments --segment writes only the briefs asked for, each with its CSV', async () => {
    const out = tempDir('lgs-cli-out-');
    const result = await runCli(['report', 'segments', '--segment', 'loyal customers', 'hibernating', '--out', out], env);
    expect(result.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual([
      'segment-brief_2011-03-09_hibernating.csv',
      'segment-brief_2011-03-09_hibernating.pdf',
      'segment-brief_2011-03-09_loyal-customers.csv',
      'segment-brief_2011-03-09_loyal-customers.pdf',
    ]);
  });

  it('lgs report segments names an unknown segment', async () => {
    const result = await runCli(['report', 'segments', '--segment', 'vips', '--out', tempDir('lgs-cli-out-')], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('vips');
  });

  it('lgs predict says there is too little history to learn from', async () => {
    const result = await runCli(['predict'], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/lgs: not enough history to learn/);
  });

  it('lgs runs prints the run log, empty here', async () => {
    const result = await runCli(['runs'], env);
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^Run\s+Schedule\s+Period\s+Status\s+Fired\s+Retries\s+Sent\s+Uncertain\s+Started\s+Error$/);
    expect(lines.filter((line) => /^\d+\s/.test(line))).toEqual([]);
  });
});

describe('lgs predict on the sample', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await freshPostgres();
    await loadFile(database.db, SAMPLE);
  });
  afterAll(() => database?.dispose());

  it('scores every customer and says how many', async () => {
    const result = await runCli(['predict', '--as-of', '2011-12-10'], { DATABASE_URL: database.location });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^\d+ customers scored as of 2011-12-10T00:00:00 \(.+\): \d+ expected to order in the next 90 days, 12-month spend £[\d,.]+\n12-month spend .+\n$/);
    const [stored] = await database.db.query<{ n: number }>("SELECT count(*)::int AS n FROM customer_prediction WHERE as_of = '2011-12-10'");
    expect(result.stdout.startsWith(`${stored!.n} customers`)).toBe(true);
  });

  it('scores at an as-of beyond the data with the naive spend figure, the spend back-test having no year of outcomes to judge by', async () => {
    // 2012-03-01 − 365 days = 2011-03-02; its year of outcomes runs to 2012-03-01, past the sample's 2011-12-08.
    const result = await runCli(['predict', '--as-of', '2012-03-01'], { DATABASE_URL: database.location });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("12-month spend is the naive figure, spend in the last 365 days: the data does not reach the end of the spend model's back-test");
  });

  it('back-tests at a cut-off, as JSON', async () => {
    const result = await runCli(['predict', 'backtest', '--cutoff', '2011-09-01', '--json'], { DATABASE_URL: database.location });
    expect(result.code).toBe(0);
    const backtest = JSON.parse(result.stdout);
    expect(backtest).toMatchObject({ cutoff: '2011-09-01T00:00:00', trainedOn: '2011-06-03T00:00:00' });
    expect(backtest.model.calibration).toHaveLength(10);
  });

  it('back-tests at a cut-off, as text with the AUC', async () => {
    const result = await runCli(['predict', 'backtest', '--cutoff', '2011-09-01'], { DATABASE_URL: database.location });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/AUC/);
  });

  it('refuses a back-test whose 90 days after the cut-off run past the data, naming the window and the latest invoice', async () => {
    // The sample's latest invoice: 2011-12-08 11:56. 2011-10-01 + 90 days = 2011-12-30, 21 days later.
    const result = await runCli(['predict', 'backtest', '--cutoff', '2011-10-01'], { DATABASE_URL: database.location });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      "lgs: the prediction back-test compares the cut-off 2011-10-01T00:00:00 with the 90 days after it, up to 2011-12-30T00:00:00, but the warehouse's latest invoice is 2011-12-08T11:56:00: choose a cut-off at least 90 days before the data ends\n",
    );
  });

  it('refuses a spend back-test whose horizon runs past the data, however early the lapse window ends', async () => {
    // 2011-06-01 + 365 days = 2012-05-31; its first 90 days end on 2011-08-30, well inside the data.
    const result = await runCli(['predict', 'backtest', '--cutoff', '2011-06-01', '--horizon-days', '365'], { DATABASE_URL: database.location });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('with the 365 days after it, up to 2012-05-31T00:00:00');
  });

  it('refuses a recommendation back-test whose 90 days after the cut-off run past the data', async () => {
    const result = await runCli(['recommend', 'backtest', '--cutoff', '2011-10-01'], { DATABASE_URL: database.location });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('lgs: the recommendation back-test compares the cut-off 2011-10-01T00:00:00 with the 90 days after it, up to 2011-12-30T00:00:00');
  });
});

describe('lgs schedules', () => {
  it('validate counts the schedules of a valid file', async () => {
    const path = schedulesFile();
    const result = await runCli(['schedules', 'validate', '--config', path]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${path}: 2 schedule(s), valid\n`);
  });

  it('validate names the file, line and field of an error', async () => {
    const path = schedulesFile(SCHEDULES.replace('cron: "0 8 * * 1"', 'cron: "0 8 * *"'));
    const result = await runCli(['schedules', 'validate', '--config', path]);
    expect(result.code).toBe(1);
    // Four fields: cron-parser alone would take it as "every day at 08:00".
    expect(result.stderr).toContain(`${path}:4: schedules[0].cron: is not a valid cron expression (5 fields, or 6 with seconds first)`);
  });

  it('list shows next runs for an enabled schedule and none for a disabled one', async () => {
    const result = await runCli(['schedules', 'list', '--config', schedulesFile(), '--count', '2']);
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines.find((l) => l.startsWith('weekly-marketing'))).toMatch(/weekly\s+yes\s+0 8 \* \* 1 \(Europe\/London\)\s+\d{4}-\d\d-\d\d 08:00:00, \d{4}-\d\d-\d\d 08:00:00/);
    expect(lines.find((l) => l.startsWith('paused-briefs'))).toMatch(/segment-briefs\s+no\s+30 8 \* \* 1 \(Europe\/London\)\s+—/);
  });
});

describe('lgs run', () => {
  it('puts one manual run of the schedule on the queue', async () => {
    const queueName = `lgs-cli-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
    const result = await runCli(['run', 'weekly-marketing'], { LGS_SCHEDULES: schedulesFile(), LGS_QUEUE: queueName });
    expect(result.code).toBe(0);
    const id = /queued run of weekly-marketing as job (\S+) on queue (\S+)/.exec(result.stdout);
    expect(id?.[2]).toBe(queueName);
    const queue = new Queue(queueName, { connection: { host: '127.0.0.1', port: 6379 } });
    try {
      const job = await queue.getJob(id![1]!);
      expect(job?.data).toMatchObject({ schedule: 'weekly-marketing', manual: true });
    } finally {
      await queue.obliterate({ force: true });
      await queue.close();
    }
  });

  it('names the known schedules when asked for an unknown one', async () => {
    const result = await runCli(['run', 'monthly'], { LGS_SCHEDULES: schedulesFile() });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no schedule named "monthly"');
    expect(result.stderr).toContain('known: weekly-marketing, paused-briefs');
  });
});

describe('long-running commands', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await freshPostgres();
  });
  afterAll(() => database?.dispose());

  it('lgs worker starts, and stops with exit code 0 on SIGTERM', async () => {
    const home = tempDir('lgs-cli-worker-');
    const worker = startCli(['worker'], {
      DATABASE_URL: database.location,
      LGS_HOME: home,
      LGS_SCHEDULES: schedulesFile(SCHEDULES.replace('    owner: admin@lgs.example\n  - name: paused', '    owner: admin@lgs.example\n    enabled: false\n  - name: paused')),
      LGS_QUEUE: `lgs-cli-worker-${process.pid}`,
    });
    await worker.waitForOutput(/running until SIGTERM/);
    worker.child.kill('SIGTERM');
    expect(await worker.exited).toEqual({ code: 0, signal: null });
    expect(worker.output.stderr).toMatch(/worker stopped/);
  });

  it('lgs serve prints its address, answers /healthz, and stops with exit code 0 on SIGTERM', async () => {
    const home = tempDir('lgs-cli-serve-');
    const users = join(home, 'users.yaml');
    writeFileSync(users, `users:\n  - username: jane\n    passwordHash: "${await hashPassword('a-long-password-1')}"\n    role: manager\n`);
    const server = startCli(['serve'], {
      DATABASE_URL: database.location,
      LGS_HOME: home,
      LGS_USERS: users,
      LGS_SCHEDULES: schedulesFile(),
      LGS_HTTP_PORT: '0',
      LGS_SESSION_KEY: 'c3'.repeat(32),
      LGS_QUEUE: `lgs-cli-serve-${process.pid}`,
    });
    const [, address] = await server.waitForOutput(/managers' page at (http:\/\/127\.0\.0\.1:\d+)/);
    const health = await fetch(`${address}/healthz`);
    expect(health.status).toBe(200);
    expect(((await health.json()) as { status: string }).status).toBe('ok');
    server.child.kill('SIGTERM');
    expect(await server.exited).toEqual({ code: 0, signal: null });
  });

  it('lgs serve says in one line, without a stack, that its port is in use, and exits 1', async () => {
    const home = tempDir('lgs-cli-serve-');
    const users = join(home, 'users.yaml');
    writeFileSync(users, `users:\n  - username: jane\n    passwordHash: "${await hashPassword('a-long-password-1')}"\n    role: manager\n`);
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const { port } = busy.address() as AddressInfo;
    try {
      const result = await runCli(['serve'], {
        DATABASE_URL: database.location,
        LGS_HOME: home,
        LGS_USERS: users,
        LGS_SCHEDULES: schedulesFile(),
        LGS_HTTP_PORT: String(port),
        LGS_SESSION_KEY: 'c3'.repeat(32),
        LGS_QUEUE: `lgs-cli-serve-${process.pid}`,
      });
      expect(result).toEqual({ code: 1, stdout: '', stderr: `lgs: listen EADDRINUSE: address already in use 127.0.0.1:${port}\n` });
    } finally {
      busy.close();
    }
  });
});

describe('lgs users hash', () => {
  it('prints a hash of the password read from stdin that verifies it', async () => {
    const result = await runCli(['users', 'hash'], {}, { stdin: 'a-long-password-1\n' });
    expect(result.code).toBe(0);
    const hash = result.stdout.trim();
    expect(hash).toMatch(/^scrypt\$/);
    expect(hash).not.toContain('a-long-password-1');
    expect(await verifyPassword('a-long-password-1', hash)).toBe(true);
    expect(await verifyPassword('another-password', hash)).toBe(false);
  });
});

describe('the quick start on the embedded database', () => {
  const home = tempDir('lgs-home-');
  const cwd = tempDir('lgs-cwd-');
  afterAll(() => {
    rmSync(home, { recursive: true, force: true });
    rmSync(cwd, { recursive: true, force: true });
  });

  it('loads the committed sample, prints its metrics and writes every report into --out, with no server configured', { timeout: 240_000 }, async () => {
    const out = join(cwd, 'reports');
    const result = await runCli(['demo', '--out', out], { DATABASE_URL: undefined, LGS_HOME: home }, { cwd });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('44000 lines read');
    expect(result.stdout).toContain('LGS metrics as of 2011-12-09T00:00:00');
    expect(result.stdout).toContain('Champions');
    const written = readdirSync(out);
    expect(written.filter((f) => f.endsWith('.pdf'))).toHaveLength(11);
    expect(written).toContain('weekly-report_2011-11-28.pdf');
    // The demo scores the sample as a load does, so the briefs' CSVs carry a probability and recommendations.
    const [, firstCustomer] = readFileSync(join(out, 'segment-brief_2011-12-09_at-risk.csv'), 'utf8').split('\r\n');
    expect(firstCustomer).toMatch(/,0\.\d{4},-?\d+\.\d{2},[^,]+,[^,]+,\w+\|\w+\|\w+,(true|false),(target|holdout)$/);
    // Nothing lands in the working directory's out/ when --out says elsewhere.
    expect(existsSync(join(cwd, 'out'))).toBe(false);
  });
});

describe('lgs demo against a server database', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await freshPostgres();
    await loadFile(database.db, HAND_COMPUTED);
  });
  afterAll(() => database?.dispose());

  it("refuses to mix the sample into a database that holds the shop's own loads, and loads nothing", async () => {
    const out = tempDir('lgs-demo-out-');
    const result = await runCli(['demo', '--out', out], { DATABASE_URL: database.location });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^lgs: lgs demo loads the committed sample into the database .*, which already holds 1 load\(s\) of other data \(latest: hand-computed\.csv\); run it without DATABASE_URL/);
    const [loads] = await database.db.query<{ n: number }>('SELECT count(*)::int AS n FROM load_run');
    expect(loads!.n).toBe(1);
    expect(readdirSync(out)).toEqual([]);
    rmSync(out, { recursive: true, force: true });
  });
});

