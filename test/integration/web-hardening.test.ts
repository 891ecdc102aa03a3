import { randomBytes, scryptSync } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FolderArchive } from '../../src/archive/folder-archive.js';
import { hashPassword } from '../../src/http/password.js';
import { unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import * as runs from '../../src/queries/run-queries.js';
import { freshPostgres, type TestDatabase } from '../support/databases.js';
import { startPage, usersYaml, type StartedPage, type TestUser } from '../support/started-page.js';
import { CookieJar, csrfTokenIn } from '../support/web.js';
import { runCli } from '../support/cli.js';
import { parseSchedules } from '../../src/config/schedules-file.js';
import { outboxMailer } from '../../src/mail/mailer.js';
import { SharedBrowser } from '../../src/pdf/shared-browser.js';
import { createTemplateRenderer } from '../../src/render/template-renderer.js';
import { runScheduledReport } from '../../src/report/scheduled-run.js';
import { loadFile } from '../../src/warehouse/load.js';
import { HAND_COMPUTED } from '../support/fixtures.js';
import { SCHEDULES_YAML } from '../support/web.js';

/** The managers' page started as `lgs serve` starts it, against a real PostgreSQL and Redis. */
// Each login costs a scrypt at N=2^17 (128 MiB, about a second; several on a loaded machine).
vi.setConfig({ testTimeout: 240_000 });
let JANE: TestUser = { username: 'jane', password: 'manager-password-1', role: 'manager' };
let SAM: TestUser = { username: 'sam', password: 'admin-password-1', role: 'admin' };

let database: TestDatabase;
let users: string;

beforeAll(async () => {
  database = await freshPostgres();
  // Hashed once: rewriting the users file with the same hashes keeps sessions (a new hash ends them).
  JANE = { ...JANE, passwordHash: await hashPassword(JANE.password) };
  SAM = { ...SAM, passwordHash: await hashPassword(SAM.password) };
  users = await usersYaml([JANE, SAM]);
});
afterAll(async () => {
  await database?.dispose();
});

type App = StartedPage['app'];

/** One login through the form; `headers` are added to the POST (e.g. a forged X-Forwarded-For). */
async function attemptLogin(app: App, username: string, password: string, headers: Record<string, string> = {}) {
  const jar = new CookieJar();
  const form = await app.inject({ method: 'GET', url: '/login', headers });
  jar.store(form.headers['set-cookie']);
  const response = await app.inject({
    method: 'POST',
    url: '/login',
    headers: { ...headers, cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: csrfTokenIn(form.body), username, password }).toString(),
  });
  jar.store(response.headers['set-cookie']);
  return { status: response.statusCode, body: response.body, jar, tokenBeforeLogin: csrfTokenIn(form.body) };
}

const get = (app: App, url: string, jar: CookieJar) => app.inject({ method: 'GET', url, headers: { cookie: jar.header() } });

async function withPage<T>(env: Record<string, string>, body: (page: StartedPage) => Promise<T>, usersText = users, databaseUrl = database.location): Promise<T> {
  const page = await startPage(databaseUrl, usersText, env);
  try {
    return await body(page);
  } finally {
    await page.stop();
  }
}

describe('login limits and X-Forwarded-For (LGS_TRUST_PROXY)', () => {
  it('ignores X-Forwarded-For when no proxy is configured: forged addresses share the real one\'s limit', async () => {
    await withPage({ LGS_LOGIN_ATTEMPTS_PER_MINUTE: '2' }, async ({ app }) => {
      const statuses: number[] = [];
      for (const forged of ['203.0.113.1', '203.0.113.2', '203.0.113.3']) {
        statuses.push((await attemptLogin(app, 'jane', 'wrong-password', { 'x-forwarded-for': forged })).status);
      }
      expect(statuses).toEqual([401, 401, 429]);
    });
  });

  it('believes X-Forwarded-For from the configured proxy, and still limits guesses at one user name from many addresses', async () => {
    await withPage({ LGS_TRUST_PROXY: '127.0.0.1', LGS_LOGIN_ATTEMPTS_PER_MINUTE: '2', LGS_LOGIN_FAILURES_PER_USER: '3' }, async ({ app }) => {
      const statuses: number[] = [];
      for (const client of ['198.51.100.1', '198.51.100.2', '198.51.100.3', '198.51.100.4']) {
        statuses.push((await attemptLogin(app, 'jane', 'wrong-password', { 'x-forwarded-for': client })).status);
      }
      expect(statuses).toEqual([401, 401, 401, 429]);
      // The right password does not help while the name is locked; another user is not affected.
      const jane = await attemptLogin(app, 'jane', JANE.password, { 'x-forwarded-for': '198.51.100.5' });
      expect(jane.status).toBe(429);
      expect(jane.body).toContain('Too many failed logins for this user name');
      expect((await attemptLogin(app, 'sam', SAM.password, { 'x-forwarded-for': '198.51.100.6' })).status).toBe(303);
    });
  });

  it('keys the per-address limit on the forwarded client when the proxy is trusted', async () => {
    await withPage({ LGS_TRUST_PROXY: '127.0.0.1', LGS_LOGIN_ATTEMPTS_PER_MINUTE: '2' }, async ({ app }) => {
      const one = { 'x-forwarded-for': '198.51.100.7' };
      expect((await attemptLogin(app, 'nobody', 'wrong-password', one)).status).toBe(401);
      expect((await attemptLogin(app, 'nobody2', 'wrong-password', one)).status).toBe(401);
      expect((await attemptLogin(app, 'nobody3', 'wrong-password', one)).status).toBe(429);
      expect((await attemptLogin(app, 'sam', SAM.password, { 'x-forwarded-for': '198.51.100.8' })).status).toBe(303);
    });
  });
});

