import { describe, expect, it } from 'vitest';
import { failureMessage, fillSubject, messageIdFor, weeklyMessage } from '../../../src/mail/compose-message.js';
import { createTemplateRenderer } from '../../../src/render/template-renderer.js';

const renderer = createTemplateRenderer();

describe('composing e-mails', () => {
  it('gives each message of a run one Message-ID, the same on every attempt', () => {
    expect(messageIdFor(42, 'weekly')).toBe('<lgs.42.weekly@lgs-reports>');
    expect(messageIdFor(42, 'weekly')).toBe(messageIdFor(42, 'weekly'));
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
    expect(message).toMatchObject({ to: ['m@lgs.example'], cc: ['boss@lgs.example'], messageId: '<lgs.7.weekly@lgs-reports>' });
    expect(message.attachments.map((a) => a.filename)).toEqual(['r.pdf']);
  });

  it('escapes the error text in a failure e-mail', () => {
    const message = failureMessage(renderer, { runId: 1, schedule: 's', period: '2011-11-28', attempts: 5, error: '<b>boom</b>', from: 'r@lgs.example', owner: 'o@lgs.example' });
    expect(message.html).toContain('&lt;b&gt;boom&lt;/b&gt;');
    expect(message.to).toEqual(['o@lgs.example']);
  });
});
