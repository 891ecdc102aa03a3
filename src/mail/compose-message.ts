import type { Recipients } from '../config/schedules-schema.js';
import type { TemplateRenderer } from '../render/template-renderer.js';

/**
 * Builds the e-mails of a run: pure functions from the run's summary and archived files to a message.
 * Each message has a fixed Message-ID, so a resend after a crash is recognisably the same message.
 */
export interface Attachment {
  filename: string;
  content: Buffer;
  contentType: string;
}

export interface OutgoingMessage {
  messageKey: string;
  messageId: string;
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
}

export interface SegmentSummary {
  name: string;
  /** How many customers the segment has (0: no brief is mailed). */
  customerCount: number;
  customers: string;
  revenue: string;
  action: string;
}

export interface BriefsSummary {
  kind: 'segment-briefs';
  asOfLabel: string;
  segments: Record<string, SegmentSummary>;
}

export type RunSummary = WeeklySummary | BriefsSummary;

/** `<lgs.42.weekly@lgs-reports>`: one id per run and message, the same on every attempt. */
export function messageIdFor(runId: number, messageKey: string, domain = 'lgs-reports'): string {
  return `<lgs.${runId}.${messageKey}@${domain}>`;
}

/** Replaces {{name}} placeholders with values; unknown placeholders stay as written. */
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
}

export function weeklyMessage(renderer: TemplateRenderer, common: Common, summary: WeeklySummary): OutgoingMessage {
  const subject = fillSubject(common.subject ?? 'LGS weekly marketing report: week of {{weekLabel}}', { weekLabel: summary.weekLabel, asOf: summary.asOfLabel });
  const text = [
    `Weekly marketing report, week of ${summary.weekLabel} (figures as of ${summary.asOfLabel}). The full report is attached as a PDF.`,
    '',
    ...summary.kpis.map((k) => `${k.label}: ${k.current} (week before ${k.previous}, ${k.arrow} ${k.relative})`),
    '',
    `Sent by LGS Reports for the schedule "${common.schedule}".`,
  ].join('\n');
  return {
    messageKey: 'weekly',
    messageId: messageIdFor(common.runId, 'weekly'),
    from: common.from,
    to: common.recipients.to,
    cc: common.recipients.cc,
    subject,
    html: renderer.render('email/weekly-email', { summary, schedule: common.schedule }),
    text,
    attachments: common.attachments,
  };
}

export function briefMessage(renderer: TemplateRenderer, common: Common & { messageKey: string }, summary: BriefsSummary, segment: SegmentSummary): OutgoingMessage {
  const subject = fillSubject(common.subject ?? 'LGS campaign brief: {{segment}} ({{asOf}})', { segment: segment.name, asOf: summary.asOfLabel });
  const text = [
    `Campaign brief for the ${segment.name} segment as of ${summary.asOfLabel}: ${segment.customers} customers, ${segment.revenue} of revenue.`,
    `Recommended campaign: ${segment.action}`,
    'The brief is attached as a PDF, with the customer list as CSV for the mailing tool.',
    '',
    `Sent by LGS Reports for the schedule "${common.schedule}".`,
  ].join('\n');
  return {
    messageKey: common.messageKey,
    messageId: messageIdFor(common.runId, common.messageKey),
    from: common.from,
    to: common.recipients.to,
    cc: common.recipients.cc,
    subject,
    html: renderer.render('email/segment-email', { summary, segment, schedule: common.schedule }),
    text,
    attachments: common.attachments,
  };
}

export function failureMessage(
  renderer: TemplateRenderer,
  failure: { runId: number; schedule: string; period: string; attempts: number; error: string; from: string; owner: string },
): OutgoingMessage {
  return {
    messageKey: 'failure',
    messageId: messageIdFor(failure.runId, 'failure'),
    from: failure.from,
    to: [failure.owner],
    cc: [],
    subject: `LGS report failed: ${failure.schedule} (${failure.period})`,
    html: renderer.render('email/failure-email', failure),
    text: `The scheduled report ${failure.schedule} for period ${failure.period} failed after ${failure.attempts} attempts.\n\nError:\n${failure.error}\n\nFix the cause, then run it again with: lgs run ${failure.schedule}\nRecipients already sent to will not get it twice.\n`,
    attachments: [],
  };
}
