import { describe, expect, it } from 'vitest';
import { briefMessage, failureMessage, fillSubject, HEADLINE_CHART_CID, mailDomain, messageIdFor, reportPageUrl, staleMessage, uncertainMessage, weeklyMessage, type BriefsSummary, type WeeklySummary } from '../../../src/mail/compose-message.js';
import { createTemplateRenderer } from '../../../src/render/template-renderer.js';

const renderer = createTemplateRenderer();

describe('composing e-mails', () => {
  it('gives each delivery a Message-ID of the installation, run, message and recipient, the same on every attempt', () => {
    const install = { installId: '0f1e2d3c4b5a69788796a5b4c3d2e1f0', domain: 'lgs.example' };
    // sha256('m@lgs.example') begins c57c02b3b927 (echo -n m@lgs.example | sha256sum): its first 12 hex digits.
    expect(messageIdFor(install, 42, 'weekly', 'm@lgs.example')).toBe('<lgs.42.weekly.c57c02b3b927.0f1e2d3c4b5a69788796a5b4c3d2e1f0@lgs.example>');
    expect(messageIdFor(install, 42, 'weekly', 'M@LGS.example')).toBe(messageIdFor(install, 42, 'weekly', 'm@lgs.example'));
    expect(messageIdFor(install, 42, 'weekly', 'boss@lgs.example')).not.toBe(messageIdFor(install, 42, 'weekly', 'm@lgs.example'));
    expect(messageIdFor({ ...install, installId: 'another' }, 42, 'weekly', 'm@lgs.example')).not.toBe(messageIdFor(install, 42, 'weekly', 'm@lgs.example'));
  });

  it('takes the Message-ID domain from the configuration, else from the From address', () => {
    expect(mailDomain('LGS Reports <reports@lgs-reports.local>')).toBe('lgs-reports.local');
    expect(mailDomain('reports@shop.example')).toBe('shop.example');
    expect(mailDomain('reports@shop.example', 'mail.shop.example')).toBe('mail.shop.example');
  });

  it('fills known placeholders of a subject and leaves unknown ones as written', () => {
    expect(fillSubject('Week of {{weekLabel}} {{nope}}', { weekLabel: '28 Nov – 4 Dec 2011' })).toBe('Week of 28 Nov – 4 Dec 2011 {{nope}}');
  });

  it('puts the KPIs in the HTML body and the plain-text alternative, and attaches the PDF', () => {
    const message = weeklyMessage(
      renderer,
      { runId: 7, schedule: 'weekly-marketing', from: 'reports@lgs.example', recipients: { to: ['m@lgs.example'], cc: ['boss@lgs.example'] }, attachments: [{ filename: 'r.pdf', content: Buffer.from('%PDF'), contentType: 'application/pdf' }] },
      { kind: 'weekly', weekLabel: '28 Nov – 4 Dec 2011', asOfLabel: '10 Dec 2011', kpis: [{ label: 'Net sales', current: '£318,902.86', previous: '£306,886.92', arrow: '▲', relative: '+3.9%' }] },
    );
    expect(message.subject).toBe('LGS weekly marketing report: week of 28 Nov – 4 Dec 2011');
    expect(message.html).toContain('£318,902.86');
    expect(message.text).toContain('Net sales: £318,902.86 (week before £306,886.92, ▲ +3.9%)');
    expect(message).toMatchObject({ to: ['m@lgs.example'], cc: ['boss@lgs.example'] });
    expect(message.attachments.map((a) => a.filename)).toEqual(['r.pdf']);
  });

  it('escapes the error text in a failure e-mail', () => {
    const message = failureMessage(renderer, { schedule: 's', period: '2011-11-28', attempts: 5, error: '<b>boom</b>', from: 'r@lgs.example', owner: 'o@lgs.example' });
    expect(message.html).toContain('&lt;b&gt;boom&lt;/b&gt;');
    expect(message.to).toEqual(['o@lgs.example']);
  });
});


const PDF = { filename: 'r.pdf', content: Buffer.from('%PDF'), contentType: 'application/pdf' };
const WEEK: WeeklySummary = {
  kind: 'weekly',
  weekLabel: '28 Nov – 4 Dec 2011',
  asOfLabel: '10 Dec 2011',
  kpis: [
    { label: 'Net sales', current: '£318,902.86', previous: '£306,886.92', arrow: '▲', relative: '+3.9%' },
    { label: 'Orders', current: '1,001', previous: '1,100', arrow: '▼', relative: '−9.0%' },
  ],
};
const BRIEFS: BriefsSummary = {
  kind: 'segment-briefs',
  asOfLabel: '10 Dec 2011',
  segments: {
    'at-risk': { name: 'At Risk', customerCount: 412, customers: '412', revenue: '£1,234.50', action: 'Personalised promotions built on what they used to buy.' },
  },
};

