import { createHash } from 'node:crypto';
import type { Recipients, SUBJECT_PLACEHOLDERS } from '../config/schedules-schema.js';
import type { IngestSourceStatus } from '../metrics/metrics-report.js';
import type { TemplateRenderer } from '../render/template-renderer.js';
import { wallClock } from '../schedule/resolve-as-of.js';

/**
 * Builds the e-mails of a run: pure functions from the run's summary and archived files to a message.
 * Each delivery (run, message, recipient) has its own Message-ID, fixed in the run log when the delivery
 * is first recorded, so a resend is recognisably the same message.
 */
export interface Attachment {
  filename: string;
  content: Buffer;
  contentType: string;
  /** Content-ID of an image the HTML part shows inline (`<img src="cid:…">`). */
  cid?: string;
}

/** The Content-ID of the weekly e-mail's headline chart. */
export const HEADLINE_CHART_CID = 'headline-chart@lgs-reports';

export interface OutgoingMessage {
  messageKey: string;
  from: string;
  to: string[];
  cc: string[];
  subject: string;
  html: string;
  text: string;
  attachments: Attachment[];
}

export interface KpiLine {
  label: string;
  current: string;
  previous: string;
  arrow: string;
  relative: string;
}

export interface WeeklySummary {
  kind: 'weekly';
  weekLabel: string;
  asOfLabel: string;
  kpis: KpiLine[];
  /** What the headline chart shows (its alt text); runs made before it existed have none. */
  headline?: string;
  /** The three biggest segment movements, as sentences. */
  movements?: string[];
}

export interface SegmentSummary {
  name: string;
  /** How many customers the segment has (0: no brief is mailed). */
  customerCount: number;
  customers: string;
  revenue: string;
  action: string;
  /** Customers who entered the segment since `enteredSince`; runs made before campaigns have none. */
  entered?: string;
  enteredSince?: string;
  /** The brief's one-paragraph campaign plan. */
  plan?: string;
}

export interface BriefsSummary {
  kind: 'segment-briefs';
  asOfLabel: string;
  segments: Record<string, SegmentSummary>;
}

export type RunSummary = WeeklySummary | BriefsSummary;

/** What makes Message-IDs unique across installations: a random id kept in the database, and a domain. */
export interface MessageIdentity {
  installId: string;
  domain: string;
}

/**
 * `<lgs.42.weekly.3f9a0c1e2b7d.<install id>@reports.lgs.example>`: unique to this installation, run,
 * message and recipient (the address enters as a hash, so a forwarded message does not show the other
 * recipients' addresses), and the same on every attempt of that delivery. Pure.
 */
export function messageIdFor(identity: MessageIdentity, runId: number, messageKey: string, recipient: string): string {
  const recipientTag = createHash('sha256').update(recipient.toLowerCase()).digest('hex').slice(0, 12);
  return `<lgs.${runId}.${messageKey}.${recipientTag}.${identity.installId}@${identity.domain}>`;
}

/** The Message-ID domain: LGS_MAIL_DOMAIN when set, else the domain of the From address. Pure. */
export function mailDomain(from: string, configured?: string): string {
  if (configured) return configured;
  const address = /<([^>]+)>/.exec(from)?.[1] ?? from;
  const domain = address.split('@')[1]?.trim();
  return domain && /^[A-Za-z0-9.-]+$/.test(domain) ? domain : 'lgs-reports.invalid';
}

/**
 * Replaces {{name}} placeholders with values; unknown placeholders stay as written (a schedule's subject
 * cannot hold one: the schema refuses what SUBJECT_PLACEHOLDERS does not list).
 */
export function fillSubject(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => values[name] ?? whole);
}

interface Common {
  runId: number;
  schedule: string;
  from: string;
  recipients: Recipients;
  subject?: string;
  attachments: Attachment[];
  /** The report on the managers' page (LGS_PUBLIC_URL set), else undefined. */
  reportUrl?: string;
}

/** What a subject of that report is filled with: adding a name to SUBJECT_PLACEHOLDERS fails to compile until it is filled. */
type SubjectValues<R extends keyof typeof SUBJECT_PLACEHOLDERS> = Record<(typeof SUBJECT_PLACEHOLDERS)[R][number], string>;

/** The run's archived reports on the managers' page: its schedule and period. */
export function reportPageUrl(publicUrl: string | undefined, schedule: string, period: string): string | undefined {
  if (!publicUrl) return undefined;
  const url = new URL('reports', publicUrl.endsWith('/') ? publicUrl : publicUrl + '/');
  url.searchParams.set('schedule', schedule);
  url.searchParams.set('from', period);
  url.searchParams.set('to', period);
  return url.toString();
}

