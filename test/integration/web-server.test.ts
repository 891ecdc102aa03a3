import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentDisposition } from '../../src/http/web-pages.js';
import { freshPostgres, type TestDatabase } from '../support/databases.js';
import { CookieJar, csrfTokenIn, logIn, PASSWORDS, webFixture, type WebFixture } from '../support/web.js';

let database: TestDatabase;
let web: WebFixture;

beforeAll(async () => {
  database = await freshPostgres();
  web = await webFixture(database.db, { loginAttemptsPerMinute: 1000 });
});
afterAll(async () => {
  await web?.close();
  await database?.dispose();
});

describe("the managers' page without a login", () => {
  it.each(['/', '/reports', '/runs', '/schedules', '/files/1/0', '/files/1/0?inline=1', '/reports?schedule=weekly-marketing'])('sends GET %s to the login page', async (url) => {
    const response = await web.app.inject({ method: 'GET', url });
    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toBe('/login');
  });

  it.each(['/schedules/weekly-marketing/run', '/logout'])('refuses POST %s', async (url) => {
    const response = await web.app.inject({ method: 'POST', url });
    expect([401, 403]).toContain(response.statusCode);
  });

  it('answers /healthz with the state of its stores, and nothing else', async () => {
    const response = await web.app.inject({ method: 'GET', url: '/healthz' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok', checks: { database: 'ok', redis: 'ok' } });
  });
});

describe('logging in', () => {
  it('refuses a wrong password without saying which part was wrong', async () => {
    const { status, jar } = await logIn(web.app, 'jane', 'not-her-password');
    expect(status).toBe(401);
    const after = await web.app.inject({ method: 'GET', url: '/reports', headers: { cookie: jar.header() } });
    expect(after.statusCode).toBe(302);
  });

  it('refuses an unknown user the same way', async () => {
    expect((await logIn(web.app, 'mallory', PASSWORDS.manager)).status).toBe(401);
  });

  it('refuses a login form posted without its CSRF token', async () => {
    const response = await web.app.inject({
      method: 'POST', url: '/login', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ username: 'jane', password: PASSWORDS.manager }).toString(),
    });
    expect(response.statusCode).toBe(403);
  });

  it('sets an HttpOnly, SameSite=Strict session cookie', async () => {
    const form = await web.app.inject({ method: 'GET', url: '/login' });
    expect(String(form.headers['set-cookie'])).toMatch(/HttpOnly/i);
    expect(String(form.headers['set-cookie'])).toMatch(/SameSite=Strict/i);
  });

  it('ends the session after its time-to-live without activity', async () => {
    const { jar } = await logIn(web.app, 'jane', PASSWORDS.manager);
    web.clock.now += 31 * 60_000;
    try {
      const response = await web.app.inject({ method: 'GET', url: '/reports', headers: { cookie: jar.header() } });
      expect(response.statusCode).toBe(302);
      expect(response.headers.location).toBe('/login?expired=1');
    } finally {
      web.clock.now -= 31 * 60_000;
    }
  });
});

