import { describe, expect, it } from 'vitest';
import { parseSchedules } from '../../../src/config/schedules-file.js';
import { schedulesFileSchema } from '../../../src/config/schedules-schema.js';

/** What config/schedules.yaml may say: segment briefs, time zones, cron spacing, ingest, and how each mistake is reported. */
const ALL_SEGMENTS = "Champions, Loyal Customers, Potential Loyalists, New Customers, Promising, Need Attention, About to Sleep, At Risk, Can't Lose, Hibernating";

function briefs(segments: string, recipients: string): string {
  return `schedules:
  - name: briefs
    report: segment-briefs
    cron: "0 8 * * 1"
    segments: ${segments}
    recipients:
${recipients}
    owner: admin@lgs.example
`;
}

function problemsOf(text: string): string {
  try {
    parseSchedules(text, 'config/schedules.yaml');
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the file to be refused');
}

const weekly = (fields: string) => `schedules:
  - name: weekly-marketing
    report: weekly
${fields}
    recipients: { to: [marketing@lgs.example] }
    owner: admin@lgs.example
`;

describe('segment briefs: which segments', () => {
  it('briefs all ten segments when told "all", each to the default recipients', () => {
    const [schedule] = parseSchedules(briefs('all', '      default: { to: [crm@lgs.example] }'), 'x.yaml').schedules;
    expect(schedule).toMatchObject({ segments: 'all', recipients: { default: { to: ['crm@lgs.example'], cc: [] } } });
  });

  it('reads segments and recipient keys as people write them', () => {
    const [schedule] = parseSchedules(briefs('[at risk, cant lose]', '      AT-RISK: { to: [winback@lgs.example] }\n      "Can\'t Lose": { to: [accounts@lgs.example] }'), 'x.yaml').schedules;
    expect(schedule).toMatchObject({
      segments: ['At Risk', "Can't Lose"],
      recipients: { 'At Risk': { to: ['winback@lgs.example'], cc: [] }, "Can't Lose": { to: ['accounts@lgs.example'], cc: [] } },
    });
  });

  it('accepts segments that each have their own recipients, without a default', () => {
    const [schedule] = parseSchedules(briefs('[Champions]', '      Champions: { to: [loyalty@lgs.example], cc: [boss@lgs.example] }'), 'x.yaml').schedules;
    expect(schedule).toMatchObject({ segments: ['Champions'], recipients: { Champions: { to: ['loyalty@lgs.example'], cc: ['boss@lgs.example'] } } });
  });

  it('names an unknown segment with the ten to choose from', () => {
    expect(problemsOf(briefs('[Champions, VIP]', '      default: { to: [crm@lgs.example] }'))).toBe(
      `config/schedules.yaml:5: schedules[0].segments[1]: "VIP" is not a segment; choose from: ${ALL_SEGMENTS}`,
    );
  });

  it('names recipients given for an unknown segment, saying "default" is also allowed', () => {
    expect(problemsOf(briefs('[Champions]', '      VIP: { to: [crm@lgs.example] }\n      Champions: { to: [loyalty@lgs.example] }'))).toBe(
      `config/schedules.yaml:7: schedules[0].recipients.VIP: "VIP" is not a segment; choose from: ${ALL_SEGMENTS} (or "default")`,
    );
  });

  it('lists every segment left without recipients', () => {
    expect(problemsOf(briefs('[Champions, Loyal Customers, At Risk]', '      Champions: { to: [loyalty@lgs.example] }'))).toBe(
      'config/schedules.yaml:7: schedules[0].recipients: no recipients for Loyal Customers, At Risk: add them or a "default" entry',
    );
  });

  it('counts "all" as the ten segments when looking for ones without recipients', () => {
    expect(problemsOf(briefs('all', '      Champions: { to: [loyalty@lgs.example] }'))).toBe(
      "config/schedules.yaml:7: schedules[0].recipients: no recipients for Loyal Customers, Potential Loyalists, New Customers, Promising, Need Attention, About to Sleep, At Risk, Can't Lose, Hibernating: add them or a \"default\" entry",
    );
  });
});

describe('time zones and cron expressions', () => {
  it('accepts any IANA time zone', () => {
    expect(parseSchedules(weekly('    cron: "0 8 * * 1"\n    timezone: Europe/Paris'), 'x.yaml').schedules[0]!.timezone).toBe('Europe/Paris');
  });

  it('accepts five fields however they are spaced', () => {
    expect(parseSchedules(weekly('    cron: "0  8  * * 1"'), 'x.yaml').schedules[0]!.cron).toBe('0  8  * * 1');
  });

  it('refuses five fields cron-parser cannot read', () => {
    expect(problemsOf(weekly('    cron: "61 8 * * 1"'))).toBe('config/schedules.yaml:4: schedules[0].cron: is not a valid cron expression (5 fields, or 6 with seconds first)');
  });
});

describe('the as-of rule', () => {
  const asOfOf = (rule: string) => parseSchedules(weekly(`    cron: "0 8 * * 1"\n    asOf: ${rule}`), 'x.yaml').schedules[0]!.asOf;

  it('accepts the two named rules, and a date with or without a time, as written', () => {
    const rules = ['last-complete-week', 'latest-data', '"2011-12-10"', '"2011-12-10T10:30"', '"2011-12-10T10:30:15"'];
    expect(rules.map(asOfOf)).toEqual(['last-complete-week', 'latest-data', '2011-12-10', '2011-12-10T10:30', '2011-12-10T10:30:15']);
  });

  it('refuses a day the calendar does not have, naming the file, line and field, as the runs would read it', () => {
    expect(problemsOf(weekly('    cron: "0 8 * * 1"\n    asOf: "2011-02-30"'))).toBe(
      'config/schedules.yaml:5: schedules[0].asOf: "2011-02-30" is not a date: must be last-complete-week, latest-data or a date YYYY-MM-DD[THH:MM[:SS]]',
    );
  });

  it('refuses a time of day the clock does not have', () => {
    expect(problemsOf(weekly('    cron: "0 8 * * 1"\n    asOf: "2011-12-10T10:75"'))).toBe(
      'config/schedules.yaml:5: schedules[0].asOf: "2011-12-10T10:75" is not a date: must be last-complete-week, latest-data or a date YYYY-MM-DD[THH:MM[:SS]]',
    );
  });

  it('refuses a rule it does not know, listing the ones it does', () => {
    expect(problemsOf(weekly('    cron: "0 8 * * 1"\n    asOf: latest'))).toBe(
      'config/schedules.yaml:5: schedules[0].asOf: "latest" is not a date: must be last-complete-week, latest-data or a date YYYY-MM-DD[THH:MM[:SS]]',
    );
  });

  it('refuses a number, listing the rules', () => {
    expect(problemsOf(weekly('    cron: "0 8 * * 1"\n    asOf: 20111210'))).toBe('config/schedules.yaml:5: schedules[0].asOf: must be last-complete-week, latest-data or a date YYYY-MM-DD[THH:MM[:SS]]');
  });
});

describe('subject placeholders', () => {
  const weeklySubject = (subject: string) => weekly(`    cron: "0 8 * * 1"\n    subject: "${subject}"`);
  const briefsSubject = (subject: string) => `schedules:
  - name: briefs
    report: segment-briefs
    cron: "0 8 * * 1"
    subject: "${subject}"
    recipients: { default: { to: [crm@lgs.example] } }
    owner: admin@lgs.example
`;

  it('accepts the placeholders each report fills in, spaces inside the braces allowed, and keeps the subject as written', () => {
    const subjects = [
      parseSchedules(weeklySubject('Week of {{weekLabel}} ({{ asOf }})'), 'x.yaml').schedules[0]!.subject,
      parseSchedules(briefsSubject('{{segment}}: brief as of {{asOf}}'), 'x.yaml').schedules[0]!.subject,
      parseSchedules(weeklySubject('Weekly numbers'), 'x.yaml').schedules[0]!.subject,
    ];
    expect(subjects).toEqual(['Week of {{weekLabel}} ({{ asOf }})', '{{segment}}: brief as of {{asOf}}', 'Weekly numbers']);
  });

  it('refuses a misspelt placeholder, naming the file, line, field and the placeholders allowed', () => {
    expect(problemsOf(weeklySubject('Report {{weeklabel}}'))).toBe('config/schedules.yaml:5: schedules[0].subject: {{weeklabel}} is not a placeholder; a weekly subject may use {{weekLabel}}, {{asOf}}');
  });

  it('refuses a placeholder that fillSubject would not read as a name, and would mail as written', () => {
    expect(problemsOf(weeklySubject('Report {{ week label }}'))).toBe('config/schedules.yaml:5: schedules[0].subject: {{week label}} is not a placeholder; a weekly subject may use {{weekLabel}}, {{asOf}}');
  });

  it('refuses {{segment}} in a weekly schedule: one report, no segment', () => {
    expect(problemsOf(weeklySubject('Report {{segment}}'))).toBe('config/schedules.yaml:5: schedules[0].subject: {{segment}} is only for segment-briefs schedules; a weekly subject may use {{weekLabel}}, {{asOf}}');
  });

  it('refuses {{weekLabel}} in a segment-briefs schedule', () => {
    expect(problemsOf(briefsSubject('{{segment}}, week of {{weekLabel}}'))).toBe(
      'config/schedules.yaml:5: schedules[0].subject: {{weekLabel}} is only for weekly schedules; a segment-briefs subject may use {{segment}}, {{asOf}}',
    );
  });

  it('names each wrong placeholder once, however often it is written', () => {
    expect(problemsOf(weeklySubject('{{week}} {{date}} {{week}}'))).toBe(
      [
        'config/schedules.yaml:5: schedules[0].subject: {{week}} is not a placeholder; a weekly subject may use {{weekLabel}}, {{asOf}}',
        'config/schedules.yaml:5: schedules[0].subject: {{date}} is not a placeholder; a weekly subject may use {{weekLabel}}, {{asOf}}',
      ].join('\n'),
    );
  });

  it('reports a wrong placeholder as a custom issue on the subject, for every caller (file loader, web page)', () => {
    const result = schedulesFileSchema.safeParse({
      schedules: [{ name: 'weekly', report: 'weekly', cron: '0 8 * * 1', subject: 'Report {{weeklabel}}', recipients: { to: ['marketing@lgs.example'] }, owner: 'admin@lgs.example' }],
    });
    expect(result.error?.issues).toEqual([
      { code: 'custom', path: ['schedules', 0, 'subject'], message: '{{weeklabel}} is not a placeholder; a weekly subject may use {{weekLabel}}, {{asOf}}' },
    ]);
  });

  it('refuses an empty subject', () => {
    expect(problemsOf(weeklySubject(''))).toBe('config/schedules.yaml:5: schedules[0].subject: must not be empty (leave subject: out for the default one)');
  });
});

describe('the issues the schema reports', () => {
  const recipients = { to: ['crm@lgs.example'] };
  const schedule = { report: 'segment-briefs', cron: '0 8 * * 1', owner: 'admin@lgs.example' };

  it('reports its own checks as custom issues with their path, for every caller (file loader, web page)', () => {
    const result = schedulesFileSchema.safeParse({
      schedules: [
        { ...schedule, name: 'briefs', segments: ['VIP'], recipients: { default: recipients, Gold: recipients } },
        { ...schedule, name: 'briefs', segments: ['At Risk'], recipients: { Champions: recipients } },
      ],
      ingest: { folder: '/var/lib/lgs/inbox', columns: { price: 'price_gbp' }, lookbackHours: 48, cron: '*/5 * * * *' },
    });
    expect(result.error?.issues).toEqual([
      { code: 'custom', path: ['schedules', 0, 'segments', 0], message: `"VIP" is not a segment; choose from: ${ALL_SEGMENTS}` },
      { code: 'custom', path: ['schedules', 0, 'recipients', 'Gold'], message: `"Gold" is not a segment; choose from: ${ALL_SEGMENTS} (or "default")` },
      { code: 'custom', path: ['schedules', 1, 'recipients'], message: 'no recipients for At Risk: add them or a "default" entry' },
      { code: 'custom', path: ['ingest', 'columns'], message: 'goes with table:, not with folder:' },
      { code: 'custom', path: ['ingest', 'lookbackHours'], message: 'goes with table:, not with folder: (a dropped file is read whole)' },
    ]);
  });

  it('reports an ingest with neither source, and a repeated name, as custom issues', () => {
    const result = schedulesFileSchema.safeParse({
      schedules: [
        { ...schedule, name: 'briefs', recipients: { default: recipients } },
        { ...schedule, name: 'briefs', recipients: { default: recipients } },
      ],
      ingest: { cron: '*/5 * * * *' },
    });
    expect(result.error?.issues).toEqual([
      { code: 'custom', path: ['ingest'], message: 'needs either folder: (a drop folder) or table: (a source table), not both' },
      { code: 'custom', path: ['schedules', 1, 'name'], message: '"briefs" is already the name of schedule 1' },
    ]);
  });
});
