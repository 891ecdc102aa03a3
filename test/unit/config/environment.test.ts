import { describe, expect, it } from 'vitest';
import { readEnvironment } from '../../../src/config/environment.js';
import { ConfigError } from '../../../src/errors.js';

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
});
