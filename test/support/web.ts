import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Queue } from 'bullmq';
import type { FastifyInstance } from 'fastify';
import { FolderArchive } from '../../src/archive/folder-archive.js';
import { readEnvironment } from '../../src/config/environment.js';
import { parseSchedules } from '../../src/config/schedules-file.js';
import type { UsersFile } from '../../src/config/users-file.js';
import type { Database } from '../../src/db/database.js';
import { hashPassword } from '../../src/http/password.js';
import { buildWebServer } from '../../src/http/web-server.js';
import { createReportQueue } from '../../src/jobs/report-queue.js';
import { outboxMailer } from '../../src/mail/mailer.js';
import { SharedBrowser } from '../../src/pdf/shared-browser.js';
import { createTemplateRenderer } from '../../src/render/template-renderer.js';
import { runScheduledReport } from '../../src/report/scheduled-run.js';
import { loadFile } from '../../src/warehouse/load.js';
import { HAND_COMPUTED } from './fixtures.js';

export const PASSWORDS = { manager: 'manager-password-1', admin: 'admin-password-1' } as const;

export const SCHEDULES_YAML = `schedules:
  - name: weekly-marketing
    report: weekly
    cron: "0 8 * * 1"
    asOf: "2011-03-09"
    recipients: { to: [marketing@lgs.example] }
    owner: admin@lgs.example
`;

export interface WebFixture {
  app: FastifyInstance;
  archive: FolderArchive;
  archiveFolder: string;
  queue: Queue;
  clock: { now: number };
  runId: number;
  close(): Promise<void>;
}

/**
 * A managers' page over a real archive and run log: one weekly run of the hand-computed fixture is made
 * through the scheduled-run code (real Chromium, mail to an outbox folder), then the server is built.
 */
export async function webFixture(db: Database, options: { loginAttemptsPerMinute?: number } = {}): Promise<WebFixture> {
  await loadFile(db, HAND_COMPUTED);
  const home = mkdtempSync(join(tmpdir(), 'lgs-web-'));
  const archiveFolder = join(home, 'archive');
  const archive = new FolderArchive(archiveFolder);
  const renderer = createTemplateRenderer();
  const browser = new SharedBrowser(process.env.CHROME_PATH);
  const schedules = parseSchedules(SCHEDULES_YAML, 'schedules.yaml');
  const outcome = await runScheduledReport(
    { db, renderer, browser, archive, mailer: outboxMailer(join(home, 'outbox')), from: 'reports@lgs.example' },
    schedules.schedules[0]!,
    new Date(),
    { isLastAttempt: true },
  );
  await browser.close();
  const users: UsersFile = {
    users: [
      { username: 'jane', passwordHash: await hashPassword(PASSWORDS.manager), role: 'manager' },
      { username: 'sam', passwordHash: await hashPassword(PASSWORDS.admin), role: 'admin' },
    ],
  };
  const queue = createReportQueue(readEnvironment({ LGS_QUEUE: `lgs-web-${process.pid}-${Math.random().toString(36).slice(2, 8)}` }));
  const clock = { now: Date.now() };
  const app = await buildWebServer({
    db,
    archive,
    users: async () => users,
    renderer,
    readSchedules: async () => ({ path: 'config/schedules.yaml', config: schedules }),
    enqueueRun: async (schedule) => String((await queue.add('report', { schedule, manual: true })).id),
    healthChecks: { database: () => db.query('SELECT 1'), redis: () => queue.getJobSchedulersCount() },
    sessionKey: Buffer.alloc(32, 7),
    secureCookies: false,
    sessionTtlMs: 30 * 60_000,
    loginAttemptsPerMinute: options.loginAttemptsPerMinute,
    now: () => clock.now,
  });
  return {
    app,
    archive,
    archiveFolder,
    queue,
    clock,
    runId: outcome.runId,
    async close() {
      await app.close();
      await queue.obliterate({ force: true }).catch(() => undefined);
      await queue.close();
    },
  };
}

/** Cookie jar for fastify.inject: keeps what the server set and sends it back. */
export class CookieJar {
  private cookies = new Map<string, string>();

  store(setCookie: string | string[] | undefined): void {
    for (const line of [setCookie ?? []].flat()) {
      const [pair] = line.split(';');
      const [name, ...value] = pair!.split('=');
      this.cookies.set(name!.trim(), value.join('='));
    }
  }

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

export function csrfTokenIn(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('no CSRF token in the page');
  return match[1]!;
}

/** Logs in through the form, as a browser would, and returns the jar holding the session. */
export async function logIn(app: FastifyInstance, username: string, password: string): Promise<{ jar: CookieJar; status: number }> {
  const jar = new CookieJar();
  const form = await app.inject({ method: 'GET', url: '/login' });
  jar.store(form.headers['set-cookie']);
  const response = await app.inject({
    method: 'POST',
    url: '/login',
    headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: csrfTokenIn(form.body), username, password }).toString(),
  });
  jar.store(response.headers['set-cookie']);
  return { jar, status: response.statusCode };
}
