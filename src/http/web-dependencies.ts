import type { ReportArchive } from '../archive/report-archive.js';
import type { SchedulesFile } from '../config/schedules-schema.js';
import type { UsersFile } from '../config/users-file.js';
import type { Queryable } from '../db/database.js';
import type { TemplateRenderer } from '../render/template-renderer.js';

/** Everything the managers' page uses, handed in so tests can give it a clock and their own stores. */
export interface WebDependencies {
  db: Queryable;
  archive: ReportArchive;
  users: UsersFile;
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
  sessionTtlMs: number;
  loginAttemptsPerMinute?: number;
  now?: () => number;
}
