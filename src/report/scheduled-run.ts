/**
 * One run of a schedule, as a worker does it:
 *
 *   1. identify   (schedule, period) from the as-of rule and the fire time (or the run a job names);
 *                 open or resume its run row, under a lock no other worker can hold at the same time
 *   2. guard      a period the warehouse does not cover yet is held back: the run is `stale` and the owner
 *                 told once; it goes out when a load brings the data (the reconciler re-drives it)
 *   3. produce    the PDFs (and CSVs) via run-report, unless an earlier attempt archived them already;
 *                 everything is archived only after every document was made, so a failure leaves none
 *   4. deliver    each message to each recipient: one SMTP transaction per recipient, each preceded by a
 *                 committed `sending` mark; a mark found by a later attempt means the outcome is unknown,
 *                 so that recipient is `uncertain` (never sent again by itself; the owner is told once)
 *   5. close      mark the run sent (or uncertain); on the last attempt, mail the owner once and mark it
 *                 failed; the owner is mailed even when the database is what failed
 *
 * Safe to repeat: a retried or duplicated job finds what was done and does only the rest.
 */
import { createHash } from 'node:crypto';
import { archiveKey, type ReportArchive } from '../archive/report-archive.js';
import type { Schedule } from '../config/schedules-schema.js';
import type { Database } from '../db/database.js';
import { ConnectionError, DatabaseUnavailableError, DeliveryIncompleteError, LgsError, QueryError } from '../errors.js';
import { reportWeek } from '../metrics/as-of.js';
import { collectIngestStatus, resolveAsOf as latestDataAsOf } from '../metrics/collect-metrics.js';
import { SEGMENT_NAMES, type SegmentName } from '../metrics/rfm-segments.js';
import { AcceptedJournal, type DeliveryOutcome } from '../mail/accepted-journal.js';
import {
  briefMessage, failureMessage, mailDomain, messageIdFor, reportPageUrl, staleMessage, uncertainMessage, weeklyMessage,
  type Attachment, type BriefsSummary, type MessageIdentity, type OutgoingMessage, type RunSummary,
} from '../mail/compose-message.js';
import { certainlyNotSent, type Mailer, type SendResult } from '../mail/mailer.js';
import { dataWindow } from '../queries/metric-queries.js';
import * as runs from '../queries/run-queries.js';
import { coversPeriod, DEFAULT_STALE_TOLERANCE_HOURS } from '../schedule/data-coverage.js';
import { resolveAsOf } from '../schedule/resolve-as-of.js';
import { slug, type ReportDocument } from './report-artifact.js';
import { produceSegmentBriefs, produceWeeklyReport, type ReportServices } from './run-report.js';

export interface ScheduledRunServices extends ReportServices {
  db: Database;
  archive: ReportArchive;
  mailer: Mailer;
  /** The From address of every message. */
  from: string;
  /** Base URL of the managers' page (LGS_PUBLIC_URL); e-mails link to the run's reports there. */
  publicUrl?: string;
  /** Install id and domain of Message-IDs; read from the database when not given. */
  identity?: MessageIdentity;
  /** Hours the latest invoice may trail a period's end before the run is held back (default 72). */
  staleToleranceHours?: number;
  /** Outcomes this process could not write yet; one per process, shared by its jobs. */
  journal?: AcceptedJournal;
  /**
   * Brings what the documents read up to date before they are made (the worker: the stored scores, when a
   * load came after their last refresh, which the ingest's cron puts off). A failure is logged and the run
   * goes on: its documents then score live and say their predictions are older than the data.
   */
  beforeProduce?: () => Promise<unknown>;
}

export interface RunOutcome {
  runId: number;
  schedule: string;
  period: string;
  status: 'sent' | 'already-sent' | 'stale' | 'uncertain';
  messages: number;
}

export interface RunOptions {
  isLastAttempt: boolean;
  /** Which attempt this is (1-based), for the owner's failure message when the run log is out of reach. */
  attempt?: number;
  /** Re-drive this run (its period and as-of) instead of the period of the fire time. */
  runId?: number;
}

/** A write of a known SMTP outcome is retried this many times, backing off from 250 ms (about 8 s in all). */
const OUTCOME_WRITE_TRIES = 6;

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

