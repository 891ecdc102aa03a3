import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEnvironment } from '../../src/config/environment.js';
import { hashPassword } from '../../src/http/password.js';
import { createLogger } from '../../src/log.js';
import { startWebServer } from '../../src/main.js';
import { freshPostgres, type TestDatabase } from '../support/databases.js';
import { PASSWORDS } from '../support/web.js';

/**
 * `lgs serve` as production starts it: the users file, the session key and the health checks come from the
 * environment through startWebServer, and every request goes over a real socket.
 */
const SESSION_KEY = 'a1'.repeat(32);
const OTHER_KEY = 'b2'.repeat(32);
const log = createLogger('silent');

let database: TestDatabase;
let home: string;
let usersFile: string;

beforeAll(async () => {
  database = await freshPostgres();
  home = mkdtempSync(join(tmpdir(), 'lgs-serve-'));
  usersFile = join(home, 'users.yaml');
  writeFileSync(
    usersFile,
    `users:\n  - username: jane\n    passwordHash: "${await hashPassword(PASSWORDS.manager)}"\n    role: manager\n`,
  );
});
afterAll(() => database?.dispose());

type Server = Awaited<ReturnType<typeof startWebServer>>;

function environment(overrides: Record<string, string> = {}) {
  return readEnvironment({
    DATABASE_URL: database.location,
    LGS_HOME: home,
    LGS_USERS: usersFile,
    LGS_SCHEDULES: join(home, 'schedules.yaml'),
    LGS_QUEUE: `lgs-serve-${process.pid}`,
    LGS_HTTP_HOST: '127.0.0.1',
    LGS_HTTP_PORT: '0',
    LGS_SESSION_KEY: SESSION_KEY,
    LOG_LEVEL: 'silent',
    ...overrides,
  });
}

async function withServer<T>(overrides: Record<string, string>, work: (origin: string) => Promise<T>): Promise<T> {
  const server: Server = await startWebServer(environment(overrides), log);
  try {
    return await work(server.address);
  } finally {
    await server.stop();
  }
}

/** Cookies as a browser keeps them: name → value, updated from each answer's Set-Cookie lines. */
class Browser {
  cookies = new Map<string, string>();
  constructor(private origin: string) {}

  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set('cookie', [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '));
    const response = await fetch(this.origin + path, { ...init, headers, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair!.indexOf('=');
      this.cookies.set(pair!.slice(0, at), pair!.slice(at + 1));
    }
    return response;
  }

  async logIn(username: string, password: string): Promise<Response> {
    const form = await (await this.request('/login')).text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form)![1]!;
    return this.request('/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf, username, password }).toString(),
    });
  }
}

describe('lgs serve started from its environment', () => {
  it('answers /healthz with the database, Redis and archive checks', async () => {
    await withServer({}, async (origin) => {
      const response = await fetch(`${origin}/healthz`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: 'ok', checks: { database: 'ok', redis: 'ok', archive: 'ok' } });
    });
  });

  it('reports an archive it cannot write as failing, with status 503', async () => {
    const file = join(home, 'not-a-folder');
    writeFileSync(file, 'x');
    await withServer({ LGS_ARCHIVE: join(file, 'archive') }, async (origin) => {
      const response = await fetch(`${origin}/healthz`);
      expect(response.status).toBe(503);
      const body = (await response.json()) as { status: string; checks: Record<string, string> };
      expect(body.status).toBe('failing');
      expect(body.checks.database).toBe('ok');
      expect(body.checks.archive).toMatch(/^failing: /);
    });
  });

  it('logs in a user of the users file and shows the reports page', async () => {
    await withServer({}, async (origin) => {
      const browser = new Browser(origin);
      const login = await browser.logIn('jane', PASSWORDS.manager);
      expect(login.status).toBe(303);
      expect(login.headers.get('location')).toBe('/reports');
      expect((await browser.request('/reports')).status).toBe(200);
    });
  });

  it('answers a wrong password and an unknown user with the same page, apart from the form token', async () => {
    await withServer({}, async (origin) => {
      const wrongPassword = await new Browser(origin).logIn('jane', 'not-her-password');
      const unknownUser = await new Browser(origin).logIn('mallory', PASSWORDS.manager);
      expect(wrongPassword.status).toBe(401);
      expect(unknownUser.status).toBe(401);
      const withoutToken = (html: string) => html.replace(/name="_csrf" value="[^"]+"/, 'name="_csrf" value=""');
      const [a, b] = [withoutToken(await wrongPassword.text()), withoutToken(await unknownUser.text())];
      expect(a).toContain('Wrong user name or password.');
      expect(a).toBe(b);
    });
  });

  it('keeps a session across a restart with the same LGS_SESSION_KEY, and not with another key', async () => {
    const browser = await withServer({}, async (origin) => {
      const b = new Browser(origin);
      expect((await b.logIn('jane', PASSWORDS.manager)).status).toBe(303);
      return b;
    });
    const cookies = new Map(browser.cookies);
    await withServer({}, async (origin) => {
      const again = new Browser(origin);
      again.cookies = new Map(cookies);
      expect((await again.request('/reports')).status).toBe(200);
    });
    await withServer({ LGS_SESSION_KEY: OTHER_KEY }, async (origin) => {
      const stranger = new Browser(origin);
      stranger.cookies = new Map(cookies);
      const response = await stranger.request('/reports');
      expect(response.status).toBe(302);
      expect(response.headers.get('location')).toMatch(/^\/login/);
    });
  });

  it('refuses to start with a users file holding a plain password, naming the file', async () => {
    const bad = join(home, 'bad-users.yaml');
    writeFileSync(bad, 'users:\n  - username: jane\n    passwordHash: hunter2\n    role: manager\n');
    await expect(startWebServer(environment({ LGS_USERS: bad }), log)).rejects.toThrow(/bad-users\.yaml.*never a plain password/s);
  });
});
