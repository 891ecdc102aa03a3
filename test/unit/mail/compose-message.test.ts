import { describe, expect, it } from 'vitest';
import { failureMessage, fillSubject, mailDomain, messageIdFor, weeklyMessage } from '../../../src/mail/compose-message.js';
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