export function weeklyMessage(renderer: TemplateRenderer, common: Common, summary: WeeklySummary): OutgoingMessage {
  const subject = fillSubject(common.subject ?? 'LGS weekly marketing report: week of {{weekLabel}}', { weekLabel: summary.weekLabel, asOf: summary.asOfLabel } satisfies SubjectValues<'weekly'>);
  // The chart (PNG) is shown inline, not listed as an attachment: the HTML refers to it by Content-ID.
  const attachments = common.attachments.map((a) => (a.contentType === 'image/png' ? { ...a, cid: HEADLINE_CHART_CID } : a));
  const chart = attachments.some((a) => a.cid === HEADLINE_CHART_CID);
  const movements = summary.movements ?? [];
  const text = [
    `Weekly marketing report, week of ${summary.weekLabel} (figures as of ${summary.asOfLabel}). The full report is attached as a PDF.`,
    ...(common.reportUrl ? [`Read it on the managers' page: ${common.reportUrl}`] : []),
    '',
    ...(chart && summary.headline ? [`Chart: ${summary.headline}`, ''] : []),
    ...summary.kpis.map((k) => `${k.label}: ${k.current} (week before ${k.previous}, ${k.arrow} ${k.relative})`),
    ...(movements.length ? ['', 'Biggest segment movements in the last 28 days:', ...movements.map((m) => `- ${m}`)] : []),
    '',
    `Sent by LGS Reports for the schedule "${common.schedule}".`,
  ].join('\n');
  return {
    messageKey: 'weekly',
    from: common.from,
    to: common.recipients.to,
    cc: common.recipients.cc,
    subject,
    html: renderer.render('email/weekly-email', { summary, schedule: common.schedule, chartCid: chart ? HEADLINE_CHART_CID : undefined, movements, reportUrl: common.reportUrl }),
    text,
    attachments,
  };
}

export function briefMessage(renderer: TemplateRenderer, common: Common & { messageKey: string }, summary: BriefsSummary, segment: SegmentSummary): OutgoingMessage {
  const subject = fillSubject(common.subject ?? 'LGS campaign brief: {{segment}} ({{asOf}})', { segment: segment.name, asOf: summary.asOfLabel } satisfies SubjectValues<'segment-briefs'>);
  const text = [
    `Campaign brief for the ${segment.name} segment as of ${summary.asOfLabel}: ${segment.customers} customers, ${segment.revenue} of revenue.`,
    ...(segment.entered !== undefined ? [`Entered this segment since ${segment.enteredSince}: ${segment.entered} customers (listed first in the CSV).`] : []),
    '',
    segment.plan ? `The plan: ${segment.plan}` : `Recommended campaign: ${segment.action}`,
    '',
    'The brief is attached as a PDF, with the customer list as CSV for the mailing tool (send to the "target" group only).',
    ...(common.reportUrl ? [`On the managers' page: ${common.reportUrl}`] : []),
    '',
    `Sent by LGS Reports for the schedule "${common.schedule}".`,
  ].join('\n');
  return {
    messageKey: common.messageKey,
    from: common.from,
    to: common.recipients.to,
    cc: common.recipients.cc,
    subject,
    html: renderer.render('email/segment-email', { summary, segment, schedule: common.schedule, reportUrl: common.reportUrl }),
    text,
    attachments: common.attachments,
  };
}

export function failureMessage(
  renderer: TemplateRenderer,
  failure: { schedule: string; period: string; attempts: number; error: string; from: string; owner: string; note?: string },
): OutgoingMessage {
  return {
    messageKey: 'failure',
    from: failure.from,
    to: [failure.owner],
    cc: [],
    subject: `LGS report failed: ${failure.schedule} (${failure.period})`,
    html: renderer.render('email/failure-email', failure),
    text: `The scheduled report ${failure.schedule} for period ${failure.period} failed after ${failure.attempts} attempts.\n\nError:\n${failure.error}\n\n${failure.note ? `${failure.note}\n\n` : ''}Fix the cause, then run it again with: lgs run ${failure.schedule}\nRecipients already sent to will not get it twice.\n`,
    attachments: [],
  };
}

/** A wall-clock timestamp ('YYYY-MM-DDTHH:MM:SS') as the notices print it: '2011-12-05 08:05'. */
function minutes(timestamp: string): string {
  return timestamp.replace('T', ' ').slice(0, 16);
}

/** The zone's offset at an instant, as 'GMT+0' or 'GMT+1': two instants of the hour a clock goes back read alike without it. */
function offsetAt(instant: Date, timezone: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: timezone, timeZoneName: 'shortOffset' }).formatToParts(instant);
  return parts.find((part) => part.type === 'timeZoneName')?.value ?? '';
}