function segmentsOf(schedule: Schedule): SegmentName[] {
  if (schedule.report !== 'segment-briefs' || schedule.segments === 'all') return [...SEGMENT_NAMES];
  return [...schedule.segments];
}

/** Produces the documents and archives them; records them only once all are stored. */
async function produceAndArchive(services: ScheduledRunServices, schedule: Schedule, run: runs.OpenedRun, period: string, asOf: string) {
  const started = performance.now();
  const documents: ReportDocument[] =
    schedule.report === 'weekly'
      ? [await produceWeeklyReport(services, asOf)]
      : await produceSegmentBriefs(services, { asOf, segments: segmentsOf(schedule), campaign: { holdoutShare: schedule.holdout, windowDays: schedule.responseWindowDays } });
  const produceMs = Math.round(performance.now() - started);

  const archiveStarted = performance.now();
  const records: runs.DocumentRecord[] = [];
  for (const document of documents) {
    const messageKey = document.segment ? slug(document.segment) : 'weekly';
    for (const artifact of [document.pdf, ...document.attachments]) {
      const key = archiveKey(schedule.name, period, artifact.fileName);
      await services.archive.put(key, artifact.bytes);
      records.push({
        messageKey,
        archiveKey: key,
        fileName: artifact.fileName,
        contentType: artifact.contentType,
        bytes: artifact.bytes.length,
        sha256: createHash('sha256').update(artifact.bytes).digest('hex'),
        segment: document.segment ?? null,
      });
    }
  }
  const summary: RunSummary =
    schedule.report === 'weekly'
      ? (documents[0]!.summary as RunSummary)
      : {
          kind: 'segment-briefs',
          asOfLabel: documents[0]?.summary.asOfLabel ?? asOf,
          segments: Object.fromEntries(
            documents.flatMap((d) => {
              if (d.summary.kind !== 'segment') return [];
              const { name, customerCount, customers, revenue, action, entered, enteredSince, plan } = d.summary;
              return [[slug(name), { name, customerCount, customers, revenue, action, entered, enteredSince, plan }]];
            }),
          ),
        };
  await services.db.transaction(async (tx) => {
    for (const [position, record] of records.entries()) await runs.addDocument(tx, run.run_id, position, record);
    await runs.setRunSummary(tx, run.run_id, summary);
    await runs.setRunStatus(tx, run.run_id, 'produced', null, { produceMs, archiveMs: Math.round(performance.now() - archiveStarted) });
  });
  return summary;
}

/** The messages of a run, built from its archived files and summary. */
async function messagesOf(services: ScheduledRunServices, schedule: Schedule, runId: number, period: string, summary: RunSummary): Promise<OutgoingMessage[]> {
  const records = await runs.runDocuments(services.db, runId);
  // Each file is checked against the sha256 recorded when it was archived: a damaged file is an error
  // naming it, never an attachment.
  const attachmentsOf = async (messageKey: string): Promise<Attachment[]> =>
    Promise.all(
      records
        .filter((r) => r.messageKey === messageKey)
        .map(async (r) => ({ filename: r.fileName, content: await services.archive.get(r.archiveKey, r.sha256), contentType: r.contentType })),
    );
  const common = { runId, schedule: schedule.name, from: services.from, subject: schedule.subject, reportUrl: reportPageUrl(services.publicUrl, schedule.name, period) };
  if (schedule.report === 'weekly' && summary.kind === 'weekly') {
    return [weeklyMessage(services.renderer, { ...common, recipients: schedule.recipients, attachments: await attachmentsOf('weekly') }, summary)];
  }
  if (schedule.report !== 'segment-briefs' || summary.kind !== 'segment-briefs') throw new Error(`run ${runId}: summary of kind ${summary.kind} does not fit a ${schedule.report} schedule`);
  const briefs: BriefsSummary = summary;
  const messages: OutgoingMessage[] = [];
  for (const segment of segmentsOf(schedule)) {
    const messageKey = slug(segment);
    const recipients = schedule.recipients[segment] ?? schedule.recipients.default!;
    const segmentSummary = briefs.segments[messageKey];
    // An empty segment's brief is archived (it shows the segment was checked) but not mailed.
    if (!segmentSummary || segmentSummary.customerCount === 0) continue;
    messages.push(briefMessage(services.renderer, { ...common, messageKey, recipients, attachments: await attachmentsOf(messageKey) }, briefs, segmentSummary));
  }
  return messages;
}

