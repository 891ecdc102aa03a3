import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readEnvironment } from '../../../src/config/environment.js';
import { ConfigError } from '../../../src/errors.js';
import { projectRoot } from '../../../src/project-paths.js';

describe('the environment', () => {
  it('gives the documented defaults (README, "Environment") when nothing is set', () => {
    expect(readEnvironment({ LOG_LEVEL: 'info' })).toMatchObject({
      REDIS_URL: 'redis://127.0.0.1:6379',
      MAIL_FROM: 'LGS Reports <reports@lgs-reports.local>',
      LGS_QUEUE: 'lgs-reports',
      LGS_WORKER_CONCURRENCY: 1,
      LGS_JOB_ATTEMPTS: 5,
      LGS_JOB_BACKOFF_MS: 60_000,
      LGS_JOB_LOCK_MS: 60_000,
      LGS_PRINT_TIMEOUT_MS: 60_000,
      LGS_HTTP_HOST: '127.0.0.1',
      LGS_HTTP_PORT: 8080,
      LGS_SECURE_COOKIES: false,
      LGS_SESSION_TTL_MIN: 480,
      LGS_SCORE_REFRESH_MINUTES: 60,
      LGS_STALE_TOLERANCE_HOURS: 72,
    });
    // Paths are resolved to absolute ones (the README says against what); their ends are the defaults.
    const paths = readEnvironment({});
    expect(paths.LGS_HOME).toMatch(/\.lgs$/);
    expect(paths.LGS_SCHEDULES).toMatch(/config\/schedules\.yaml$/);
    expect(paths.LGS_USERS).toMatch(/config\/users\.yaml$/);
    const unset = readEnvironment({});
    expect(unset.DATABASE_URL).toBeUndefined();
    expect(unset.SMTP_URL).toBeUndefined();
    expect(unset.LGS_SESSION_KEY).toBeUndefined();
  });

  it('reads numbers and the cookie flag from their text', () => {
    expect(readEnvironment({ LGS_JOB_ATTEMPTS: '7', LGS_HTTP_PORT: '0', LGS_SECURE_COOKIES: 'true' })).toMatchObject({ LGS_JOB_ATTEMPTS: 7, LGS_HTTP_PORT: 0, LGS_SECURE_COOKIES: true });
  });

  it.each([
    ['DATABASE_URL', 'mysql://localhost/db', 'DATABASE_URL: must be a postgres:// or postgresql:// URL'],
    ['REDIS_URL', 'http://127.0.0.1:6379', 'REDIS_URL: must be a redis:// or rediss:// URL'],
    ['SMTP_URL', 'mail.example:25', 'SMTP_URL: must be an smtp:// or smtps:// URL'],
    ['LGS_SESSION_KEY', 'abc', 'LGS_SESSION_KEY: must be 64 hex characters (openssl rand -hex 32)'],
  ])('refuses %s=%s, naming the variable and what it must be', (name, value, message) => {
    expect(() => readEnvironment({ [name]: value })).toThrow(`invalid environment: ${message}`);
  });

  it.each([
    ['SMTP_URL', 'smtp://reports:Se#cret99@127.0.0.1:20587', 'smtp://reports:***@127.0.0.1:20587'],
    ['REDIS_URL', 'redis://:Se#cret99@127.0.0.1:6379/9', 'redis://:***@127.0.0.1:6379/9'],
    ['SMTP_URL', 'smtp://reports@shop.example:pa?ss@mail.example:587', 'smtp://reports@shop.example:***@mail.example:587'],
    // Parses, but a bare % is not a percent-encoding: ioredis's decodeURIComponent threw URIError at start.
    ['REDIS_URL', 'redis://:50%off@127.0.0.1:6379/10', 'redis://:***@127.0.0.1:6379/10'],
  ])('refuses %s=%s that does not parse, with the password masked and how to write it', (name, value, masked) => {
    expect(() => readEnvironment({ [name]: value })).toThrow(
      `invalid environment: ${name}: ${masked} is not a valid URL: percent-encode @ : / # % in the user or password (%40 %3A %2F %23 %25)`,
    );
  });

  // `new URL` reads these as host `reports`, port 2011 and a path, query or fragment holding the real host.
  it.each([
    ['smtp://reports:2011/x@mail.example:587'],
    ['smtp://reports:2011?x@mail.example:587'],
    ['smtp://reports:2011#x@mail.example:587'],
  ])('refuses SMTP_URL=%s, whose password cut the URL short before its host', (value) => {
    expect(() => readEnvironment({ SMTP_URL: value })).toThrow(
      'invalid environment: SMTP_URL: smtp://reports:***@mail.example:587 is not a valid URL: percent-encode @ : / # % in the user or password (%40 %3A %2F %23 %25)',
    );
  });

  it('names only the scheme of a URL of another kind, even when it would not parse either', () => {
    let message: string | undefined;
    try {
      readEnvironment({ REDIS_URL: 'http://:Se#cret99@127.0.0.1:6379' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toBe('invalid environment: REDIS_URL: must be a redis:// or rediss:// URL');
  });

  it('accepts a user name and password with @ : / # percent-encoded', () => {
    const smtp = 'smtp://reports%40shop.example:S%2Fe%23c%3Aret%4099@mail.example:587';
    const redis = 'redis://:Se%23cret99@127.0.0.1:6379/9';
    expect(readEnvironment({ SMTP_URL: smtp, REDIS_URL: redis })).toMatchObject({ SMTP_URL: smtp, REDIS_URL: redis });
  });

  it('accepts both URL spellings', () => {
    expect(readEnvironment({ DATABASE_URL: 'postgresql://h/db', REDIS_URL: 'rediss://h:6380', SMTP_URL: 'smtps://h:465' })).toMatchObject({ DATABASE_URL: 'postgresql://h/db', REDIS_URL: 'rediss://h:6380', SMTP_URL: 'smtps://h:465' });
  });

  it('lists every problem at once, as a ConfigError with each problem', () => {
    let error: unknown;
    try {
      readEnvironment({ LGS_JOB_ATTEMPTS: '0', LGS_HTTP_PORT: '70000' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/^invalid environment: LGS_JOB_ATTEMPTS: .+; LGS_HTTP_PORT: .+$/);
    expect((error as ConfigError).context).toMatchObject({ source: 'environment' });
  });

  it('takes relative state and config paths from the install folder, absolute ones as written', () => {
    const environment = readEnvironment({ LGS_HOME: 'state', LGS_ARCHIVE: '/srv/lgs/archive' });
    expect(environment.LGS_HOME).toBe(join(projectRoot, 'state'));
    expect(environment.LGS_SCHEDULES).toBe(join(projectRoot, 'config', 'schedules.yaml'));
    expect(environment.LGS_USERS).toBe(join(projectRoot, 'config', 'users.yaml'));
    expect(environment.LGS_ARCHIVE).toBe('/srv/lgs/archive');
  });

  it('leaves the archive unset when LGS_ARCHIVE is not given', () => {
    expect(readEnvironment({}).LGS_ARCHIVE).toBeUndefined();
  });

  it('keeps archived reports for the days LGS_ARCHIVE_KEEP_DAYS says, and for ever when it is empty or unset', () => {
    expect(readEnvironment({ LGS_ARCHIVE_KEEP_DAYS: '400' }).LGS_ARCHIVE_KEEP_DAYS).toBe(400);
    // An .env line `LGS_ARCHIVE_KEEP_DAYS=` (compose's `${LGS_ARCHIVE_KEEP_DAYS:-}`) means unset, not 0 days.
    expect(readEnvironment({ LGS_ARCHIVE_KEEP_DAYS: '' }).LGS_ARCHIVE_KEEP_DAYS).toBeUndefined();
    expect(readEnvironment({}).LGS_ARCHIVE_KEEP_DAYS).toBeUndefined();
  });

  it('reads any variable set empty as unset, so its default applies (an .env line NAME= passed on by compose)', () => {
    const environment = readEnvironment({ LGS_PUBLIC_URL: '', LGS_JOB_ATTEMPTS: '', SMTP_URL: '', LGS_SECURE_COOKIES: '' });
    expect([environment.LGS_PUBLIC_URL, environment.LGS_JOB_ATTEMPTS, environment.SMTP_URL, environment.LGS_SECURE_COOKIES]).toEqual([undefined, 5, undefined, false]);
  });

  it('refuses an empty DATABASE_URL rather than moving to the embedded database', () => {
    expect(() => readEnvironment({ DATABASE_URL: '' })).toThrow('invalid environment: DATABASE_URL: must be a postgres:// or postgresql:// URL');
  });

  it('reads an empty LGS_SESSION_KEY as unset, and a 64-hex-digit one as the key', () => {
    const key = '0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0';
    expect(readEnvironment({ LGS_SESSION_KEY: '' }).LGS_SESSION_KEY).toBeUndefined();
    expect(readEnvironment({ LGS_SESSION_KEY: key }).LGS_SESSION_KEY).toBe(key);
  });

  it('reads the trusted proxies as a comma-separated list of addresses and ranges, spaces allowed', () => {
    expect(readEnvironment({ LGS_TRUST_PROXY: '127.0.0.1, 10.0.0.0/8,::1' }).LGS_TRUST_PROXY).toEqual(['127.0.0.1', '10.0.0.0/8', '::1']);
    expect(readEnvironment({}).LGS_TRUST_PROXY).toEqual([]);
  });

  it('refuses a trusted proxy named by host name', () => {
    expect(() => readEnvironment({ LGS_TRUST_PROXY: '10.0.0.1,proxy.lgs.example' })).toThrow(
      'invalid environment: LGS_TRUST_PROXY: must be IP addresses or CIDR ranges, comma-separated (e.g. 127.0.0.1 or 10.0.0.0/8)',
    );
  });
});