/**
 * An ingest source's instants (UTC, from the database) on the schedule's clock, the one its period and the
 * invoices are read by: a notice that said "ends 2011-12-05 00:00" beside "looked at 2011-12-04T23:05:00Z"
 * left the owner to work out that the look came after the period's end in summer time.
 */
function onShopClock(source: IngestSourceStatus, timezone: string): IngestSourceStatus {
  const local = (text: string) => {
    const instant = new Date(text);
    return `${minutes(wallClock(instant, timezone))} ${offsetAt(instant, timezone)}`;
  };
  return {
    ...source,
    lastLookAt: source.lastLookAt === null ? null : local(source.lastLookAt),
    lastNewLinesAt: source.lastNewLinesAt === null ? null : local(source.lastNewLinesAt),
    failure: source.failure === null ? null : { ...source.failure, at: local(source.failure.at) },
  };
}

/**
 * Where the data should have come from, for the stale notice: each ingest source's last look and last new
 * lines, its failure and the files it left unread, so the owner sees a stopped poller or a file the worker
 * may not read, not only that the data is late.
 */
function ingestParagraph(ingest: readonly IngestSourceStatus[]): string {
  if (ingest.length === 0) return 'No ingest run is recorded: the data arrives when someone runs lgs load, or when the worker runs the ingest: source of the schedules file.';
  return ingest
    .map((source) => [
      `Ingest from ${source.source}: last looked at ${source.lastLookAt ?? 'never'}, last brought new lines at ${source.lastNewLinesAt ?? 'never'}.`,
      ...(source.failure ? [`It failed at ${source.failure.at}: ${source.failure.reason}`] : []),
      ...source.needsAttention.map((item) => `Needs attention: ${item}`),
    ].join('\n'))
    .join('\n\n');
}

/**
 * To the owner, once: the warehouse does not cover the period yet, so the report is held back. Every time
 * in it is on the schedule's clock, named once.
 */
export function staleMessage(
  renderer: TemplateRenderer,
  stale: {
    schedule: string; period: string; periodEnd: string; latestInvoice: string | null; toleranceHours: number; from: string; owner: string;
    /** The schedule's time zone: the period and the invoices are its wall clock; ingest times are turned to it. */
    timezone: string;
    /** The ingest sources, the latest active first (quality/ingest_sources.sql). */
    ingest: readonly IngestSourceStatus[];
  },
): OutgoingMessage {
  const shown = {
    ...stale,
    periodEnd: minutes(stale.periodEnd),
    latest: stale.latestInvoice === null ? 'none (the warehouse is empty)' : minutes(stale.latestInvoice),
    ingest: stale.ingest.map((source) => onShopClock(source, stale.timezone)),
  };
  return {
    messageKey: 'stale',
    from: stale.from,
    to: [stale.owner],
    cc: [],
    subject: `LGS report held back, data not in yet: ${stale.schedule} (${stale.period})`,
    html: renderer.render('email/stale-email', shown),
    text:
      `The scheduled report ${stale.schedule} for period ${stale.period} was not sent: the period ends at ${shown.periodEnd}, ` +
      `but the latest invoice in the warehouse is from ${shown.latest} (more than ${stale.toleranceHours} hours earlier). ` +
      `Times are ${stale.timezone} time.\n\n` +
      `${ingestParagraph(shown.ingest)}\n\n` +
      `It goes out by itself, once, when a load brings the period's data; or load the data and run: lgs run ${stale.schedule}\n`,
    attachments: [],
  };
}

/** To the owner, once: recipients whose delivery is unknown (the worker or server failed mid-transaction). */
export function uncertainMessage(
  renderer: TemplateRenderer,
  uncertain: { runId: number; schedule: string; period: string; recipients: string[]; from: string; owner: string },
): OutgoingMessage {
  const resend = uncertain.recipients.map((address) => `lgs resend ${uncertain.runId} ${address}`);
  return {
    messageKey: 'uncertain',
    from: uncertain.from,
    to: [uncertain.owner],
    cc: [],
    subject: `LGS report delivery uncertain: ${uncertain.schedule} (${uncertain.period})`,
    html: renderer.render('email/uncertain-email', { ...uncertain, resend }),
    text:
      `Run ${uncertain.runId} of ${uncertain.schedule} (${uncertain.period}) was being sent to ${uncertain.recipients.join(', ')} when the ` +
      `transaction was cut off, so the mail server may or may not have taken it. To avoid a duplicate it is not sent again by itself.\n\n` +
      `If the recipient did not get it, send it again with:\n${resend.join('\n')}\n`,
    attachments: [],
  };
}
