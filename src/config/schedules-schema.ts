import { CronExpressionParser } from 'cron-parser';
import { z } from 'zod';
import { parseAsOf } from '../metrics/as-of.js';
import { SEGMENT_NAMES, segmentNamed, type SegmentName } from '../metrics/rfm-segments.js';

/**
 * The schema of config/schedules.yaml: the only place that says what a schedule is. Types are derived
 * from it; validation happens once at start-up and on every reload. Secrets never live here (SMTP and
 * database URLs come from the environment).
 */
const isTimeZone = (zone: string) => {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
  } catch {
    return false;
  }
  return true;
};

const isCron = (pattern: string) => {
  // cron-parser fills in missing trailing fields ("0 8 * *" would run daily): hold the file to 5 or 6.
  const fields = pattern.trim().split(/\s+/).length;
  if (fields !== 5 && fields !== 6) return false;
  try {
    CronExpressionParser.parse(pattern);
  } catch {
    return false;
  }
  return true;
};

const email = z.email({ error: 'must be an e-mail address' });
const emailList = z.array(email);

export const recipientsSchema = z.strictObject({
  to: emailList.min(1, { error: 'needs at least one address' }),
  cc: emailList.default([]),
});
export type Recipients = z.infer<typeof recipientsSchema>;

/*
 * Segments are written as people write them ("at risk", "AT-RISK", "cant lose"): the same spellings as
 * `lgs report segments --segment` (segmentNamed). An unknown one is named, with the list to choose from.
 */
const notASegment = (name: string) => `"${name}" is not a segment; choose from: ${SEGMENT_NAMES.join(', ')}`;

const segmentList = z
  .union([z.literal('all'), z.array(z.string()).min(1)], { error: `must be "all" or a list of segments (${SEGMENT_NAMES.join(', ')})` })
  .transform((value, context): 'all' | SegmentName[] => {
    if (value === 'all') return 'all';
    return value.map((name, index) => {
      const segment = segmentNamed(name);
      if (!segment) context.addIssue({ code: 'custom', path: [index], message: notASegment(name) });
      return segment ?? (name as SegmentName);
    });
  });

const segmentRecipients = z.record(z.string(), recipientsSchema).transform((value, context) => {
  const bySegment: Partial<Record<SegmentName | 'default', Recipients>> = {};
  for (const [key, recipients] of Object.entries(value)) {
    const segment = key === 'default' ? 'default' : segmentNamed(key);
    if (!segment) context.addIssue({ code: 'custom', path: [key], message: `${notASegment(key)} (or "default")` });
    else bySegment[segment] = recipients;
  }
  return bySegment;
});

/*
 * A fixed date is read by the parser every run uses (resolveAsOf → parseAsOf), so a date that passes here
 * cannot fail later: a pattern alone let 2011-02-30 through, and each run then failed naming `--as-of`.
 */
const isAsOfDate = (text: string) => {
  try {
    parseAsOf(text);
  } catch {
    return false;
  }
  return true;
};

const AS_OF_RULES = 'must be last-complete-week, latest-data or a date YYYY-MM-DD[THH:MM[:SS]]';

/** When the report is "as of": the end of the last complete ISO week (default), the day after the latest data, or a fixed date. */
export const asOfRuleSchema = z
  .string({ error: AS_OF_RULES })
  .refine((rule) => rule === 'last-complete-week' || rule === 'latest-data' || isAsOfDate(rule), { error: (issue) => `"${String(issue.input)}" is not a date: ${AS_OF_RULES}` });
export type AsOfRule = z.infer<typeof asOfRuleSchema>;

/** The shop's time zone: a schedule's unless it names another. */
export const DEFAULT_TIMEZONE = 'Europe/London';

/**
 * The `{{name}}` placeholders a schedule's subject may use, per report: what its messages fill in
 * (compose-message.ts). Anything else would be mailed as written, so the file is refused instead.
 */