async function identityOf(services: ScheduledRunServices): Promise<MessageIdentity> {
  services.identity ??= { installId: await runs.installId(services.db), domain: mailDomain(services.from) };
  return services.identity;
}

/**
 * Writes a known SMTP outcome to the run log, retrying the write (never the send) while the database is
 * away; the outcome is kept in the process's journal meanwhile, so a later attempt writes it instead.
 */
async function recordOutcome(services: ScheduledRunServices, runId: number, messageKey: string, recipient: string, outcome: DeliveryOutcome): Promise<void> {
  services.journal?.remember(runId, messageKey, recipient, outcome);
  for (let attempt = 1; ; attempt++) {
    try {
      await runs.recordDeliveryAttempt(services.db, runId, messageKey, [recipient], outcome.status, outcome.error, outcome.smtpReply);
      services.journal?.forget(runId, messageKey, recipient);
      return;
    } catch (error) {
      if (attempt >= OUTCOME_WRITE_TRIES) {
        throw new DatabaseUnavailableError(`the mail server's answer for ${recipient} (run ${runId}, ${messageKey}: ${outcome.status}) could not be written to the run log: ${errorText(error)}`, { runId, messageKey, recipient, outcome: outcome.status }, { cause: error });
      }
      services.log?.warn({ runId, message: messageKey, recipient, outcome: outcome.status, attempt, err: errorText(error) }, 'run log write failed after the SMTP answer: retrying the write');
      await new Promise((resolve) => setTimeout(resolve, 250 * 2 ** (attempt - 1)));
    }
  }
}

/**
 * Deliveries left `sending` by an earlier attempt: written as this process knows them (its journal), or
 * else `uncertain` (the server may have the message; sending again could duplicate it).
 */
async function settleInterrupted(services: ScheduledRunServices, runId: number): Promise<void> {
  for (const { message_key: messageKey, recipient } of await runs.interruptedDeliveries(services.db, runId)) {
    const known = services.journal?.recall(runId, messageKey, recipient);
    const outcome: DeliveryOutcome = known ?? {
      status: 'uncertain',
      error: 'the SMTP transaction was cut off (worker stopped or lost its database) before its outcome was recorded; not sent again automatically',
      smtpReply: null,
    };
    await recordOutcome(services, runId, messageKey, recipient, outcome);
    if (!known) services.log?.warn({ runId, message: messageKey, recipient }, 'delivery interrupted earlier: uncertain, not sent again');
  }
}

const smtpReplyOf = (error: unknown) => (error as { response?: unknown } | undefined)?.response?.toString() ?? null;

/**
 * Sends a message to each of its recipients waiting to be sent, one SMTP transaction each. Before each
 * transaction the delivery is marked `sending` (committed); after it, the server's answer is recorded.
 */
async function deliver(services: ScheduledRunServices, runId: number, message: OutgoingMessage, kinds: Map<string, runs.RecipientKind>, lockLost: AbortSignal): Promise<void> {
  const identity = await identityOf(services);
  const recipients = [...kinds].map(([address, kind]) => ({ address, kind, messageId: messageIdFor(identity, runId, message.messageKey, address) }));
  await runs.ensureDeliveries(services.db, runId, message.messageKey, recipients);
  for (const delivery of await runs.unsentDeliveries(services.db, runId, message.messageKey)) {
    if (lockLost.aborted) throw new DatabaseUnavailableError(`run ${runId}: the connection holding the run's lock broke; stopping before the next send`, { runId });
    if (!(await runs.markSending(services.db, runId, message.messageKey, delivery.recipient))) continue;
    let result: SendResult;
    try {
      result = await services.mailer.send(message, [delivery.recipient], delivery.message_id);
    } catch (error) {
      const status = certainlyNotSent(error) ? 'failed' : 'uncertain';
      services.log?.warn({ runId, message: message.messageKey, recipient: delivery.recipient, status, err: errorText(error) }, 'message not delivered');
      await recordOutcome(services, runId, message.messageKey, delivery.recipient, { status, error: errorText(error), smtpReply: smtpReplyOf(error) });
      continue;
    }
    const accepted = result.accepted.some((address) => address.toLowerCase() === delivery.recipient.toLowerCase());
    await recordOutcome(services, runId, message.messageKey, delivery.recipient, {
      status: accepted ? (services.mailer.writesToOutbox ? 'written-to-outbox' : 'sent') : 'failed',
      error: accepted ? null : `refused by the mail server${result.rejected.length ? `: ${result.rejected.join(', ')}` : ''}`,
      smtpReply: result.response || null,
    });
    services.log?.info({ runId, message: message.messageKey, recipient: delivery.recipient, accepted, reply: result.response }, 'message delivered');
  }
}