describe('sessions follow the users file', () => {
  it('ends the session of a user removed from users.yaml at their next request', async () => {
    await withPage({}, async ({ app, usersPath }) => {
      const { jar } = await attemptLogin(app, 'jane', JANE.password);
      expect((await get(app, '/reports', jar)).statusCode).toBe(200);
      writeFileSync(usersPath, await usersYaml([SAM]));
      const after = await get(app, '/reports', jar);
      expect(after.statusCode).toBe(302);
      expect(after.headers.location).toMatch(/^\/login/);
    });
  });

  it('takes the admin role away from a demoted admin at their next request', async () => {
    await withPage({}, async ({ app, usersPath }) => {
      const { jar } = await attemptLogin(app, 'sam', SAM.password);
      const schedules = await get(app, '/schedules', jar);
      jar.store(schedules.headers['set-cookie']);
      writeFileSync(usersPath, await usersYaml([JANE, { ...SAM, role: 'manager' }]));
      const run = await app.inject({
        method: 'POST', url: '/schedules/weekly-marketing/run',
        headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _csrf: csrfTokenIn(schedules.body) }).toString(),
      });
      expect(run.statusCode).toBe(403);
    });
  });

  it('ends sessions made with a password that users.yaml no longer holds', async () => {
    await withPage({}, async ({ app, usersPath }) => {
      const { jar } = await attemptLogin(app, 'jane', JANE.password);
      writeFileSync(usersPath, await usersYaml([{ ...JANE, passwordHash: undefined, password: 'a-new-password-2' }, SAM]));
      expect((await get(app, '/reports', jar)).statusCode).toBe(302);
    });
  });

  it('starts a new session at login: a form token issued before the login is no longer accepted', async () => {
    await withPage({}, async ({ app }) => {
      const { jar, tokenBeforeLogin, status } = await attemptLogin(app, 'jane', JANE.password);
      expect(status).toBe(303);
      const logout = await app.inject({
        method: 'POST', url: '/logout',
        headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _csrf: tokenBeforeLogin }).toString(),
      });
      expect(logout.statusCode).toBe(403);
    });
  });

  it('keeps the last valid users when users.yaml becomes invalid, and logs it', async () => {
    await withPage({}, async ({ app, usersPath, logs }) => {
      const { jar } = await attemptLogin(app, 'jane', JANE.password);
      writeFileSync(usersPath, 'users:\n  - username: jane\n    passwordHash: plain-text\n');
      expect((await get(app, '/reports', jar)).statusCode).toBe(200);
      expect(logs.some((line) => line.level === 50 && String(line.msg).includes('users file invalid'))).toBe(true);
    });
  });
});

describe('logout', () => {
  it('refuses a copy of the session cookie sent after logout, and logs that a copy came back', async () => {
    await withPage({}, async ({ app, logs }) => {
      const { jar } = await attemptLogin(app, 'jane', JANE.password);
      const copy = new CookieJar();
      copy.store(jar.header().split('; '));
      const page = await get(app, '/reports', jar);
      jar.store(page.headers['set-cookie']);
      const logout = await app.inject({
        method: 'POST', url: '/logout',
        headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _csrf: csrfTokenIn(page.body) }).toString(),
      });
      expect(logout.statusCode).toBe(303);
      const replay = await get(app, '/reports', copy);
      expect([replay.statusCode, replay.headers.location]).toEqual([302, '/login?expired=1']);
      const warning = logs.find((line) => String(line.msg).startsWith('session refused: it was ended by logout'));
      expect(warning).toMatchObject({ level: 40, user: 'jane' });
    });
  });
});