describe('subject placeholders', () => {
  it('fills known placeholders, with or without spaces inside the braces, and leaves unknown ones as written', () => {
    expect(fillSubject('Week of {{weekLabel}} {{nope}}', { weekLabel: '28 Nov – 4 Dec 2011' })).toBe('Week of 28 Nov – 4 Dec 2011 {{nope}}');
    expect(fillSubject('{{ asOf }}/{{asOf}}', { asOf: '10 Dec 2011' })).toBe('10 Dec 2011/10 Dec 2011');
  });

  it('leaves a subject without placeholders alone', () => {
    expect(fillSubject('Weekly numbers', { weekLabel: 'x' })).toBe('Weekly numbers');
  });
});

// Messages are composed inside each test (through these functions): Stryker only sees code a test runs.
describe('the weekly e-mail', () => {
  const compose = () => weeklyMessage(
    renderer,
    { runId: 7, schedule: 'weekly-marketing', from: 'reports@lgs.example', recipients: { to: ['m@lgs.example', 'n@lgs.example'], cc: ['boss@lgs.example'] }, attachments: [PDF] },
    WEEK,
  );

  it('is addressed to every recipient of the schedule, from the configured sender, with the run\'s id', () => {
    const message = compose();
    expect(message).toMatchObject({
      messageKey: 'weekly',
      from: 'reports@lgs.example',
      to: ['m@lgs.example', 'n@lgs.example'],
      cc: ['boss@lgs.example'],
    });
  });

  it('names the week in the default subject', () => {
    const message = compose();
    expect(message.subject).toBe('LGS weekly marketing report: week of 28 Nov – 4 Dec 2011');
  });

  it('fills a schedule\'s own subject with the week and the as-of', () => {
    const custom = weeklyMessage(
      renderer,
      { runId: 7, schedule: 's', from: 'r@lgs.example', recipients: { to: ['m@lgs.example'], cc: [] }, subject: 'Numbers {{weekLabel}} as of {{asOf}}', attachments: [] },
      WEEK,
    );
    expect(custom.subject).toBe('Numbers 28 Nov – 4 Dec 2011 as of 10 Dec 2011');
  });

  it('lists every KPI in the plain-text alternative, with the week, the as-of and the schedule', () => {
    const message = compose();
    expect(message.text).toBe(
      [
        'Weekly marketing report, week of 28 Nov – 4 Dec 2011 (figures as of 10 Dec 2011). The full report is attached as a PDF.',
        '',
        'Net sales: £318,902.86 (week before £306,886.92, ▲ +3.9%)',
        'Orders: 1,001 (week before 1,100, ▼ −9.0%)',
        '',
        'Sent by LGS Reports for the schedule "weekly-marketing".',
      ].join('\n'),
    );
  });

  it('puts every KPI, the week and the schedule in the HTML body', () => {
    const message = compose();
    for (const text of ['£318,902.86', '£306,886.92', '▲ +3.9%', 'Orders', '1,001', '28 Nov – 4 Dec 2011', '10 Dec 2011', 'weekly-marketing']) {
      expect(message.html, text).toContain(text);
    }
  });

  it('attaches the PDF', () => {
    const message = compose();
    expect(message.attachments).toEqual([PDF]);
  });
});