/** Mails the owner through the run log (once per run and notice); true when it went out. */
async function notifyOwner(services: ScheduledRunServices, runId: number, notice: OutgoingMessage, lockLost: AbortSignal): Promise<boolean> {
  await deliver(services, runId, notice, recipientKinds(notice), lockLost);
  return (await runs.deliveryCounts(services.db, runId, [notice.messageKey])).unsent === 0;
}

/** The owner's notices (kind `owner` in the run log, never touched by `lgs resend`). */
const OWNER_NOTICES = new Set(['failure', 'stale', 'uncertain']);

function recipientKinds(message: OutgoingMessage): Map<string, runs.RecipientKind> {
  const kinds = new Map<string, runs.RecipientKind>();
  for (const address of message.to) kinds.set(address, OWNER_NOTICES.has(message.messageKey) ? 'owner' : 'to');
  for (const address of message.cc) if (!kinds.has(address)) kinds.set(address, 'cc');
  return kinds;
}

/** The period that names a run: the report week's Monday for weekly reports, the as-of day for briefs. */
export function periodOf(schedule: Schedule, asOf: string): string {
  return schedule.report === 'weekly' ? reportWeek(asOf).start.slice(0, 10) : asOf.slice(0, 10);
}

/**
 * Errors after which the last-resort alert is not sent: the owner has been mailed already (it would mail
 * twice), or the run has not failed (held back as stale, only its notice did not get through).
 */
const noFailureAlert = new WeakSet<object>();

/**
 * Why the run log did not take the owner's failure notice, by the error the run failed with: what the
 * notice through the run log threw (set in runLocked), when that was not the run's own error.
 */
const runLogRefusal = new WeakMap<object, unknown>();

/**
 * The database itself failed: it is down or hung, or refused a statement (node-postgres's errors,
 * timeouts included, arrive wrapped in QueryError). A ConnectionError may name Redis or SMTP instead.
 */
export function isDatabaseFailure(error: unknown): boolean {
  if (error instanceof DatabaseUnavailableError || error instanceof QueryError) return true;
  return error instanceof ConnectionError && error.context['database'] !== undefined;
}

/**
 * What the owner's direct alert says of the run log. `notifyError`: why the notice through the run log
 * failed, when the run had a row there; before that, the run's own error is all there is. Only a database
 * failure is called one: an error before the row existed (the warehouse empty for `latest-data`, a run id
 * not in the log) used to read "could not be reached", sending the owner to a database that was fine.
 */
export function directAlertNote(error: unknown, notifyError: unknown): string {
  if (isDatabaseFailure(notifyError ?? error)) {
    return 'The run log (PostgreSQL) could not be reached, so this message was sent without being recorded there.';
  }
  if (notifyError !== undefined) {
    return `The run log (lgs runs) records the failure, but this notice could not be sent through it (${errorText(notifyError)}), so it was sent directly.`;
  }
  return 'The run stopped before it had an entry in the run log (lgs runs), so this message was sent without being recorded there.';
}

/**
 * The last resort after the last attempt, when the run log could not take the failure message (the
 * database is down or hung, or the run stopped before it had a row there): mail the owner straight away.
 * Its Message-ID is stable for the fire time, so it stays one thread even if it had to be sent again.
 */