describe('sessions', () => {
  const get = (jar: { header(): string }, url = '/reports') => web.app.inject({ method: 'GET', url, headers: { cookie: jar.header() } });

  it('slide: each request starts the time-to-live again, so an active manager stays logged in', async () => {
    const { jar } = await logIn(web.app, 'jane', PASSWORDS.manager);
    const start = web.clock.now;
    try {
      for (let i = 0; i < 3; i++) {
        web.clock.now += 20 * 60_000; // 20 of the 30 minutes, three times: 60 minutes after the login
        const response = await get(jar);
        expect(response.statusCode, `after ${(i + 1) * 20} minutes`).toBe(200);
        jar.store(response.headers['set-cookie']);
      }
      web.clock.now += 31 * 60_000;
      const idle = await get(jar);
      expect(idle.statusCode).toBe(302);
      expect(idle.headers.location).toBe('/login?expired=1');
    } finally {
      web.clock.now = start;
    }
  });

  it('end at logout: the browser\'s session no longer opens a page', async () => {
    const { jar } = await logIn(web.app, 'jane', PASSWORDS.manager);
    const page = await get(jar);
    expect(page.statusCode).toBe(200);
    const logout = await web.app.inject({
      method: 'POST', url: '/logout',
      headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${encodeURIComponent(csrfTokenIn(page.body))}`,
    });
    expect(logout.statusCode).toBe(303);
    expect(logout.headers.location).toBe('/login');
    jar.store(logout.headers['set-cookie']);
    const after = await get(jar);
    expect(after.statusCode).toBe(302);
    expect(after.headers.location).toBe('/login');
  });
});

describe('logout and copies of the session cookie', () => {
  const get = (cookie: string, url = '/reports') => web.app.inject({ method: 'GET', url, headers: { cookie } });
  const logOut = async (jar: CookieJar) => {
    const page = await get(jar.header());
    jar.store(page.headers['set-cookie']);
    const logout = await web.app.inject({
      method: 'POST', url: '/logout',
      headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${encodeURIComponent(csrfTokenIn(page.body))}`,
    });
    expect(logout.statusCode).toBe(303);
  };

  it('refuses a copy of the cookie taken before logout with the expired-session answer, on every page', async () => {
    const { jar } = await logIn(web.app, 'jane', PASSWORDS.manager);
    const copy = jar.header(); // what a shared computer, a proxy log or malware kept
    expect((await get(copy)).statusCode).toBe(200);
    await logOut(jar);
    for (const url of ['/reports', `/files/${web.runId}/0`, '/runs']) {
      const replay = await get(copy, url);
      expect([replay.statusCode, replay.headers.location], url).toEqual([302, '/login?expired=1']);
    }
    // The same answer an idle session gets.
    const { jar: idle } = await logIn(web.app, 'jane', PASSWORDS.manager);
    web.clock.now += 31 * 60_000;
    try {
      const expired = await get(idle.header());
      expect([expired.statusCode, expired.headers.location]).toEqual([302, '/login?expired=1']);
    } finally {
      web.clock.now -= 31 * 60_000;
    }
  });

  it('ends only the session logged out of: the same manager logged in elsewhere stays in', async () => {
    const office = (await logIn(web.app, 'jane', PASSWORDS.manager)).jar;
    const laptop = (await logIn(web.app, 'jane', PASSWORDS.manager)).jar;
    await logOut(office);
    expect((await get(laptop.header())).statusCode).toBe(200);
  });

  it('keeps a logged-out session\'s row only until the session would have ended by age (12 hours after its login)', async () => {
    const revoked = async () => (await database.db.query<{ n: number }>('SELECT count(*)::int AS n FROM web_session_revoked WHERE expires_at > to_timestamp($1::float8 / 1000)', [web.clock.now]))[0]!.n;
    const all = async () => (await database.db.query<{ n: number }>('SELECT count(*)::int AS n FROM web_session_revoked'))[0]!.n;
    const start = web.clock.now;
    try {
      const before = await all();
      await logOut((await logIn(web.app, 'jane', PASSWORDS.manager)).jar);
      expect(await all()).toBe(before + 1);
      // 12 h later every earlier session has ended by age; the next logout forgets their rows.
      web.clock.now = start + 12 * 60 * 60_000 + 1;
      await logOut((await logIn(web.app, 'jane', PASSWORDS.manager)).jar);
      expect([await all(), await revoked()]).toEqual([1, 1]);
    } finally {
      web.clock.now = start;
    }
  });

  it('refuses a session cookie without a session id (made before logout could end copies)', async () => {
    const { jar } = await logIn(web.app, 'jane', PASSWORDS.manager);
    expect((await get(jar.header())).statusCode).toBe(200);
    const value = /lgs_session=([^;]+)/.exec(jar.header())![1]!;
    const session = web.app.decodeSecureSession(decodeURIComponent(value))!;
    const cookieWith = (keys: readonly string[]) => {
      const copy = web.app.createSecureSession(Object.fromEntries(keys.map((key) => [key, session.get(key as 'user')])));
      return `lgs_session=${encodeURIComponent(web.app.encodeSecureSession(copy))}`;
    };
    const fields = ['user', 'loggedInAt', 'expiresAt', 'credential'];
    expect((await get(cookieWith([...fields, 'sessionId']))).statusCode).toBe(200);
    // The same session as an earlier version wrote it: every field but the id.
    const response = await get(cookieWith(fields));
    expect([response.statusCode, response.headers.location]).toEqual([302, '/login?expired=1']);
  });
});

describe('the absolute session age', () => {
  it('ends an active session 12 hours after its login, however busy the manager was', async () => {
    const { jar } = await logIn(web.app, 'jane', PASSWORDS.manager);
    const start = web.clock.now;
    try {
      const statuses: number[] = [];
      // A request every 25 minutes keeps the 30-minute inactivity window open all day.
      for (let minutes = 25; minutes <= 12 * 60 + 25; minutes += 25) {
        web.clock.now = start + minutes * 60_000;
        const response = await web.app.inject({ method: 'GET', url: '/reports', headers: { cookie: jar.header() } });
        jar.store(response.headers['set-cookie']);
        statuses.push(response.statusCode);
      }
      expect(statuses.slice(0, 28).every((status) => status === 200)).toBe(true);
      expect(statuses.at(-1)).toBe(302);
    } finally {
      web.clock.now = start;
    }
  });
});

describe('a logged-in manager', () => {
  it('sees the archived weekly report, grouped by schedule and period', async () => {
    const { jar } = await logIn(web.app, 'jane', PASSWORDS.manager);
    const page = await web.app.inject({ method: 'GET', url: '/reports', headers: { cookie: jar.header() } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('weekly-marketing · 2011-02-28');
    expect(page.body).toContain('weekly-report_2011-02-28.pdf');
  });

  it('downloads a report: its bytes, content type and a safe file name', async () => {
    const { jar } = await logIn(web.app, 'jane', PASSWORDS.manager);
    const response = await web.app.inject({ method: 'GET', url: `/files/${web.runId}/0`, headers: { cookie: jar.header() } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['content-disposition']).toBe(`attachment; filename="weekly-report_2011-02-28.pdf"; filename*=UTF-8''weekly-report_2011-02-28.pdf`);
    const archived = readFileSync(join(web.archiveFolder, 'weekly-marketing', '2011-02-28', 'weekly-report_2011-02-28.pdf'));
    expect(response.rawPayload.equals(archived)).toBe(true);
  });

  it('views a PDF inline when asked', async () => {
    const { jar } = await logIn(web.app, 'jane', PASSWORDS.manager);
    const response = await web.app.inject({ method: 'GET', url: `/files/${web.runId}/0?inline=1`, headers: { cookie: jar.header() } });
    expect(response.headers['content-disposition']).toMatch(/^inline; /);
  });

  it('filters reports by schedule and period', async () => {
    const { jar } = await logIn(web.app, 'jane', PASSWORDS.manager);
    const none = await web.app.inject({ method: 'GET', url: '/reports?from=2012-01-01', headers: { cookie: jar.header() } });
    expect(none.body).toContain('No archived reports match the filter');
  });

  it('sees the run log with each recipient\'s delivery', async () => {
    const { jar } = await logIn(web.app, 'jane', PASSWORDS.manager);
    const page = await web.app.inject({ method: 'GET', url: '/runs', headers: { cookie: jar.header() } });
    expect(page.body).toContain('marketing@lgs.example');
    expect(page.body).toContain('status-sent');
  });

  it('sees the schedules read-only, with next run times and no run button', async () => {
    const { jar } = await logIn(web.app, 'jane', PASSWORDS.manager);
    const page = await web.app.inject({ method: 'GET', url: '/schedules', headers: { cookie: jar.header() } });
    expect(page.body).toContain('0 8 * * 1 (Europe/London)');
    expect(page.body).not.toContain('Run now');
  });

  it('may not start a run: that needs the admin role', async () => {
    const { jar } = await logIn(web.app, 'jane', PASSWORDS.manager);
    const page = await web.app.inject({ method: 'GET', url: '/schedules', headers: { cookie: jar.header() } });
    const response = await web.app.inject({
      method: 'POST', url: '/schedules/weekly-marketing/run',
      headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${encodeURIComponent(csrfTokenIn(page.body))}`,
    });
    expect(response.statusCode).toBe(403);
  });
});

describe('an admin', () => {
  it('starts a run now through the queue', async () => {
    const { jar } = await logIn(web.app, 'sam', PASSWORDS.admin);
    const page = await web.app.inject({ method: 'GET', url: '/schedules', headers: { cookie: jar.header() } });
    expect(page.body).toContain('Run now');
    const response = await web.app.inject({
      method: 'POST', url: '/schedules/weekly-marketing/run',
      headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${encodeURIComponent(csrfTokenIn(page.body))}`,
    });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('A run of weekly-marketing was queued');
    expect(await web.queue.getWaitingCount()).toBe(1);
  });

  it('cannot start a run without the form\'s CSRF token', async () => {
    const { jar } = await logIn(web.app, 'sam', PASSWORDS.admin);
    const response = await web.app.inject({ method: 'POST', url: '/schedules/weekly-marketing/run', headers: { cookie: jar.header() } });
    expect(response.statusCode).toBe(403);
  });
});

/** A GET over a real socket: Node's client sends the path byte for byte (inject would normalise it). */
function rawGet(port: number, path: string, cookie: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: '127.0.0.1', port, path, method: 'GET', headers: { cookie } }, (response) => {
      let body = '';
      response.on('data', (chunk) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on('error', reject);
    request.end();
  });
}

describe('file requests that try to leave the archive, over a real socket', () => {
  let port: number;
  beforeAll(async () => {
    await web.app.listen({ host: '127.0.0.1', port: 0 });
    port = (web.app.server.address() as { port: number }).port;
  });

  it.each([
    '/files/..%2F..%2Fetc%2Fpasswd/0',
    '/files/1/..%2F..%2Fetc%2Fpasswd',
    '/files/%2e%2e/%2e%2e',
    '/files/%2Fetc%2Fpasswd/0',
    '/files/1/0%00.pdf',
    '/files/1%00/0',
    '/files/-1/0',
    '/files/99999/0',
    '/files/1/../../etc/passwd',
    '/files/1/%2E%2E%5C%2E%2E%5Cwindows',
    '/files/1/0/../../../../etc/passwd',
  ])('refuses %s', async (url) => {
    const { jar } = await logIn(web.app, 'jane', PASSWORDS.manager);
    const response = await rawGet(port, url, jar.header());
    expect([400, 404]).toContain(response.status);
    expect(response.body).not.toContain('root:');
  });
});

describe('security headers', () => {
  it('forbid scripts, framing and content sniffing on every page', async () => {
    const response = await web.app.inject({ method: 'GET', url: '/login' });
    expect(response.headers['content-security-policy']).toContain("default-src 'none'");
    expect(response.headers['content-security-policy']).not.toContain('script-src');
    expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-frame-options']).toBe('DENY');
  });

  it('writes only safe characters into a download\'s file name', () => {
    expect(contentDisposition('attachment', 'a"b\r\n;c.pdf')).toBe(`attachment; filename="a_b___c.pdf"; filename*=UTF-8''a%22b%0D%0A%3Bc.pdf`);
  });
});

describe('login rate limit', () => {
  it('refuses further attempts from one address within the minute', async () => {
    const own = await freshPostgres();
    const limited = await webFixture(own.db, { loginAttemptsPerMinute: 3 });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await logIn(limited.app, 'jane', 'wrong-password')).status);
      expect(statuses).toEqual([401, 401, 401, 429]);
    } finally {
      await limited.close();
      await own.dispose();
    }
    // Its own report run and four logins, each a scrypt at N=2^17: minutes on a loaded machine.
  }, 240_000);
});