describe('a segment brief e-mail', () => {
  const compose = () => briefMessage(
    renderer,
    { runId: 9, schedule: 'briefs', from: 'reports@lgs.example', recipients: { to: ['crm@lgs.example'], cc: ['cc@lgs.example'] }, attachments: [PDF], messageKey: 'segment-at-risk' },
    BRIEFS,
    BRIEFS.segments['at-risk']!,
  );

  it('is addressed to the segment\'s recipients with an id per segment', () => {
    const message = compose();
    expect(message).toMatchObject({ messageKey: 'segment-at-risk', to: ['crm@lgs.example'], cc: ['cc@lgs.example'], from: 'reports@lgs.example' });
    expect(message.attachments).toEqual([PDF]);
  });

  it('names the segment and the as-of in the default subject', () => {
    const message = compose();
    expect(message.subject).toBe('LGS campaign brief: At Risk (10 Dec 2011)');
  });

  it('fills a schedule\'s own subject with the segment', () => {
    const custom = briefMessage(
      renderer,
      { runId: 9, schedule: 'briefs', from: 'r@lgs.example', recipients: { to: ['crm@lgs.example'], cc: [] }, attachments: [], messageKey: 'k', subject: '{{segment}} list {{asOf}}' },
      BRIEFS,
      BRIEFS.segments['at-risk']!,
    );
    expect(custom.subject).toBe('At Risk list 10 Dec 2011');
  });

  it('gives the size, revenue and recommended campaign in both bodies', () => {
    const message = compose();
    expect(message.text).toBe(
      [
        'Campaign brief for the At Risk segment as of 10 Dec 2011: 412 customers, £1,234.50 of revenue.',
        '',
        // A summary made before campaign plans existed has none: the segment's action stands in.
        'Recommended campaign: Personalised promotions built on what they used to buy.',
        '',
        'The brief is attached as a PDF, with the customer list as CSV for the mailing tool (send to the "target" group only).',
        '',
        'Sent by LGS Reports for the schedule "briefs".',
      ].join('\n'),
    );
    for (const text of ['At Risk', '412', '£1,234.50', 'Personalised promotions', '10 Dec 2011', '"briefs"']) expect(message.html, text).toContain(text);
  });
});

describe('the failure e-mail', () => {
  const failure = { schedule: 'weekly-marketing', period: '2011-11-28', attempts: 5, error: '<b>boom</b>', from: 'r@lgs.example', owner: 'o@lgs.example' };
  const compose = () => failureMessage(renderer, failure);

  it('goes to the owner only, with no attachment', () => {
    const message = compose();
    expect(message).toMatchObject({ messageKey: 'failure', from: 'r@lgs.example', to: ['o@lgs.example'], cc: [], attachments: [] });
  });

  it('names the schedule and the period in the subject', () => {
    const message = compose();
    expect(message.subject).toBe('LGS report failed: weekly-marketing (2011-11-28)');
  });

  it('gives the attempts, the error and the command that runs it again', () => {
    const message = compose();
    expect(message.text).toBe(
      'The scheduled report weekly-marketing for period 2011-11-28 failed after 5 attempts.\n\nError:\n<b>boom</b>\n\n' +
        'Fix the cause, then run it again with: lgs run weekly-marketing\nRecipients already sent to will not get it twice.\n',
    );
    expect(message.html).toContain('failed after 5 attempts');
    expect(message.html).toContain('lgs run weekly-marketing');
  });

  it('escapes the error text in the HTML body', () => {
    const message = compose();
    expect(message.html).toContain('&lt;b&gt;boom&lt;/b&gt;');
    expect(message.html).not.toContain('<b>boom');
  });
});