export const SUBJECT_PLACEHOLDERS = {
  weekly: ['weekLabel', 'asOf'],
  'segment-briefs': ['segment', 'asOf'],
} as const;
type ReportKind = keyof typeof SUBJECT_PLACEHOLDERS;

const placeholderList = (names: readonly string[]) => names.map((name) => `{{${name}}}`).join(', ');

function subjectTemplate(report: ReportKind) {
  const allowed: readonly string[] = SUBJECT_PLACEHOLDERS[report];
  const otherReport: ReportKind = report === 'weekly' ? 'segment-briefs' : 'weekly';
  const mayUse = `a ${report} subject may use ${placeholderList(allowed)}`;
  return z
    .string()
    .min(1, { error: 'must not be empty (leave subject: out for the default one)' })
    .superRefine((subject, context) => {
      // Any {{…}}, not only the \w+ names fillSubject fills: `{{week label}}` would be mailed as written too.
      const names = new Set([...subject.matchAll(/\{\{(.*?)\}\}/g)].map((match) => match[1]!.trim()));
      for (const name of names) {
        if (allowed.includes(name)) continue;
        const elsewhere = (SUBJECT_PLACEHOLDERS[otherReport] as readonly string[]).includes(name);
        const problem = elsewhere ? `{{${name}}} is only for ${otherReport} schedules` : `{{${name}}} is not a placeholder`;
        context.addIssue({ code: 'custom', message: `${problem}; ${mayUse}` });
      }
    });
}

const common = {
  name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, { error: 'must be lower-case letters, digits and dashes' }),
  cron: z.string().refine(isCron, { error: 'is not a valid cron expression (5 fields, or 6 with seconds first)' }),
  timezone: z.string().refine(isTimeZone, { error: 'is not an IANA time zone such as Europe/London' }).default(DEFAULT_TIMEZONE),
  owner: email,
  enabled: z.boolean().default(true),
  asOf: asOfRuleSchema.default('last-complete-week'),
};

const weeklySchedule = z.strictObject({
  ...common,
  report: z.literal('weekly'),
  subject: subjectTemplate('weekly').optional(),
  recipients: recipientsSchema,
});

const segmentBriefsSchedule = z
  .strictObject({
    ...common,
    report: z.literal('segment-briefs'),
    subject: subjectTemplate('segment-briefs').optional(),
    /** Segments to brief; `all` (default) means the ten. */
    segments: segmentList.default('all'),
    /** Share of each brief's customers held out of the campaign (not contacted) to measure its effect. */
    holdout: z.number().min(0, { error: 'must be at least 0' }).max(0.5, { error: 'must be at most 0.5 (half the segment)' }).default(0.1),
    /** Days after the as-of over which each campaign's response is measured. */
    responseWindowDays: z.number().int().min(7, { error: 'must be a whole number of days, at least 7' }).max(365).default(28),
    /** Recipients per segment; `default` receives the briefs of segments without their own entry. */
    recipients: segmentRecipients,
  })
  .superRefine((schedule, context) => {
    if (schedule.recipients.default) return;
    const segments = schedule.segments === 'all' ? SEGMENT_NAMES : schedule.segments;
    const unaddressed = segments.filter((segment) => !schedule.recipients[segment]);
    if (unaddressed.length > 0) {
      context.addIssue({ code: 'custom', path: ['recipients'], message: `no recipients for ${unaddressed.join(', ')}: add them or a "default" entry` });
    }
  });

export const scheduleSchema = z.discriminatedUnion('report', [weeklySchedule, segmentBriefsSchedule]);
export type Schedule = z.infer<typeof scheduleSchema>;
export type WeeklySchedule = z.infer<typeof weeklySchedule>;
export type SegmentBriefsSchedule = z.infer<typeof segmentBriefsSchedule>;