describe('the session key', () => {
  it('is kept under LGS_HOME when LGS_SESSION_KEY is unset, so a restarted page keeps its managers logged in', async () => {
    const first = await startPage(database.location, users, { LGS_SESSION_KEY: '' });
    const home = dirname(first.usersPath);
    let jar: CookieJar;
    try {
      jar = (await attemptLogin(first.app, 'jane', JANE.password)).jar;
    } finally {
      await first.stop();
    }
    expect(statSync(join(home, 'session.key')).mode & 0o777).toBe(0o600);
    await withPage({ LGS_HOME: home }, async ({ app }) => {
      expect((await get(app, '/reports', jar)).statusCode).toBe(200);
    });
  });
});

describe('errors and bad input', () => {
  it('answers 400 naming the field for a date that is not a day of the calendar', async () => {
    await withPage({}, async ({ app }) => {
      const { jar } = await attemptLogin(app, 'jane', JANE.password);
      const answers = [];
      for (const query of ['from=2024-13-45', 'from=2023-02-29', 'to=2024-1-5', 'to=yesterday']) {
        const response = await get(app, `/reports?${query}`, jar);
        answers.push([response.statusCode, response.body]);
      }
      expect(answers).toEqual([
        [400, 'Bad request: from: 2024-13-45 is not a day of the calendar.'],
        [400, 'Bad request: from: 2023-02-29 is not a day of the calendar.'],
        [400, 'Bad request: to: "2024-1-5" is not a date in the form YYYY-MM-DD.'],
        [400, 'Bad request: to: "yesterday" is not a date in the form YYYY-MM-DD.'],
      ]);
      // A leap day is a day; an empty field (the form left blank) is no filter.
      expect((await get(app, '/reports?from=2024-02-29&to=', jar)).statusCode).toBe(200);
    });
  });

  it('answers a database failure with a plain 500 and logs the error', async () => {
    const own = await freshPostgres();
    try {
      await withPage({}, async ({ app, logs }) => {
        const { jar } = await attemptLogin(app, 'jane', JANE.password);
        await own.db.query('ALTER TABLE report_document RENAME TO report_document_gone');
        const response = await get(app, '/reports', jar);
        expect(response.statusCode).toBe(500);
        expect(response.headers['content-type']).toMatch(/^text\/plain/);
        expect(response.body).toMatch(/^Internal server error \(reference [\w-]+\)\.$/);
        expect(response.body).not.toMatch(/report_document|relation|query|sql/i);
        const logged = logs.find((line) => line.msg === 'request failed');
        expect(JSON.stringify(logged)).toContain('report_document');
      }, users, own.location);
    } finally {
      await own.dispose();
    }
  });
});

describe('a download whose file left the archive', () => {
  it('answers 404 "no longer in the archive" without the server\'s path', async () => {
    await withPage({}, async ({ app, archiveFolder }) => {
      const run = await runs.openRun(database.db, 'weekly-marketing', '2011-02-28', 'weekly', '2011-03-09T00:00:00', new Date('2011-03-09T08:00:00Z'));
      const key = 'weekly-marketing/2011-02-28/weekly-report_2011-02-28.pdf';
      await new FolderArchive(archiveFolder).put(key, Buffer.from('%PDF-1.4 gone soon'));
      await runs.addDocument(database.db, run.run_id, 0, {
        messageKey: 'weekly', archiveKey: key, fileName: 'weekly-report_2011-02-28.pdf', contentType: 'application/pdf', bytes: 18, sha256: '0'.repeat(64), segment: null,
      });
      await runs.setRunStatus(database.db, run.run_id, 'sent', null);
      await unlink(join(archiveFolder, key));
      const { jar } = await attemptLogin(app, 'jane', JANE.password);
      const response = await get(app, `/files/${run.run_id}/0`, jar);
      expect(response.statusCode).toBe(404);
      expect(response.body).toBe('weekly-report_2011-02-28.pdf is no longer in the archive.');
    });
  });
});