describe('the owner\'s notices', () => {
  it('adds a failure\'s note before the command that runs it again', () => {
    const message = failureMessage(renderer, { schedule: 'w', period: '2011-11-28', attempts: 2, error: 'boom', from: 'r@lgs.example', owner: 'o@lgs.example', note: 'Two recipients were sent to.' });
    expect(message.text).toBe('The scheduled report w for period 2011-11-28 failed after 2 attempts.\n\nError:\nboom\n\nTwo recipients were sent to.\n\nFix the cause, then run it again with: lgs run w\nRecipients already sent to will not get it twice.\n');
  });

  it('holds a report back while its data is not in, saying what the warehouse has', () => {
    const stale = { schedule: 'w', period: '2011-11-28', periodEnd: '2011-12-05T00:00:00', latestInvoice: '2011-11-30T10:00:00', toleranceHours: 72, from: 'r@lgs.example', owner: 'o@lgs.example', timezone: 'Europe/London', ingest: [] };
    const message = staleMessage(renderer, stale);
    expect(message).toMatchObject({ messageKey: 'stale', from: 'r@lgs.example', to: ['o@lgs.example'], cc: [], attachments: [], subject: 'LGS report held back, data not in yet: w (2011-11-28)' });
    expect(message.text).toBe(
      'The scheduled report w for period 2011-11-28 was not sent: the period ends at 2011-12-05 00:00, but the latest invoice in the warehouse is from 2011-11-30 10:00 (more than 72 hours earlier). Times are Europe/London time.\n\n' +
        'No ingest run is recorded: the data arrives when someone runs lgs load, or when the worker runs the ingest: source of the schedules file.\n\n' +
        'It goes out by itself, once, when a load brings the period\'s data; or load the data and run: lgs run w\n',
    );
    expect(staleMessage(renderer, { ...stale, latestInvoice: null }).text).toContain('from none (the warehouse is empty)');
    expect(message.html).toContain('2011-11-30 10:00');
    expect(message.html).toContain('Times are Europe/London time.');
  });

  it('tells the owner of a held-back report when ingest last looked, and what it left unread or why it failed', () => {
    const ingest = [
      {
        source: 'folder /var/lib/lgs/inbox',
        lastLookAt: '2011-12-05T08:05:00Z',
        lastNewLinesAt: '2011-11-30T10:05:00Z',
        needsAttention: ["2011-12-02.csv: EACCES: permission denied, open '/var/lib/lgs/inbox/2011-12-02.csv'"],
        failure: { at: '2011-12-05T08:10:00Z', reason: 'connect ECONNREFUSED 10.0.0.5:5432' },
      },
    ];
    const message = staleMessage(renderer, { schedule: 'w', period: '2011-11-28', periodEnd: '2011-12-05T00:00:00', latestInvoice: '2011-11-30T10:00:00', toleranceHours: 72, from: 'r@lgs.example', owner: 'o@lgs.example', timezone: 'Europe/London', ingest });
    expect(message.text).toContain(
      'Ingest from folder /var/lib/lgs/inbox: last looked at 2011-12-05 08:05 GMT+0, last brought new lines at 2011-11-30 10:05 GMT+0.\n' +
        'It failed at 2011-12-05 08:10 GMT+0: connect ECONNREFUSED 10.0.0.5:5432\n' +
        "Needs attention: 2011-12-02.csv: EACCES: permission denied, open '/var/lib/lgs/inbox/2011-12-02.csv'\n\n",
    );
    expect(message.html).toContain('Needs attention: 2011-12-02.csv: EACCES: permission denied, open &#x27;/var/lib/lgs/inbox/2011-12-02.csv&#x27;');
    expect(message.html).toContain('It failed at 2011-12-05 08:10 GMT+0: connect ECONNREFUSED 10.0.0.5:5432');
  });

  it('gives each ingest source of a held-back report its own paragraph, with "never" for a time it has not had', () => {
    const sources = [
      { source: 'table etl.retail', lastLookAt: '2011-12-05T08:05:00Z', lastNewLinesAt: null, needsAttention: [], failure: null },
      { source: 'folder /in', lastLookAt: null, lastNewLinesAt: null, needsAttention: [], failure: null },
    ];
    const message = staleMessage(renderer, { schedule: 'w', period: '2011-11-28', periodEnd: '2011-12-05T00:00:00', latestInvoice: null, toleranceHours: 72, from: 'r@lgs.example', owner: 'o@lgs.example', timezone: 'Europe/London', ingest: sources });
    expect(message.text).toContain(
      'Ingest from table etl.retail: last looked at 2011-12-05 08:05 GMT+0, last brought new lines at never.\n\n' +
        'Ingest from folder /in: last looked at never, last brought new lines at never.\n\n' +
        'It goes out by itself',
    );
  });

  it('gives the ingest times of a held-back report on the schedule\'s clock, as its period and invoices are', () => {
    const ingest = [{ source: 'folder /in', lastLookAt: '2011-07-03T23:05:00Z', lastNewLinesAt: '2011-07-01T09:00:00Z', needsAttention: [], failure: { at: '2011-07-03T23:10:00Z', reason: 'boom' } }];
    const stale = { schedule: 'w', period: '2011-06-27', periodEnd: '2011-07-04T00:00:00', latestInvoice: '2011-07-01T09:55:00', toleranceHours: 72, from: 'r@lgs.example', owner: 'o@lgs.example', ingest };
    expect(staleMessage(renderer, { ...stale, timezone: 'Europe/London' }).text).toContain(
      'Times are Europe/London time.\n\nIngest from folder /in: last looked at 2011-07-04 00:05 GMT+1, last brought new lines at 2011-07-01 10:00 GMT+1.\nIt failed at 2011-07-04 00:10 GMT+1: boom\n',
    );
    expect(staleMessage(renderer, { ...stale, timezone: 'America/New_York' }).html).toContain('last looked at 2011-07-03 19:05 GMT-4');
  });

  it('tells apart the two instants of the hour the clocks go back, by their offset', () => {
    const ingest = [{ source: 'folder /in', lastLookAt: '2011-10-30T01:30:00Z', lastNewLinesAt: '2011-10-30T00:30:00Z', needsAttention: [], failure: null }];
    const message = staleMessage(renderer, { schedule: 'w', period: '2011-10-24', periodEnd: '2011-10-31T00:00:00', latestInvoice: '2011-10-28T17:00:00', toleranceHours: 72, from: 'r@lgs.example', owner: 'o@lgs.example', timezone: 'Europe/London', ingest });
    expect(message.text).toContain('last looked at 2011-10-30 01:30 GMT+0, last brought new lines at 2011-10-30 01:30 GMT+1.');
  });

  it('names each uncertain recipient with the command that resends to them', () => {
    const message = uncertainMessage(renderer, { runId: 12, schedule: 'w', period: '2011-11-28', recipients: ['a@lgs.example', 'b@lgs.example'], from: 'r@lgs.example', owner: 'o@lgs.example' });
    expect(message).toMatchObject({ messageKey: 'uncertain', to: ['o@lgs.example'], cc: [], attachments: [], subject: 'LGS report delivery uncertain: w (2011-11-28)' });
    expect(message.text).toBe(
      'Run 12 of w (2011-11-28) was being sent to a@lgs.example, b@lgs.example when the transaction was cut off, so the mail server may or may not have taken it. To avoid a duplicate it is not sent again by itself.\n\n' +
        'If the recipient did not get it, send it again with:\nlgs resend 12 a@lgs.example\nlgs resend 12 b@lgs.example\n',
    );
    expect(message.html).toContain('lgs resend 12 b@lgs.example');
  });

  it('uses a reserved domain for Message-IDs when the From address has no usable one', () => {
    expect(mailDomain('no-at-sign')).toBe('lgs-reports.invalid');
    expect(mailDomain('Reports <r@bad domain>')).toBe('lgs-reports.invalid');
    expect(mailDomain('Reports < r@shop.example >')).toBe('shop.example');
  });
});