/** A table or column name, optionally schema-qualified for tables: quoted by the loader, never spliced raw. */
const identifier = z.string().regex(/^[A-Za-z_][A-Za-z0-9_$]{0,62}$/, { error: 'must be a plain SQL name (letters, digits, _ and $; not starting with a digit)' });
const tableName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_$]{0,62}(\.[A-Za-z_][A-Za-z0-9_$]{0,62})?$/, { error: 'must be a table name, optionally schema-qualified (e.g. retail or etl.retail)' });

/**
 * Column names of a source table for `lgs load --from-table` and table ingest, where they differ from the
 * seed warehouse's (invoice_no, stock_code, description, quantity, invoice_date, unit_price, customer_id,
 * country).
 */
export const tableColumnsSchema = z.strictObject({
  invoice: identifier.default('invoice_no'),
  stockCode: identifier.default('stock_code'),
  description: identifier.default('description'),
  quantity: identifier.default('quantity'),
  invoiceDate: identifier.default('invoice_date'),
  price: identifier.default('unit_price'),
  customerId: identifier.default('customer_id'),
  country: identifier.default('country'),
});
export type TableColumns = z.infer<typeof tableColumnsSchema>;
export const TABLE_COLUMN_DEFAULTS: TableColumns = tableColumnsSchema.parse({});
export { tableName as tableNameSchema };

const ingestTiming = { cron: common.cron, timezone: common.timezone, enabled: common.enabled };

/**
 * `ingest:` — where new transactions come from, and when to look: a drop folder (each new file loaded once,
 * then moved to loaded/ or rejected/ inside it) or a table (rows not yet in the warehouse). The source
 * table's database URL, when it is not the warehouse's, comes from LGS_INGEST_SOURCE_URL (a secret).
 */
export const ingestSchema = z
  .strictObject({
    /** A drop folder: new CSV / CSV.gz files are loaded once and moved to loaded/ or rejected/ inside it. */
    folder: z.string().min(1, { error: 'must name a folder' }).optional(),
    /** A source table: its rows not yet in the warehouse are loaded. */
    table: tableName.optional(),
    columns: tableColumnsSchema.optional(),
    /**
     * With table: each run reads again the rows dated up to this many hours before the latest invoice date
     * read, so a row the ETL commits late with an older date is still loaded (rows held are recognised by
     * hash). Older rows than that only by `lgs load --from-table … --full`. Default 24.
     */
    lookbackHours: z.number().int({ error: 'must be a whole number of hours' }).min(0, { error: 'must be 0 or more hours' }).max(8760, { error: 'must be at most 8760 hours (a year); for older rows run lgs load --from-table … --full' }).optional(),
    ...ingestTiming,
  })
  .superRefine((ingest, context) => {
    if ((ingest.folder === undefined) === (ingest.table === undefined)) {
      context.addIssue({ code: 'custom', path: [], message: 'needs either folder: (a drop folder) or table: (a source table), not both' });
    }
    if (ingest.columns && ingest.table === undefined) {
      context.addIssue({ code: 'custom', path: ['columns'], message: 'goes with table:, not with folder:' });
    }
    if (ingest.lookbackHours !== undefined && ingest.table === undefined) {
      context.addIssue({ code: 'custom', path: ['lookbackHours'], message: 'goes with table:, not with folder: (a dropped file is read whole)' });
    }
  });
export type IngestConfig = z.infer<typeof ingestSchema>;
/** Hours of rows before the latest invoice date read that a table ingest reads again (ingest.lookbackHours). */
export const DEFAULT_LOOKBACK_HOURS = 24;

export const schedulesFileSchema = z
  .strictObject({ schedules: z.array(scheduleSchema), ingest: ingestSchema.optional() })
  .superRefine((file, context) => {
    const seen = new Map<string, number>();
    file.schedules.forEach((schedule, index) => {
      const first = seen.get(schedule.name);
      if (first !== undefined) {
        context.addIssue({ code: 'custom', path: ['schedules', index, 'name'], message: `"${schedule.name}" is already the name of schedule ${first + 1}` });
      }
      seen.set(schedule.name, index);
    });
  });
export type SchedulesFile = z.infer<typeof schedulesFileSchema>;
