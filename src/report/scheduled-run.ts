/**
 * One run of a schedule, as a worker does it:
 *
 *   1. identify   (schedule, period) from the as-of rule and the fire time; open or resume its run row
 *   2. produce    the PDFs (and CSVs) via run-report, unless an earlier attempt archived them already;
 *                 everything is archived only after every document was made, so a failure leaves none
 *   3. deliver    each message to each recipient not yet recorded as sent (one Message-ID per message)
 *   4. close      mark the run sent; or, on the last attempt, mail the owner once and mark it failed
 *
 * Safe to repeat: a retried or duplicated job finds what was done and does only the rest.
 */
import { createHash } from 'node:crypto';
import { archiveKey, type ReportArchive } from '../archive/report-archive.js';
import type { Schedule } from '../config/schedules-schema.js';
import type { Database } from '../db/database.js';
import { DeliveryIncompleteError } from '../errors.js';
import { reportWeek } from '../metrics/as-of.js';
import { resolveAsOf as latestDataAsOf } from '../metrics/collect-metrics.js';
import { SEGMENT_NAMES, type SegmentName } from '../metrics/rfm-segments.js';
import { briefMessage, failureMessage, reportPageUrl, weeklyMessage, type Attachment, type BriefsSummary, type OutgoingMessage, type RunSummary } from '../mail/compose-message.js';
import type { Mailer } from '../mail/mailer.js';
import * as runs from '../queries/run-queries.js';
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
}

export interface RunOutcome {
  runId: number;
  schedule: string;
  period: string;
  status: 'sent' | 'already-sent';
  messages: number;
}

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
  const attachmentsOf = async (messageKey: string): Promise<Attachment[]> =>
    Promise.all(
      records.filter((r) => r.messageKey === messageKey).map(async (r) => ({ filename: r.fileName, content: await services.archive.get(r.archiveKey), contentType: r.contentType })),
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

/** Sends a message to each of its recipients not yet sent to; returns how many are still unsent. */
async function deliver(services: ScheduledRunServices, runId: number, message: OutgoingMessage, kinds: Map<string, runs.RecipientKind>): Promise<number> {
  await runs.ensureDeliveries(services.db, runId, message.messageKey, [...kinds].map(([address, kind]) => ({ address, kind })), message.messageId);
  const unsent = (await runs.unsentDeliveries(services.db, runId, message.messageKey)).map((d) => d.recipient);
  if (unsent.length === 0) return 0;
  try {
    const { accepted, rejected } = await services.mailer.send(message, unsent);
    const acceptedSet = new Set(accepted.map((a) => a.toLowerCase()));
    const sent = unsent.filter((r) => acceptedSet.has(r.toLowerCase()));
    const refused = unsent.filter((r) => !acceptedSet.has(r.toLowerCase()));
    if (sent.length > 0) await runs.recordDeliveryAttempt(services.db, runId, message.messageKey, sent, 'sent', null);
    if (refused.length > 0) await runs.recordDeliveryAttempt(services.db, runId, message.messageKey, refused, 'failed', `refused by the mail server${rejected.length ? `: ${rejected.join(', ')}` : ''}`);
    services.log?.info({ runId, message: message.messageKey, sent, refused }, 'message delivered');
    return refused.length;
  } catch (error) {
    await runs.recordDeliveryAttempt(services.db, runId, message.messageKey, unsent, 'failed', errorText(error));
    services.log?.warn({ runId, message: message.messageKey, recipients: unsent, err: errorText(error) }, 'message not delivered');
    return unsent.length;
  }
}

function recipientKinds(message: OutgoingMessage): Map<string, runs.RecipientKind> {
  const kinds = new Map<string, runs.RecipientKind>();
  for (const address of message.to) kinds.set(address, message.messageKey === 'failure' ? 'owner' : 'to');
  for (const address of message.cc) if (!kinds.has(address)) kinds.set(address, 'cc');
  return kinds;
}

/** The period that names a run: the report week's Monday for weekly reports, the as-of day for briefs. */
export function periodOf(schedule: Schedule, asOf: string): string {
  return schedule.report === 'weekly' ? reportWeek(asOf).start.slice(0, 10) : asOf.slice(0, 10);
}

export async function runScheduledReport(
  services: ScheduledRunServices,
  schedule: Schedule,
  firedAt: Date,
  options: { isLastAttempt: boolean },
): Promise<RunOutcome> {
  const asOf = resolveAsOf(schedule.asOf, firedAt, schedule.timezone) ?? (await latestDataAsOf(services.db));
  const period = periodOf(schedule, asOf);
  return services.db.withLock(`report-run:${schedule.name}:${period}`, async () => {
    const run = await runs.openRun(services.db, schedule.name, period, schedule.report, asOf);
    if (run.status === 'sent') return { runId: run.run_id, schedule: schedule.name, period, status: 'already-sent', messages: 0 };
    // A failed run is tried again from where it stopped: its documents if they were made, else from scratch.
    let produced = run.status === 'produced' || (run.status === 'failed' && run.summary != null);
    try {
      const summary = produced ? (run.summary as RunSummary) : await produceAndArchive(services, schedule, run, period, asOf);
      produced = true;
      const mailStarted = performance.now();
      const messages = await messagesOf(services, schedule, run.run_id, period, summary);
      let unsent = 0;
      for (const message of messages) unsent += await deliver(services, run.run_id, message, recipientKinds(message));
      const mailMs = Math.round(performance.now() - mailStarted);
      if (unsent > 0) throw new DeliveryIncompleteError(`${schedule.name} ${period}: ${unsent} recipient(s) not reached yet`, { runId: run.run_id, unsent });
      await runs.setRunStatus(services.db, run.run_id, 'sent', null, { mailMs });
      services.log?.info({ runId: run.run_id, schedule: schedule.name, period, messages: messages.length }, 'run sent');
      return { runId: run.run_id, schedule: schedule.name, period, status: 'sent', messages: messages.length };
    } catch (error) {
      const status = options.isLastAttempt ? 'failed' : produced ? 'produced' : 'running';
      if (options.isLastAttempt) {
        const failure = failureMessage(services.renderer, {
          runId: run.run_id, schedule: schedule.name, period, attempts: run.attempts, error: errorText(error), from: services.from, owner: schedule.owner,
        });
        await deliver(services, run.run_id, failure, recipientKinds(failure));
      }
      await runs.setRunStatus(services.db, run.run_id, status, errorText(error));
      throw error;
    }
  });
}
