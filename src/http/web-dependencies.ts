import type { ReportArchive } from '../archive/report-archive.js';
import type { SchedulesFile } from '../config/schedules-schema.js';
import type { Queryable } from '../db/database.js';
import type { Logger } from '../log.js';
import type { TemplateRenderer } from '../render/template-renderer.js';
import type { CurrentUsers } from './current-users.js';

/** Everything the managers' page uses, handed in so tests can give it a clock and their own stores. */
export interface WebDependencies {
  db: Queryable;
  archive: ReportArchive;
  /** The users file as it is at this request (see current-users.ts). */
  users: CurrentUsers;
  renderer: TemplateRenderer;
  /** The schedules file as it is now (or the error that makes it invalid). */
  readSchedules: () => Promise<{ path: string; config?: SchedulesFile; error?: string }>;
  /** Puts one run of a schedule on the queue; returns the job id. */
  enqueueRun: (schedule: string) => Promise<string>;
  /** Reachability checks for /healthz, by name. */
  healthChecks: Record<string, () => Promise<unknown>>;
  /** 32-byte key that encrypts session cookies; every server of one deployment needs the same. */
  sessionKey: Buffer;
  secureCookies: boolean;
  /** Inactivity after which a session ends. */
  sessionTtlMs: number;
  /** Age after which a session ends however active it was (counted from its login). */
  maxSessionAgeMs?: number;
  /** Addresses or CIDR ranges of the reverse proxy whose X-Forwarded-For is believed; none by default. */
  trustProxy?: readonly string[];
  /** Per client address. */
  loginAttemptsPerMinute?: number;
  /** Failed logins per user name within 15 minutes, from any address. */
  loginFailuresPerUser?: number;
  /** Where errors go (the client only ever sees a plain "Internal server error"). */
  log?: Logger;
  now?: () => number;
}
