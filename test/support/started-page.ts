import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { readEnvironment } from '../../src/config/environment.js';
import { hashPassword } from '../../src/http/password.js';
import { startWebServer } from '../../src/main.js';

/**
 * The managers' page as `lgs serve` starts it (environment parsed, users file read from disk, its own
 * database pool and queue), with its pino log kept in memory for the test to read.
 */
export interface StartedPage {
  app: Awaited<ReturnType<typeof startWebServer>>['app'];
  address: string;
  usersPath: string;
  archiveFolder: string;
  /** Log lines written so far, parsed. */
  logs: Record<string, unknown>[];
  stop(): Promise<void>;
}

export interface TestUser {
  username: string;
  password: string;
  role: 'manager' | 'admin';
  /** A hash made elsewhere (e.g. with older parameters); else one is made from `password`. */
  passwordHash?: string;
}

export async function usersYaml(users: readonly TestUser[]): Promise<string> {
  const lines = ['users:'];
  for (const user of users) {
    lines.push(`  - username: ${user.username}`, `    passwordHash: "${user.passwordHash ?? (await hashPassword(user.password))}"`, `    role: ${user.role}`);
  }
  return lines.join('\n') + '\n';
}

export async function startPage(databaseUrl: string, users: string, env: Record<string, string> = {}): Promise<StartedPage> {
  const home = mkdtempSync(join(tmpdir(), 'lgs-page-'));
  const usersPath = join(home, 'users.yaml');
  writeFileSync(usersPath, users);
  const archiveFolder = join(home, 'archive');
  const environment = readEnvironment({
    DATABASE_URL: databaseUrl,
    LGS_HOME: home,
    LGS_ARCHIVE: archiveFolder,
    LGS_USERS: usersPath,
    LGS_SCHEDULES: join(home, 'schedules.yaml'),
    LGS_QUEUE: `lgs-page-${process.pid}-${Math.random().toString(36).slice(2, 8)}`,
    LGS_HTTP_HOST: '127.0.0.1',
    LGS_HTTP_PORT: '0',
    ...env,
  });
  const logs: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const log = pino({ level: 'debug', base: undefined }, sink);
  const server = await startWebServer(environment, log);
  return { app: server.app, address: server.address, usersPath, archiveFolder, logs, stop: () => server.stop() };
}