describe('the report\'s address on the managers\' page', () => {
  it('is the reports page filtered to the run\'s schedule and period', () => {
    expect(reportPageUrl('https://reports.lgs.example', 'weekly-marketing', '2011-11-28')).toBe(
      'https://reports.lgs.example/reports?schedule=weekly-marketing&from=2011-11-28&to=2011-11-28',
    );
  });

  it('stays under a page served below a path, written with or without its trailing slash', () => {
    expect(reportPageUrl('https://lgs.example/marketing', 'briefs', '2011-12-05')).toBe('https://lgs.example/marketing/reports?schedule=briefs&from=2011-12-05&to=2011-12-05');
    expect(reportPageUrl('https://lgs.example/marketing/', 'briefs', '2011-12-05')).toBe('https://lgs.example/marketing/reports?schedule=briefs&from=2011-12-05&to=2011-12-05');
  });

  it('does not exist without LGS_PUBLIC_URL', () => {
    expect(reportPageUrl(undefined, 'weekly-marketing', '2011-11-28')).toBeUndefined();
    expect(reportPageUrl('', 'weekly-marketing', '2011-11-28')).toBeUndefined();
  });
});

describe('the weekly e-mail with its chart, movements and link', () => {
  const PNG = { filename: 'headline.png', content: Buffer.from('\x89PNG'), contentType: 'image/png' };
  const URL_OF_REPORT = 'https://reports.lgs.example/reports?schedule=weekly-marketing&from=2011-11-28&to=2011-11-28';
  const full: WeeklySummary = {
    ...WEEK,
    headline: 'Net sales per week, last 12 weeks: the week of 28 Nov 2011 is the highest',
    movements: ['61 customers moved from Champions to Loyal Customers', '23 customers moved from Loyal Customers to At Risk'],
  };
  const compose = (summary: WeeklySummary, attachments = [PDF, PNG], reportUrl: string | undefined = URL_OF_REPORT) =>
    weeklyMessage(renderer, { runId: 7, schedule: 'weekly-marketing', from: 'reports@lgs.example', recipients: { to: ['m@lgs.example'], cc: [] }, attachments, reportUrl }, summary);

  it('shows the PNG chart inline by its Content-ID and leaves the PDF an ordinary attachment', () => {
    expect(compose(full).attachments).toEqual([PDF, { ...PNG, cid: 'headline-chart@lgs-reports' }]);
    expect(HEADLINE_CHART_CID).toBe('headline-chart@lgs-reports');
  });

  it('gives the link, the chart\'s description and the movements in the plain-text alternative', () => {
    expect(compose(full).text).toBe(
      [
        'Weekly marketing report, week of 28 Nov – 4 Dec 2011 (figures as of 10 Dec 2011). The full report is attached as a PDF.',
        `Read it on the managers' page: ${URL_OF_REPORT}`,
        '',
        'Chart: Net sales per week, last 12 weeks: the week of 28 Nov 2011 is the highest',
        '',
        'Net sales: £318,902.86 (week before £306,886.92, ▲ +3.9%)',
        'Orders: 1,001 (week before 1,100, ▼ −9.0%)',
        '',
        'Biggest segment movements in the last 28 days:',
        '- 61 customers moved from Champions to Loyal Customers',
        '- 23 customers moved from Loyal Customers to At Risk',
        '',
        'Sent by LGS Reports for the schedule "weekly-marketing".',
      ].join('\n'),
    );
  });

  it('puts the inline chart, the movements and the link in the HTML body', () => {
    const html = compose(full).html;
    expect(html).toContain('<img src="cid:headline-chart@lgs-reports" alt="Net sales per week, last 12 weeks: the week of 28 Nov 2011 is the highest"');
    expect(html).toContain('<li>61 customers moved from Champions to Loyal Customers</li>');
    expect(html).toContain('<li>23 customers moved from Loyal Customers to At Risk</li>');
    // Handlebars escapes '=' and '&' in the address; the browser reads it back as written.
    expect(html).toContain('<a href="https://reports.lgs.example/reports?schedule&#x3D;weekly-marketing&amp;from&#x3D;2011-11-28&amp;to&#x3D;2011-11-28">Open the report on the managers\' page</a>');
  });

  it('describes no chart when the run rendered none, even with a headline', () => {
    const message = compose(full, [PDF]);
    expect(message.attachments).toEqual([PDF]);
    expect(message.text).not.toContain('Chart:');
    expect(message.html).not.toContain('<img');
  });

  it('shows a chart without a description line when the run (made before headlines) has none', () => {
    const message = compose(WEEK);
    expect(message.attachments[1]).toEqual({ ...PNG, cid: 'headline-chart@lgs-reports' });
    expect(message.text.split('\n').slice(0, 4)).toEqual([
      'Weekly marketing report, week of 28 Nov – 4 Dec 2011 (figures as of 10 Dec 2011). The full report is attached as a PDF.',
      `Read it on the managers' page: ${URL_OF_REPORT}`,
      '',
      'Net sales: £318,902.86 (week before £306,886.92, ▲ +3.9%)',
    ]);
    expect(message.html).toContain('<img src="cid:headline-chart@lgs-reports"');
  });
});

