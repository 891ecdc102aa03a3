import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SMTPServer, type SMTPServerAddress, type SMTPServerSession } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSchedules } from '../../src/config/schedules-file.js';
import { runCli } from '../support/cli.js';
import { freshPostgres, type TestDatabase } from '../support/databases.js';
import { HAND_COMPUTED } from '../support/fixtures.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp.js';

/**
 * What an operator meets when something around the service is missing or wrong (issue 14): each case runs
 * the built `lgs` as a process against real PostgreSQL, Redis and SMTP servers, or a port nothing listens on.
 */
const INSTALL = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');
const folders: string[] = [];
const tempDir = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  folders.push(dir);
  return dir;
};
afterAll(() => folders.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A loopback port that was free a moment ago and that nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const WEEKLY = `schedules:
  - name: weekly-marketing
    report: weekly
    cron: "0 7 * * 1"
    recipients: { to: [marketing@lgs.example] }
    owner: admin@lgs.example
`;

function schedulesFile(yaml: string): string {
  const path = join(tempDir('lgs-op-schedules-'), 'schedules.yaml');
  writeFileSync(path, yaml);
  return path;
}

describe('1. the worker and the page need a database server', () => {
  it('lgs worker on the embedded database refuses to start and says to set DATABASE_URL', async () => {
    const result = await runCli(['worker'], { DATABASE_URL: undefined, LGS_HOME: tempDir('lgs-op-home-'), LGS_SCHEDULES: schedulesFile(WEEKLY) });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('lgs worker needs a PostgreSQL server');
    expect(result.stderr).toContain('Set DATABASE_URL=postgres://');
  });

  it('lgs serve on the embedded database refuses to start and says to set DATABASE_URL', async () => {
    const result = await runCli(['serve'], { DATABASE_URL: undefined, LGS_HOME: tempDir('lgs-op-home-') });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('lgs serve needs a PostgreSQL server');
  });
});

describe('2. one way to find the warehouse and the config files', () => {
  it('takes a relative LGS_SCHEDULES from the install folder, whatever the current directory', async () => {
    const result = await runCli(['schedules', 'validate'], { LGS_SCHEDULES: 'config/schedules.yaml' }, { cwd: tempDir('lgs-op-cwd-') });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`${INSTALL}/config/schedules.yaml: `);
  });

  it('names the file it could not read, with its full path', async () => {
    const result = await runCli(['schedules', 'validate'], { LGS_SCHEDULES: 'config/no-such.yaml' }, { cwd: tempDir('lgs-op-cwd-') });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${INSTALL}/config/no-such.yaml: cannot read the schedules file (ENOENT)`);
  });

  it('names the database when the warehouse is empty', async () => {
    const database = await freshPostgres();
    try {
      const result = await runCli(['metrics'], { DATABASE_URL: database.location });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`the warehouse holds no invoices yet: run \`lgs load <file>\` first (database: ${database.location})`);
    } finally {
      await database.dispose();
    }
  });
});

