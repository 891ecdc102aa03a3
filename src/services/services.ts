import { join, resolve } from 'node:path';
import type { Queue } from 'bullmq';
import type { FolderArchive } from '../archive/folder-archive.js';
import type { Environment } from '../config/environment.js';
import { ConfigError } from '../errors.js';
import type { Database } from '../db/database.js';
import type { ReportJobData } from '../jobs/report-queue.js';
import type { Logger } from '../log.js';
import type { Mailer } from '../mail/mailer.js';
import type { SharedBrowser } from '../pdf/shared-browser.js';
import type { TemplateRenderer } from '../render/template-renderer.js';
import type { ReportServices } from '../report/run-report.js';
import type { ScheduledRunServices } from '../report/scheduled-run.js';

/**
 * The one place that turns the environment into clients (database, browser, templates, archive, mailer,
 * queue), for the CLI, the worker and the web server alike, so a setting such as LGS_PRINT_TIMEOUT_MS means
 * the same everywhere. Each client is made on first use and its module imported only then: a command that
 * never prints does not load puppeteer, vega or pdf.js, and one that never queues does not load bullmq.
 * `close()` closes what was opened, last opened first.
 */
export interface Services {
  readonly environment: Environment;
  readonly log: Logger;
  /** The warehouse (a server when DATABASE_URL is set, else the embedded one), reachable, schema unchecked. */
  connection(): Promise<Database>;
  /**
   * The warehouse with its schema up to date: the embedded one and a database without any schema yet are
   * migrated; a server database with pending migrations is refused (`lgs db migrate` is the upgrade step),
   * and so is one migrated by a newer version.
   */
  database(): Promise<Database>;
  /** `lgs db migrate`: applies the pending migrations (refuses a schema newer than this program). */
  migrateDatabase(): Promise<string[]>;
  /** Chromium, looked up at once (a missing one is the first thing reported), launched on the first print. */
  browser(): Promise<SharedBrowser>;
  renderer(): Promise<TemplateRenderer>;
  /** What printing needs: templates, the browser, the warehouse, the print time limit and concurrency. */
  reportServices(): Promise<ReportServices>;
  /** What a scheduled run needs: printing plus archive, mailer and sender. */
  scheduledRunServices(): Promise<ScheduledRunServices>;
  archive(): Promise<FolderArchive>;
  mailer(): Promise<Mailer>;
  /**
   * The report queue. `requireRedis` (default): Redis unreachable at start is a configuration error, said
   * at once (worker, lgs run). The page passes false: it starts anyway and /healthz reports Redis failing.
   */
  reportQueue(options?: { requireRedis?: boolean }): Promise<Queue<ReportJobData>>;
  close(): Promise<void>;
}

/** Where archived reports live: LGS_ARCHIVE, else archive/ under LGS_HOME. */
export function archiveFolder(environment: Environment): string {
  return resolve(environment.LGS_ARCHIVE ?? join(environment.LGS_HOME, 'archive'));
}

/**
 * The worker and the page share their state through the database; the embedded one lives in one process
 * only, so each would see a warehouse and run log of its own. They refuse it, naming the way out.
 */
export function requireServerDatabase(environment: Environment, command: string): void {
  if (environment.DATABASE_URL) return;
  throw new ConfigError(
    `${command} needs a PostgreSQL server: the embedded database (${resolve(environment.LGS_HOME, 'pglite')}) belongs to one process at a time, so the worker and the page would not see each other's runs. Set DATABASE_URL=postgres://user:password@host:5432/lgs (see README, "Operating")`,
    { command, source: 'environment', variable: 'DATABASE_URL' },
  );
}

/** Where messages go without SMTP_URL. */
export function outboxFolder(environment: Environment): string {
  return resolve(join(environment.LGS_HOME, 'outbox'));
}

