import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/cli-io.js';
import { runLgs } from '../../src/cli/lgs-program.js';
import { freshPostgres, type TestDatabase } from '../support/databases.js';

const CLI = fileURLToPath(new URL('../../dist/src/cli.js', import.meta.url));
const RECORD_IMPORTS = fileURLToPath(new URL('../support/record-imports.mjs', import.meta.url));
const SCHEDULES = fileURLToPath(new URL('../../config/schedules.yaml', import.meta.url));
/** The packages that make start-up slow; only printing, mailing runs and the queue need them. */
const HEAVY = ['vega', 'vega-lite', 'puppeteer-core', 'bullmq', 'pdfjs-dist'];

const folder = mkdtempSync(join(tmpdir(), 'lgs-imports-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** Runs the built CLI as a user would and gives the packages under node_modules it resolved. */
function packagesLoadedBy(args: string[], env: Record<string, string> = {}): Promise<{ code: number; packages: Set<string> }> {
  const log = join(folder, `${args.join('_').replace(/[^a-z0-9_]/gi, '')}.log`);
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', RECORD_IMPORTS, CLI, ...args], { env: { ...process.env, LOG_LEVEL: 'warn', ...env, LGS_IMPORT_LOG: log } }, (error) => {
      const urls = readFileSync(log, 'utf8').split('\n');
      const packages = new Set(urls.map((url) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1]).filter((name): name is string => name !== undefined));
      resolve({ code: error ? Number(error.code ?? 1) : 0, packages });
    });
  });
}

describe('what lgs loads before it does anything', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await freshPostgres();
  });
  afterAll(() => database.dispose());

  it('`lgs --help` loads commander and none of the printing, queue or PDF packages', async () => {
    const { code, packages } = await packagesLoadedBy(['--help']);
    expect(code).toBe(0);
    expect(packages).toContain('commander');
    for (const heavy of HEAVY) expect(packages).not.toContain(heavy);
  });

  it('`lgs db migrate` opens the database without loading the printing, queue or PDF packages', async () => {
    const { code, packages } = await packagesLoadedBy(['db', 'migrate'], { DATABASE_URL: database.location });
    expect(code).toBe(0);
    expect(packages).toContain('pg');
    for (const heavy of HEAVY) expect(packages).not.toContain(heavy);
  });

  it('`lgs ingest` reads the drop folder and refreshes the scores without loading the printing, queue or PDF packages', async () => {
    const inbox = mkdtempSync(join(folder, 'inbox-'));
    const schedules = join(folder, 'ingest-schedules.yaml');
    writeFileSync(schedules, `schedules: []\ningest: { folder: ${inbox}, cron: "0 6 * * *" }\n`);
    const { code, packages } = await packagesLoadedBy(['ingest'], { DATABASE_URL: database.location, LGS_SCHEDULES: schedules, LGS_INGEST_SETTLE_MS: '0' });
    expect(code).toBe(0);
    expect(packages).toContain('pg');
    for (const heavy of HEAVY) expect(packages).not.toContain(heavy);
  });

  it('`lgs schedules validate` reads the schedules without loading the printing, queue or PDF packages', async () => {
    const { code, packages } = await packagesLoadedBy(['schedules', 'validate', '--config', SCHEDULES]);
    expect(code).toBe(0);
    expect(packages).toContain('yaml');
    for (const heavy of HEAVY) expect(packages).not.toContain(heavy);
  });
});

/** Streams that keep what a command writes, an environment of the test's own, no stop signal. */
function memoryIo(env: NodeJS.ProcessEnv): CliIo & { out(): string; err(): string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const chunks = { out: [] as Buffer[], err: [] as Buffer[] };
  stdout.on('data', (chunk: Buffer) => chunks.out.push(chunk));
  stderr.on('data', (chunk: Buffer) => chunks.err.push(chunk));
  return {
    env,
    stdin: new PassThrough(),
    stdout,
    stderr,
    stopRequested: () => new Promise(() => undefined),
    out: () => Buffer.concat(chunks.out).toString(),
    err: () => Buffer.concat(chunks.err).toString(),
  };
}

describe('commands run in-process', () => {
  it('`lgs --help` writes the command list to the given stdout and ends with 0', async () => {
    const io = memoryIo({});
    expect(await runLgs(['--help'], io)).toBe(0);
    expect(io.out()).toContain('Usage: lgs [options] [command]');
    expect(io.out()).toContain('report');
  });

  it('`lgs schedules validate` reads the file named in the given environment', async () => {
    const io = memoryIo({ LGS_SCHEDULES: SCHEDULES });
    expect(await runLgs(['schedules', 'validate'], io)).toBe(0);
    expect(io.out()).toMatch(/schedules\.yaml: \d+ schedule\(s\), valid\n$/);
  });

  it('a usage error goes to the given stderr with exit code 2', async () => {
    const io = memoryIo({});
    expect(await runLgs(['report', 'segments', '--segment', 'Nobody'], io)).toBe(2);
    expect(io.err()).toContain('--segment "Nobody" is not a segment; choose from: Champions');
  });
});