describe('a segment brief e-mail with its plan, newcomers and link', () => {
  const URL_OF_REPORT = 'https://reports.lgs.example/reports?schedule=briefs&from=2011-12-05&to=2011-12-05';
  const atRisk = {
    ...BRIEFS.segments['at-risk']!,
    entered: '37',
    enteredSince: '12 Nov 2011',
    plan: 'Mail the 371 target customers a 10 % voucher on the lines they bought most; hold out 41 to measure the effect.',
  };

  it('names the newcomers, the plan and the managers\' page in the plain-text alternative', () => {
    const message = briefMessage(
      renderer,
      { runId: 9, schedule: 'briefs', from: 'reports@lgs.example', recipients: { to: ['crm@lgs.example'], cc: [] }, attachments: [PDF], messageKey: 'segment-at-risk', reportUrl: URL_OF_REPORT },
      BRIEFS,
      atRisk,
    );
    expect(message.text).toBe(
      [
        'Campaign brief for the At Risk segment as of 10 Dec 2011: 412 customers, £1,234.50 of revenue.',
        'Entered this segment since 12 Nov 2011: 37 customers (listed first in the CSV).',
        '',
        'The plan: Mail the 371 target customers a 10 % voucher on the lines they bought most; hold out 41 to measure the effect.',
        '',
        'The brief is attached as a PDF, with the customer list as CSV for the mailing tool (send to the "target" group only).',
        `On the managers' page: ${URL_OF_REPORT}`,
        '',
        'Sent by LGS Reports for the schedule "briefs".',
      ].join('\n'),
    );
    expect(message.html).toContain('Entered this segment since 12 Nov 2011: <strong>37 customers</strong>');
    expect(message.html).toContain('<p><strong>The plan:</strong> Mail the 371 target customers');
    expect(message.html).toContain('It is also on <a href="https://reports.lgs.example/reports?schedule&#x3D;briefs&amp;from&#x3D;2011-12-05&amp;to&#x3D;2011-12-05">the managers\' page</a>.');
  });
});