describe('a download whose archived file is damaged on disk', () => {
  it('is refused with a plain 500 and no byte of the file, and the damage is logged at error level', async () => {
    const own = await freshPostgres();
    try {
      await loadFile(own.db, HAND_COMPUTED);
      await withPage({}, async ({ app, archiveFolder, logs }) => {
        // Archived as a worker archives it: printed by Chromium, its sha256 recorded in the run log.
        const browser = new SharedBrowser(process.env.CHROME_PATH);
        const home = dirname(archiveFolder);
        const outcome = await runScheduledReport(
          { db: own.db, renderer: createTemplateRenderer(), browser, archive: new FolderArchive(archiveFolder), mailer: outboxMailer(join(home, 'outbox')), from: 'reports@lgs.example' },
          parseSchedules(SCHEDULES_YAML, 'schedules.yaml').schedules[0]!,
          new Date(),
          { isLastAttempt: true },
        ).finally(() => browser.close());
        const file = join(archiveFolder, 'weekly-marketing', '2011-02-28', 'weekly-report_2011-02-28.pdf');
        const archived = readFileSync(file);
        expect(archived.subarray(0, 5).toString()).toBe('%PDF-');
        const { jar } = await attemptLogin(app, 'jane', JANE.password);
        expect((await get(app, `/files/${outcome.runId}/0`, jar)).rawPayload.equals(archived)).toBe(true);

        // One bit rots in the middle of the file; its size stays the same.
        const damaged = Buffer.from(archived);
        damaged[damaged.length >> 1]! ^= 0x01;
        writeFileSync(file, damaged);
        for (const url of [`/files/${outcome.runId}/0`, `/files/${outcome.runId}/0?inline=1`]) {
          const response = await get(app, url, jar);
          expect(response.statusCode, url).toBe(500);
          expect(response.headers['content-type'], url).toBe('text/plain; charset=utf-8');
          expect(response.headers['content-disposition'], url).toBeUndefined();
          expect(response.body, url).toMatch(/^Internal server error \(reference [\w-]+\)\.$/);
        }
        const failures = logs.filter((line) => line.msg === 'request failed');
        expect(failures).toHaveLength(2);
        for (const failure of failures) {
          // The reference the manager was given finds the whole error in the log, for whoever runs the page.
          expect(failure.level).toBe(50);
          expect(failure.err).toMatchObject({ type: 'ArchiveIntegrityError', message: expect.stringContaining('archived file weekly-marketing/2011-02-28/weekly-report_2011-02-28.pdf is damaged') });
        }
      }, users, own.location);
    } finally {
      await own.dispose();
    }
  });
});

describe('password hashes and /healthz', () => {
  /** A hash as `lgs users hash` made it before the parameters grew (N=2^15). */
  function oldHash(password: string): string {
    const salt = randomBytes(16);
    const key = scryptSync(password, salt, 32, { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
    return `scrypt$32768$8$1$${salt.toString('base64')}$${key.toString('base64')}`;
  }

  it('lets a user with an older, weaker hash log in, and flags the hash in the log', async () => {
    const text = await usersYaml([{ ...JANE, passwordHash: oldHash(JANE.password) }, SAM]);
    await withPage({}, async ({ app, logs }) => {
      expect(logs.some((line) => line.user === 'jane' && String(line.msg).includes('below the current scrypt parameters'))).toBe(true);
      expect(logs.some((line) => line.user === 'sam' && String(line.msg).includes('below the current scrypt parameters'))).toBe(false);
      expect((await attemptLogin(app, 'jane', JANE.password)).status).toBe(303);
    }, text);
  });

  it('reports a failing store as "failing" only, and logs why', async () => {
    await withPage({ REDIS_URL: 'redis://:secret@127.0.0.1:1' }, async ({ app, logs }) => {
      const response = await app.inject({ method: 'GET', url: '/healthz' });
      expect(response.statusCode).toBe(503);
      expect(response.json()).toEqual({ status: 'failing', checks: { database: 'ok', redis: 'failing', archive: 'ok' } });
      expect(logs.some((line) => line.check === 'redis' && line.msg === 'health check failing')).toBe(true);
    });
  });
});

describe('the run log counts firings and retries apart', () => {
  it('shows a period fired twice, each tried three times, as fired 2× with 4 retries (page and lgs runs)', async () => {
    const own = await freshPostgres();
    try {
      for (const attempt of [1, 2, 3, 1, 2, 3]) await runs.openRun(own.db, 'weekly-marketing', '2011-03-07', 'weekly', '2011-03-09T00:00:00', new Date('2011-03-14T08:00:00Z'), attempt);
      const [run] = await runs.recentRuns(own.db, 1);
      expect(run).toMatchObject({ attempts: 6, firings: 2, retries: 4 });
      await withPage({}, async ({ app }) => {
        const { jar } = await attemptLogin(app, 'jane', JANE.password);
        expect((await get(app, '/runs', jar)).body).toContain('fired 2× · 4 retries');
      }, users, own.location);
      const cli = await runCli(['runs'], { DATABASE_URL: own.location });
      expect(cli.stdout.split('\n')[0]).toMatch(/Fired\s+Retries/);
      expect(cli.stdout.split('\n')[2]).toMatch(/weekly-marketing\s+2011-03-07\s+running\s+2\s+4\s/);
    } finally {
      await own.dispose();
    }
  });
});
