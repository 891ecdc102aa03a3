import { CronExpressionParser } from 'cron-parser';
import { z } from 'zod';
import { SEGMENT_NAMES } from '../metrics/rfm-segments.js';

/**
 * The schema of config/schedules.yaml: the only place that says what a schedule is. Types are derived
 * from it; validation happens once at start-up and on every reload. Secrets never live here (SMTP and
 * database URLs come from the environment).
 */
const isTimeZone = (zone: string) => {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

const isCron = (pattern: string) => {
  try {
    CronExpressionParser.parse(pattern);
    return true;
  } catch {
    return false;
  }
};

const email = z.email({ error: 'must be an e-mail address' });
const emailList = z.array(email);

export const recipientsSchema = z.strictObject({
  to: emailList.min(1, { error: 'needs at least one address' }),
  cc: emailList.default([]),
});
export type Recipients = z.infer<typeof recipientsSchema>;

const segmentName = z.enum(SEGMENT_NAMES, { error: `must be one of: ${SEGMENT_NAMES.join(', ')}` });

/** When the report is "as of": the end of the last complete ISO week (default), the day after the latest data, or a fixed date. */
export const asOfRuleSchema = z.union([
  z.literal('last-complete-week'),
  z.literal('latest-data'),
  z.string().regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?)?$/, { error: 'must be last-complete-week, latest-data or a date YYYY-MM-DD[THH:MM[:SS]]' }),
]);
export type AsOfRule = z.infer<typeof asOfRuleSchema>;

const common = {
  name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, { error: 'must be lower-case letters, digits and dashes' }),
  cron: z.string().refine(isCron, { error: 'is not a valid cron expression (5 fields, or 6 with seconds first)' }),
  timezone: z.string().refine(isTimeZone, { error: 'is not an IANA time zone such as Europe/London' }).default('Europe/London'),
  subject: z.string().min(1).optional(),
  owner: email,
  enabled: z.boolean().default(true),
  asOf: asOfRuleSchema.default('last-complete-week'),
};

const weeklySchedule = z.strictObject({
  ...common,
  report: z.literal('weekly'),
  recipients: recipientsSchema,
});

const segmentBriefsSchedule = z
  .strictObject({
    ...common,
    report: z.literal('segment-briefs'),
    /** Segments to brief; `all` (default) means the ten. */
    segments: z.union([z.literal('all'), z.array(segmentName).min(1)]).default('all'),
    /** Share of each brief's customers held out of the campaign (not contacted) to measure its effect. */
    holdout: z.number().min(0, { error: 'must be at least 0' }).max(0.5, { error: 'must be at most 0.5 (half the segment)' }).default(0.1),
    /** Days after the as-of over which each campaign's response is measured. */
    responseWindowDays: z.number().int().min(7, { error: 'must be a whole number of days, at least 7' }).max(365).default(28),
    /** Recipients per segment; `default` receives the briefs of segments without their own entry. */
    recipients: z.partialRecord(z.union([segmentName, z.literal('default')]), recipientsSchema),
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

export const schedulesFileSchema = z
  .strictObject({ schedules: z.array(scheduleSchema) })
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