async function alertOwnerDirectly(services: ScheduledRunServices, schedule: Schedule, period: string, firedAt: Date, options: RunOptions, error: unknown) {
  const failure = failureMessage(services.renderer, {
    schedule: schedule.name, period, attempts: options.attempt ?? 1, error: errorText(error), from: services.from, owner: schedule.owner,
    note: directAlertNote(error, error instanceof Object ? runLogRefusal.get(error) : undefined),
  });
  const installId = services.identity?.installId ?? 'unknown-install';
  const tag = createHash('sha256').update(`${schedule.name}\u0000${period}\u0000${firedAt.getTime()}`).digest('hex').slice(0, 16);
  const messageId = `<lgs.failure.${tag}.${installId}@${services.identity?.domain ?? mailDomain(services.from)}>`;
  try {
    await services.mailer.send(failure, [schedule.owner], messageId);
    services.log?.error({ schedule: schedule.name, period, owner: schedule.owner, err: errorText(error) }, 'run failed for good; owner alerted without the run log');
  } catch (mailError) {
    services.log?.error({ schedule: schedule.name, period, err: errorText(error), mailErr: errorText(mailError) }, 'run failed for good and the owner could not be alerted');
  }
}

export async function runScheduledReport(services: ScheduledRunServices, schedule: Schedule, firedAt: Date, options: RunOptions): Promise<RunOutcome> {
  let period = 'not known yet';
  try {
    let asOf: string;
    if (options.runId !== undefined) {
      const run = await runs.runById(services.db, options.runId);
      if (!run || run.schedule !== schedule.name) throw new LgsError(`run ${options.runId} of ${schedule.name} is not in the run log`, { runId: options.runId, schedule: schedule.name });
      ({ period, as_of: asOf } = run);
    } else {
      asOf = resolveAsOf(schedule.asOf, firedAt, schedule.timezone) ?? (await latestDataAsOf(services.db));
      period = periodOf(schedule, asOf);
    }
    const periodNow = period;
    return await services.db.withLock(`report-run:${schedule.name}:${period}`, (lockLost) => runLocked(services, schedule, firedAt, periodNow, asOf, options, lockLost));
  } catch (error) {
    if (options.isLastAttempt && !(error instanceof Object && noFailureAlert.has(error))) await alertOwnerDirectly(services, schedule, period, firedAt, options, error);
    throw error;
  }
}

/** The end of the period a run reports on: the week's end for the weekly report, the as-of for briefs. */
function periodEndOf(schedule: Schedule, asOf: string): string {
  return schedule.report === 'weekly' ? reportWeek(asOf).end : asOf;
}