describe('3-5. mail an operator can trust', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await freshPostgres();
  });
  afterAll(() => database?.dispose());

  it('lgs mail test sends a message through SMTP_URL and prints the server\'s answer', async () => {
    const smtp = await startSmtpServer();
    try {
      const result = await runCli(['mail', 'test', 'ops@lgs.example'], { SMTP_URL: smtp.url, MAIL_FROM: 'LGS Reports <reports@lgs.example>' });
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('message for ops@lgs.example accepted');
      expect(result.stdout).toMatch(/answer: 250 /);
      expect(smtp.to('ops@lgs.example')).toHaveLength(1);
      expect(smtp.to('ops@lgs.example')[0]!.mail.subject).toBe('LGS Reports: test message');
    } finally {
      await smtp.close();
    }
  });

  it('lgs mail test prints the address and the reply of a server that refuses the recipient', async () => {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onRcptTo(address: SMTPServerAddress, _session: SMTPServerSession, callback: (error?: Error) => void) {
        callback(Object.assign(new Error(`mailbox unavailable: ${address.address}`), { responseCode: 550 }));
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.server.address() as AddressInfo;
      const result = await runCli(['mail', 'test', 'nobody@lgs.example'], { SMTP_URL: `smtp://127.0.0.1:${port}` });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('nobody@lgs.example');
      expect(result.stderr).toContain('550 mailbox unavailable: nobody@lgs.example');
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('lgs mail test says ECONNREFUSED when no SMTP server listens', async () => {
    const port = await closedPort();
    const result = await runCli(['mail', 'test', 'ops@lgs.example'], { SMTP_URL: `smtp://mailer:s3cret@127.0.0.1:${port}` });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`smtp://mailer:***@127.0.0.1:${port} did not take the message for ops@lgs.example`);
    expect(result.stderr).toContain('ECONNREFUSED');
    expect(result.stderr).not.toContain('s3cret');
  });

  it('lgs mail test without SMTP_URL says the message was written to the outbox, not sent', async () => {
    const home = tempDir('lgs-op-home-');
    const result = await runCli(['mail', 'test', 'ops@lgs.example'], { SMTP_URL: undefined, LGS_HOME: home });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`outbox folder ${home}/outbox: message for ops@lgs.example written (not sent: SMTP_URL is not set)`);
  });

  it('the worker warns at start that mail goes to the outbox without SMTP_URL', async () => {
    const worker = await startedWorkerOutput({ DATABASE_URL: database.location, SMTP_URL: undefined });
    expect(worker).toContain('SMTP_URL is not set: reports are written to the outbox folder');
  });

  it('the worker warns at start when the SMTP server does not answer, naming it without its password', async () => {
    const port = await closedPort();
    const worker = await startedWorkerOutput({ DATABASE_URL: database.location, SMTP_URL: `smtp://mailer:s3cret@127.0.0.1:${port}` });
    expect(worker).toContain(`cannot use the SMTP server at smtp://mailer:***@127.0.0.1:${port}:`);
    expect(worker).toContain('ECONNREFUSED');
    expect(worker).not.toContain('s3cret');
  });

  /** Starts `lgs worker`, waits until it runs, stops it, and gives what it logged. */
  async function startedWorkerOutput(env: Record<string, string | undefined>): Promise<string> {
    const { startCli } = await import('../support/cli.js');
    const home = tempDir('lgs-op-worker-');
    const worker = startCli(['worker'], { LGS_HOME: home, LGS_SCHEDULES: schedulesFile(WEEKLY), LGS_QUEUE: `lgs-op-${process.pid}-${Math.random().toString(36).slice(2, 8)}`, LOG_LEVEL: 'info', ...env });
    await worker.waitForOutput(/running until SIGTERM/);
    worker.child.kill('SIGTERM');
    await worker.exited;
    return worker.output.stderr;
  }
});

