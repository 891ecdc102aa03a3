import { isIP } from 'node:net';
import { z } from 'zod';
import { resolve } from 'node:path';
import { ConfigError } from '../errors.js';
import { projectRoot } from '../project-paths.js';
import { redactUrl } from '../text/redact-url.js';

/**
 * A server's URL with its credentials: the scheme, then one that the drivers can read. `new URL` is what
 * nodemailer calls (ioredis's parser is laxer): a `#`, `/` or `?` left in a password either makes it
 * throw `Invalid URL` with the whole URL, password and all, in the error, or cuts the URL short so that
 * the password reads as a port and the rest as a path, query or fragment (where no `@` belongs).
 */
function serverUrl(scheme: RegExp, mustBe: string) {
  return z
    .string()
    .regex(scheme, { error: mustBe, abort: true })
    .refine(readsAsServerUrl, { error: (issue) => `${redactUrl(String(issue.input))} is not a valid URL: percent-encode @ : / # % in the user or password (%40 %3A %2F %23 %25)` });
}

function readsAsServerUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const { pathname, search, hash, username, password } = new URL(value);
  if (`${pathname}${search}${hash}`.includes('@')) return false;
  // The drivers decode the user and password: a bare % (`50%off`) made ioredis throw URIError at start.
  try {
    decodeURIComponent(username);
    decodeURIComponent(password);
    return true;
  } catch {
    return false;
  }
}

/**
 * Everything the service reads from the environment. Secrets (database URL, later SMTP credentials) live
 * here and never in YAML config files.
 */
