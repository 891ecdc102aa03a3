import { describe, expect, it } from 'vitest';
import { parseSchedules } from '../../../src/config/schedules-file.js';
import { ConfigError } from '../../../src/errors.js';

const VALID = `schedules:
  - name: weekly-marketing
    report: weekly
    cron: "0 8 * * 1"
    recipients:
      to: [marketing@lgs.example]
    owner: admin@lgs.example
`;

function problemsOf(text: string): string {
  try {
    parseSchedules(text, 'config/schedules.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected the file to be refused');
}

describe('parseSchedules', () => {
  it('fills in the defaults: London time, enabled, last complete week, no cc', () => {
    const [schedule] = parseSchedules(VALID, 'x.yaml').schedules;
    expect(schedule).toMatchObject({ timezone: 'Europe/London', enabled: true, asOf: 'last-complete-week', recipients: { cc: [] } });
  });

  it('names the file, line and field of a bad cron expression', () => {
    expect(problemsOf(VALID.replace('"0 8 * * 1"', '"at eight"'))).toBe(
      'config/schedules.yaml:4: schedules[0].cron: is not a valid cron expression (5 fields, or 6 with seconds first)',
    );
  });

  it('names an unknown time zone', () => {
    expect(problemsOf(VALID.replace('    recipients:', '    timezone: Europe/Londres\n    recipients:'))).toContain(
      'config/schedules.yaml:5: schedules[0].timezone: is not an IANA time zone such as Europe/London',
    );
  });

  it('names an address that is not an e-mail address', () => {
    expect(problemsOf(VALID.replace('[marketing@lgs.example]', '[marketing]'))).toContain('config/schedules.yaml:6: schedules[0].recipients.to[0]: must be an e-mail address');
  });

  it('names a key it does not know, on its own line', () => {
    expect(problemsOf(`${VALID}    colour: red\n`)).toBe('config/schedules.yaml:8: schedules[0].colour: Unrecognized key: "colour"');
  });

  it('refuses two schedules with one name', () => {
    const twice = VALID + VALID.split('\n').slice(1).join('\n');
    expect(problemsOf(twice)).toContain('schedules[1].name: "weekly-marketing" is already the name of schedule 1');
  });

  it('refuses segment briefs that leave a segment without recipients', () => {
    const briefs = `schedules:
  - name: briefs
    report: segment-briefs
    cron: "0 8 * * 1"
    segments: [Champions, At Risk]
    recipients:
      Champions: { to: [loyalty@lgs.example] }
    owner: admin@lgs.example
`;
    expect(problemsOf(briefs)).toBe('config/schedules.yaml:7: schedules[0].recipients: no recipients for At Risk: add them or a "default" entry');
  });

  it('reports YAML syntax errors with their line', () => {
    expect(problemsOf('schedules:\n  - name: [oops\n')).toMatch(/^config\/schedules\.yaml:3: YAML syntax: /);
  });
});

describe('parseSchedules: ingest', () => {
  it('accepts a drop folder with its cron, in London time by default', () => {
    const config = parseSchedules(`${VALID}ingest:\n  folder: /var/lib/lgs/inbox\n  cron: "*/5 * * * *"\n`, 'x.yaml');
    expect(config.ingest).toEqual({ folder: '/var/lib/lgs/inbox', cron: '*/5 * * * *', timezone: 'Europe/London', enabled: true });
  });

  it('accepts a schema-qualified table with column names that differ, the others defaulted', () => {
    const config = parseSchedules(`${VALID}ingest:\n  table: etl.retail\n  columns: { price: price_gbp }\n  cron: "0 * * * *"\n`, 'x.yaml');
    expect(config.ingest?.columns).toMatchObject({ price: 'price_gbp', invoice: 'invoice_no', invoiceDate: 'invoice_date' });
  });

  it('names the file, line and field of a bad ingest cron', () => {
    expect(problemsOf(`${VALID}ingest:\n  folder: /inbox\n  cron: "every 5 minutes"\n`)).toBe(
      'config/schedules.yaml:10: ingest.cron: is not a valid cron expression (5 fields, or 6 with seconds first)',
    );
  });

  it('refuses an ingest with both a folder and a table, or neither', () => {
    expect(problemsOf(`${VALID}ingest:\n  folder: /inbox\n  table: retail\n  cron: "0 * * * *"\n`)).toBe(
      'config/schedules.yaml:9: ingest: needs either folder: (a drop folder) or table: (a source table), not both',
    );
    expect(problemsOf(`${VALID}ingest:\n  cron: "0 * * * *"\n`)).toMatch(/ingest: needs either folder/);
  });

  it('refuses a table name that is not a plain SQL name, naming the field', () => {
    expect(problemsOf(`${VALID}ingest:\n  table: "retail; DROP TABLE invoice"\n  cron: "0 * * * *"\n`)).toMatch(
      /^config\/schedules\.yaml:9: ingest\.table: must be a table name/,
    );
  });
});

describe('cron expressions', () => {
  const withCron = (cron: string) => `schedules:\n  - name: a\n    report: weekly\n    cron: "${cron}"\n    recipients: { to: [m@lgs.example] }\n    owner: o@lgs.example\n`;

  it.each(['0 8 * *', '0 8', '0 0 8 * * 1 2011'])('refuses "%s", which has neither 5 nor 6 fields', (cron) => {
    expect(() => parseSchedules(withCron(cron), 's.yaml')).toThrow('s.yaml:4: schedules[0].cron: is not a valid cron expression');
  });

  it.each(['0 8 * * 1', '30 0 8 * * 1', ' 0 8 * * 1 '])('accepts "%s"', (cron) => {
    expect(parseSchedules(withCron(cron), 's.yaml').schedules[0]!.cron).toBe(cron);
  });
});