describe('6-7. unreachable servers are named at once', () => {
  it('lgs run with Redis unreachable fails at once naming Redis without its password', async () => {
    const port = await closedPort();
    const result = await runCli(['run', 'weekly-marketing'], { LGS_SCHEDULES: schedulesFile(WEEKLY), REDIS_URL: `redis://:s3cret@127.0.0.1:${port}` });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`lgs: cannot reach Redis at redis://:***@127.0.0.1:${port}`);
    expect(result.stderr).not.toContain('s3cret');
    expect(result.stderr).not.toContain('    at ');
  });

  it('lgs worker with Redis unreachable stops at start naming Redis', async () => {
    const database = await freshPostgres();
    try {
      const port = await closedPort();
      const result = await runCli(['worker'], { DATABASE_URL: database.location, LGS_HOME: tempDir('lgs-op-home-'), LGS_SCHEDULES: schedulesFile(WEEKLY), REDIS_URL: `redis://127.0.0.1:${port}` });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`lgs: cannot reach Redis at redis://127.0.0.1:${port}`);
    } finally {
      await database.dispose();
    }
  });

  it('a database that does not exist is named, without its password, with the createdb step', async () => {
    const result = await runCli(['metrics'], { DATABASE_URL: 'postgres://postgres:s3cret@127.0.0.1:5432/lgs_no_such_database' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('lgs: cannot connect to postgres://postgres:***@127.0.0.1:5432/lgs_no_such_database: database "lgs_no_such_database" does not exist');
    expect(result.stderr).toContain('createdb -h 127.0.0.1 -p 5432 -U postgres lgs_no_such_database');
    expect(result.stderr).not.toContain('s3cret');
  });

  it('a database server that does not listen is named with the reason', async () => {
    const port = await closedPort();
    const result = await runCli(['metrics'], { DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/lgs` });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`lgs: cannot connect to postgres://postgres@127.0.0.1:${port}/lgs: connect ECONNREFUSED 127.0.0.1:${port}`);
  });
});

describe('8. segment names in schedules.yaml', () => {
  const briefs = (segments: string, recipients = '      default: { to: [crm@lgs.example] }') =>
    schedulesFile(`schedules:
  - name: briefs
    report: segment-briefs
    cron: "0 7 * * 1"
    segments: ${segments}
    recipients:
${recipients}
    owner: admin@lgs.example
`);

  it('accepts the spellings the command line accepts, in any case and punctuation', async () => {
    const config = await readSchedules(briefs('[Champions, at risk, "cant lose", NEED-ATTENTION]', '      default: { to: [crm@lgs.example] }\n      at-risk: { to: [risk@lgs.example] }'));
    const schedule = config.schedules[0]!;
    expect(schedule.report === 'segment-briefs' && schedule.segments).toEqual(['Champions', 'At Risk', "Can't Lose", 'Need Attention']);
    expect(schedule.report === 'segment-briefs' && schedule.recipients['At Risk']?.to).toEqual(['risk@lgs.example']);
  });

  it("reads a relative ingest folder from the schedules file's own folder, whatever the working directory", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lgs-config-'));
    try {
      const path = join(dir, 'schedules.yaml');
      writeFileSync(path, 'schedules: []\ningest: { folder: inbox, cron: "*/5 * * * *" }\n');
      expect((await readSchedules(path)).ingest?.folder).toBe(join(dir, 'inbox'));
      writeFileSync(path, 'schedules: []\ningest: { folder: /var/lib/lgs/inbox, cron: "*/5 * * * *" }\n');
      expect((await readSchedules(path)).ingest?.folder).toBe('/var/lib/lgs/inbox');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names an unknown segment with its line and lists the valid names', async () => {
    const path = briefs('[Champions, Sleepers]');
    await expect(readSchedules(path)).rejects.toThrow(`${path}:5: schedules[0].segments[1]: "Sleepers" is not a segment; choose from: Champions, Loyal Customers, Potential Loyalists, New Customers, Promising, Need Attention, About to Sleep, At Risk, Can't Lose, Hibernating`);
  });
});

describe('11. upgrades: lgs db migrate is the step, and old code refuses a newer schema', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await freshPostgres();
  });
  afterAll(() => database?.dispose());

  it('a command refuses pending migrations on a server database and names the upgrade steps; lgs db migrate applies them', async () => {
    // As if this database predated migration 0010_1 (which can be applied again: it replaces a constraint).
    const newest = { name: 'migrations/0010_1_outbox_delivery' };
    await database.db.query('DELETE FROM schema_migration WHERE name = $1', [newest.name]);
    const refused = await runCli(['load', HAND_COMPUTED], { DATABASE_URL: database.location });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`needs schema migrations ${newest.name.replace('migrations/', '')}: stop the workers and the page, run \`lgs db migrate\`, then start them again`);
    const migrated = await runCli(['db', 'migrate'], { DATABASE_URL: database.location });
    expect(migrated.code).toBe(0);
    expect(migrated.stdout).toContain(`applied ${newest.name.replace('migrations/', '')}`);
    expect((await runCli(['load', HAND_COMPUTED], { DATABASE_URL: database.location })).code).toBe(0);
  });

  it('refuses a database migrated by a newer version, naming both schema versions', async () => {
    await database.db.query("INSERT INTO schema_migration (name) VALUES ('migrations/9999_from_the_future')");
    for (const args of [['metrics'], ['db', 'migrate']]) {
      const result = await runCli(args, { DATABASE_URL: database.location });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/has schema 9999_from_the_future, newer than this version of lgs knows \(newest: \d{4}_[a-z0-9_]+\): run the newer version of lgs/);
    }
  });
});