export function createServices(environment: Environment, log: Logger): Services {
  const closers: Array<() => Promise<void> | void> = [];
  const made = new Map<string, Promise<unknown>>();

  /** Makes a client once; concurrent callers share the same promise, and a failure is not remembered. */
  function once<T>(key: string, make: () => Promise<T>): Promise<T> {
    let promise = made.get(key) as Promise<T> | undefined;
    if (!promise) {
      promise = make();
      made.set(key, promise);
      promise.catch(() => made.delete(key));
    }
    return promise;
  }

  const services: Services = {
    environment,
    log,
    connection: () =>
      once('connection', async () => {
        const { openDatabase, checkConnection } = await import('../db/connect.js');
        const db = await openDatabase(environment);
        closers.push(() => db.close());
        await checkConnection(db);
        return db;
      }),
    database: () =>
      once('database', async () => {
        const [db, { ensureSchema }] = await Promise.all([services.connection(), import('../db/schema-version.js')]);
        await ensureSchema(db, { mayMigrate: db.engine === 'embedded', log });
        return db;
      }),
    async migrateDatabase() {
      const [db, { ensureSchema }] = await Promise.all([services.connection(), import('../db/schema-version.js')]);
      return ensureSchema(db, { mayMigrate: true, log });
    },
    browser: () =>
      once('browser', async () => {
        const { SharedBrowser } = await import('../pdf/shared-browser.js');
        const browser = new SharedBrowser(environment.CHROME_PATH);
        closers.push(() => browser.close());
        return browser;
      }),
    renderer: () =>
      once('renderer', async () => {
        const { createTemplateRenderer } = await import('../render/template-renderer.js');
        return createTemplateRenderer();
      }),
    reportServices: () =>
      once('reportServices', async () => {
        // The browser first: a missing Chromium is reported before the database is touched.
        const browser = await services.browser();
        const [db, renderer] = await Promise.all([services.database(), services.renderer()]);
        return { db, browser, renderer, log, printTimeoutMs: environment.LGS_PRINT_TIMEOUT_MS, printConcurrency: environment.LGS_PRINT_CONCURRENCY, staleToleranceHours: environment.LGS_STALE_TOLERANCE_HOURS };
      }),
    scheduledRunServices: () =>
      once('scheduledRunServices', async () => {
        const report = await services.reportServices();
        const [db, archive, mailer] = await Promise.all([services.database(), services.archive(), services.mailer()]);
        const [{ installId }, { mailDomain }, { AcceptedJournal }, { refreshScoresIfBehind }] = await Promise.all([
          import('../queries/run-queries.js'), import('../mail/compose-message.js'), import('../mail/accepted-journal.js'), import('../ingest/refresh-scores.js'),
        ]);
        // Read once: the owner's last-resort alert needs it when the database is gone.
        const identity = { installId: await installId(db), domain: mailDomain(environment.MAIL_FROM, environment.LGS_MAIL_DOMAIN) };
        return {
          ...report, db, archive, mailer, from: environment.MAIL_FROM, identity, publicUrl: environment.LGS_PUBLIC_URL,
          staleToleranceHours: environment.LGS_STALE_TOLERANCE_HOURS, journal: new AcceptedJournal(),
          beforeProduce: () => refreshScoresIfBehind(db, log, 'before a report', { staleToleranceHours: environment.LGS_STALE_TOLERANCE_HOURS }),
        };
      }),
    archive: () =>
      once('archive', async () => {
        const { FolderArchive } = await import('../archive/folder-archive.js');
        return new FolderArchive(archiveFolder(environment));
      }),
    mailer: () =>
      once('mailer', async () => {
        const { outboxMailer, smtpMailer } = await import('../mail/mailer.js');
        const mailer = environment.SMTP_URL ? smtpMailer(environment.SMTP_URL, environment.LGS_SMTP_TIMEOUT_MS) : outboxMailer(outboxFolder(environment));
        closers.push(() => mailer.close());
        return mailer;
      }),
    reportQueue: ({ requireRedis = true } = {}) =>
      once('reportQueue', async () => {
        const [{ createReportQueue }, { checkRedis }] = await Promise.all([import('../jobs/report-queue.js'), import('../jobs/check-redis.js')]);
        // Unreachable at start is a configuration error, said at once; later outages are waited out.
        if (requireRedis) await checkRedis(environment.REDIS_URL);
        const queue = createReportQueue(environment);
        // Connection errors while Redis is away are expected and retried; they are logged, not thrown.
        queue.on('error', (error) => log.warn({ err: error.message }, 'queue connection error'));
        closers.push(() => queue.close());
        return queue;
      }),
    async close() {
      made.clear();
      for (const close of closers.splice(0).reverse()) {
        try {
          await close();
        } catch (error) {
          log.warn({ err: (error as Error).message }, 'closing a client failed');
        }
      }
    },
  };
  return services;
}