async function runLocked(
  services: ScheduledRunServices, schedule: Schedule, firedAt: Date, period: string, asOf: string, options: RunOptions, lockLost: AbortSignal,
): Promise<RunOutcome> {
  const run = await runs.openRun(services.db, schedule.name, period, schedule.report, asOf, firedAt, options.attempt);
  const outcome = (status: RunOutcome['status'], messages = 0): RunOutcome => ({ runId: run.run_id, schedule: schedule.name, period, status, messages });
  if (run.status === 'sent' || run.status === 'uncertain') return outcome('already-sent');
  // A failed run is tried again from where it stopped: its documents if they were made, else from scratch.
  let produced = run.summary != null && run.status !== 'running';
  /** Set once the run is held back as stale: it stays so, whatever befalls the owner's notice. */
  let heldBack: string | undefined;
  try {
    if (!produced) {
      const tolerance = services.staleToleranceHours ?? DEFAULT_STALE_TOLERANCE_HOURS;
      const [window] = await dataWindow(services.db);
      const latest = window?.last_invoice_at ?? null;
      const periodEnd = periodEndOf(schedule, asOf);
      if (!coversPeriod(periodEnd, latest, tolerance, schedule.timezone)) {
        const reason = `the warehouse does not cover the period yet: it ends ${periodEnd}, the latest invoice is ${latest ?? 'none'}`;
        await runs.setRunStatus(services.db, run.run_id, 'stale', reason);
        heldBack = reason;
        services.log?.warn({ runId: run.run_id, schedule: schedule.name, period, periodEnd, latestInvoice: latest }, 'run held back: data not in yet');
        // A notice cut off by a killed worker is settled from the journal first, as a report's mail is.
        await settleInterrupted(services, run.run_id);
        const ingest = await collectIngestStatus(services.db);
        const notice = staleMessage(services.renderer, { schedule: schedule.name, period, periodEnd, latestInvoice: latest, toleranceHours: tolerance, from: services.from, owner: schedule.owner, timezone: schedule.timezone, ingest });
        if (!(await notifyOwner(services, run.run_id, notice, lockLost))) {
          throw new DeliveryIncompleteError(`${schedule.name} ${period}: held back as stale, and the owner could not be told yet`, { runId: run.run_id });
        }
        return outcome('stale');
      }
      await services.beforeProduce?.().catch((error: unknown) => services.log?.warn({ runId: run.run_id, schedule: schedule.name, err: errorText(error) }, 'bringing the stored scores up to date before the report failed: it scores RFM live and says its predictions are older than its data'));
    }
    const summary = produced ? (run.summary as RunSummary) : await produceAndArchive(services, schedule, run, period, asOf);
    produced = true;
    const mailStarted = performance.now();
    await settleInterrupted(services, run.run_id);
    const messages = await messagesOf(services, schedule, run.run_id, period, summary);
    for (const message of messages) await deliver(services, run.run_id, message, recipientKinds(message), lockLost);
    const mailMs = Math.round(performance.now() - mailStarted);
    const counts = await runs.deliveryCounts(services.db, run.run_id, messages.map((m) => m.messageKey));
    if (counts.unsent > 0) throw new DeliveryIncompleteError(`${schedule.name} ${period}: ${counts.unsent} recipient(s) not reached yet`, { runId: run.run_id, unsent: counts.unsent });
    if (counts.uncertain.length > 0) {
      const notice = uncertainMessage(services.renderer, { runId: run.run_id, schedule: schedule.name, period, recipients: counts.uncertain, from: services.from, owner: schedule.owner });
      if (!(await notifyOwner(services, run.run_id, notice, lockLost))) {
        throw new DeliveryIncompleteError(`${schedule.name} ${period}: delivery uncertain for ${counts.uncertain.join(', ')}, and the owner could not be told yet`, { runId: run.run_id });
      }
      await runs.setRunStatus(services.db, run.run_id, 'uncertain', `delivery uncertain (not sent again automatically): ${counts.uncertain.join(', ')}`, { mailMs });
      services.log?.warn({ runId: run.run_id, schedule: schedule.name, period, uncertain: counts.uncertain }, 'run done; some deliveries uncertain');
      return outcome('uncertain', messages.length);
    }
    await runs.setRunStatus(services.db, run.run_id, 'sent', null, { mailMs });
    services.log?.info({ runId: run.run_id, schedule: schedule.name, period, messages: messages.length }, 'run sent');
    return outcome('sent', messages.length);
  } catch (error) {
    if (heldBack !== undefined) {
      // Only the notice failed: the run is not failed. It stays stale, so the reconciler sends it once the
      // data is in (a `failed` run is never driven again), and the owner gets no "failed" alert for it.
      await runs.setRunStatus(services.db, run.run_id, 'stale', `${heldBack}; the owner could not be told yet: ${errorText(error)}`).catch((statusError: unknown) =>
        services.log?.warn({ runId: run.run_id, status: 'stale', err: errorText(statusError) }, 'could not record the run status'),
      );
      if (error instanceof Object) noFailureAlert.add(error);
      throw error;
    }
    const status = options.isLastAttempt ? 'failed' : produced ? 'produced' : 'running';
    if (options.isLastAttempt) {
      const failure = failureMessage(services.renderer, {
        schedule: schedule.name, period, attempts: run.attempts, error: errorText(error), from: services.from, owner: schedule.owner,
      });
      // When this fails too (the database again), the caller alerts the owner without the run log.
      let refusal: unknown;
      const told = await notifyOwner(services, run.run_id, failure, lockLost).catch((notifyError: unknown) => ((refusal = notifyError), false));
      if (error instanceof Object) {
        if (told) noFailureAlert.add(error);
        else runLogRefusal.set(error, refusal ?? 'the mail server did not take it');
      }
    }
    await runs.setRunStatus(services.db, run.run_id, status, errorText(error)).catch((statusError: unknown) =>
      services.log?.warn({ runId: run.run_id, status, err: errorText(statusError) }, 'could not record the run status'),
    );
    throw error;
  }
}