export const environmentSchema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  LGS_HOME: z.string().min(1).default('.lgs'),
  /** The Chromium (or Chrome) binary that prints PDFs; found in the usual places when unset. */
  CHROME_PATH: z.string().min(1).optional(),
  /** Unset: info, or warn when a person watches a terminal (the progress bar and output tell them enough). */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default(process.stderr.isTTY ? 'warn' : 'info'),
  /** Redis of the job queue; every worker of one deployment points at the same one. */
  REDIS_URL: serverUrl(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL').default('redis://127.0.0.1:6379'),
  /** SMTP server for delivery; without it messages are written as .eml files into $LGS_HOME/outbox. */
  SMTP_URL: serverUrl(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL').optional(),
  MAIL_FROM: z.string().min(3).default('LGS Reports <reports@lgs-reports.local>'),
  LGS_SCHEDULES: z.string().min(1).default('config/schedules.yaml'),
  /** Where archived reports are kept (a folder; object storage can replace it behind ReportArchive). */
  LGS_ARCHIVE: z.string().min(1).optional(),
  /** Days archived reports (and outbox messages) are kept; `lgs archive prune` removes older ones. Unset: kept for ever. */
  // Empty counts as unset, as for every variable (withoutEmptyValues): not 0 days.
  LGS_ARCHIVE_KEEP_DAYS: z.coerce.number().int().min(1).optional(),
  LGS_QUEUE: z.string().regex(/^[A-Za-z0-9_-]+$/).default('lgs-reports'),
  LGS_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(1),
  /** Attempts per run before the owner is told; retries back off exponentially from LGS_JOB_BACKOFF_MS. */
  LGS_JOB_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
  LGS_JOB_BACKOFF_MS: z.coerce.number().int().min(10).default(60_000),
  /** How long a worker's claim on a job lasts without renewal; a killed worker's job is taken over after it. */
  LGS_JOB_LOCK_MS: z.coerce.number().int().min(500).default(60_000),
  LGS_PRINT_TIMEOUT_MS: z.coerce.number().int().min(1000).default(60_000),
  /** Documents of one run printed at once on the shared browser (one page each). */
  LGS_PRINT_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(4),
  /** PostgreSQL limits: a database that is down or hung fails the attempt instead of hanging the job. */
  LGS_DB_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  LGS_DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).default(300_000),
  LGS_DB_LOCK_TIMEOUT_MS: z.coerce.number().int().min(100).default(30_000),
  /** An SMTP server silent for this long ends the transaction (its outcome is then uncertain). */
  LGS_SMTP_TIMEOUT_MS: z.coerce.number().int().min(100).default(120_000),
  /** The domain of Message-IDs; default: the domain of MAIL_FROM. */
  LGS_MAIL_DOMAIN: z.string().regex(/^[A-Za-z0-9.-]+$/, 'must be a domain name').optional(),
  /** How often the reconciler compares due periods and unfinished runs with the run log. */
  LGS_RECONCILE_MS: z.coerce.number().int().min(200).default(60_000),
  /** How far back a worker that was down catches up on missed fire times. */
  LGS_CATCH_UP_HOURS: z.coerce.number().min(0).default(7 * 24),
  /** Ingest from a drop folder: a file is read once its size and time have not changed for this long. */
  LGS_INGEST_SETTLE_MS: z.coerce.number().int().min(0).default(2_000),
  /** Ingest from a table in another database than the warehouse (a secret, so not in schedules.yaml). */
  LGS_INGEST_SOURCE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL').optional(),
  /**
   * The ingest on its cron refreshes the stored scores (RFM, lapse predictions, recommendations, the briefs'
   * reads) at most once in this many minutes; 0: after every ingest that adds lines. The refresh reads every
   * customer (11 s at the real data, ~100 s at 10×), so a table polled every five minutes would otherwise
   * re-score the whole history on each poll that found a row. A scheduled run brings them up to date
   * before it makes its documents, the worker's reconciler once this time has passed, `lgs load` and
   * `lgs demo` after themselves; meanwhile RFM is scored live, as at any other instant.
   */
  LGS_SCORE_REFRESH_MINUTES: z.coerce.number().int().min(0).default(60),
  /**
   * A scheduled report is stale (held back, owner told) when the latest invoice is older than its period's
   * end by more than this: the shop does not trade every day, so a little gap is normal.
   */
  LGS_STALE_TOLERANCE_HOURS: z.coerce.number().min(0).default(72),
  /** The managers' page (`lgs serve`). */
  LGS_USERS: z.string().min(1).default('config/users.yaml'),
  LGS_HTTP_HOST: z.string().min(1).default('127.0.0.1'),
  LGS_HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  /** 64 hex characters; every server of one deployment needs the same key, or sessions end on restart. */
  // Empty counts as unset, as for every variable (withoutEmptyValues): the key is then kept in $LGS_HOME/session.key.
  LGS_SESSION_KEY: z.string().regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hex characters (openssl rand -hex 32)').optional(),
  /** Set when the page is served over HTTPS (directly or behind a TLS proxy): cookies get Secure. */
  LGS_SECURE_COOKIES: z.enum(['true', 'false']).default('false').transform((value) => value === 'true'),
  LGS_SESSION_TTL_MIN: z.coerce.number().int().min(1).default(480),
  /** Where managers reach `lgs serve` (e.g. https://reports.lgs.example): e-mails link to the report there. */
  LGS_PUBLIC_URL: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).optional(),
  /** However active, a session ends this many hours after its login (then the manager logs in again). */
  LGS_SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(12),
  /**
   * Addresses (or CIDR ranges), comma-separated, of the reverse proxy in front of the page. Only a
   * request from one of them may name the client in X-Forwarded-For; unset, the header is ignored.
   */
  LGS_TRUST_PROXY: z
    .string()
    .optional()
    .transform((value) => (value ?? '').split(',').map((part) => part.trim()).filter(Boolean))
    .refine((parts) => parts.every((part) => isIP(part.split('/')[0]!) !== 0), 'must be IP addresses or CIDR ranges, comma-separated (e.g. 127.0.0.1 or 10.0.0.0/8)'),
  /** Login attempts per client address and minute. */
  LGS_LOGIN_ATTEMPTS_PER_MINUTE: z.coerce.number().int().min(1).default(10),
  /** Failed logins per user name within 15 minutes, from any address, before that name is refused for a while. */
  LGS_LOGIN_FAILURES_PER_USER: z.coerce.number().int().min(1).default(5),
});

export type Environment = z.infer<typeof environmentSchema>;

/**
 * The places the service keeps its state and reads its configuration. A relative value is taken from the
 * install folder (the one holding package.json, sql/ and templates/), never from the current directory:
 * `lgs metrics` run from another folder reads the same warehouse and schedules as the worker.
 */
const INSTALL_RELATIVE = ['LGS_HOME', 'LGS_SCHEDULES', 'LGS_USERS', 'LGS_ARCHIVE'] as const;

/**
 * A variable set empty (`NAME=` in an .env or systemd environment file, which compose's env_file passes on
 * as it is) is read as unset, so its default applies, except DATABASE_URL: read as unset it would move
 * every command to the embedded database without a word, so an empty one is refused.
 */
function withoutEmptyValues(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name, value]) => value !== '' || name === 'DATABASE_URL'));
}

export function readEnvironment(env: NodeJS.ProcessEnv = process.env): Environment {
  const parsed = environmentSchema.safeParse(withoutEmptyValues(env));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      // Stryker disable next-line StringLiteral: equivalent (every variable is top-level: a path of one name, nothing to join)
      const variable = issue.path.join('.');
      return `${variable}: ${issue.message}`;
    });
    throw new ConfigError(`invalid environment: ${problems.join('; ')}`, { source: 'environment', problems });
  }
  const environment = { ...parsed.data };
  for (const key of INSTALL_RELATIVE) {
    const value = environment[key];
    if (value !== undefined) environment[key] = resolve(projectRoot, value);
  }
  return environment;
}
