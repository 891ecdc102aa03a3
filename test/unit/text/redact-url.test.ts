import { describe, expect, it } from 'vitest';
import { smtpMailer } from '../../../src/mail/mailer.js';
import { redactUrl } from '../../../src/text/redact-url.js';

describe('redactUrl', () => {
  it.each([
    ['smtp://:secret@mail.example:25', 'smtp://:***@mail.example:25'],
    ['smtp://user:p%40ss@mail.example:587', 'smtp://user:***@mail.example:587'],
    ['redis://:secret@redis:6379/0', 'redis://:***@redis:6379/0'],
    ['postgres://lgs:lgs@postgres:5432/lgs', 'postgres://lgs:***@postgres:5432/lgs'],
    ['smtps://relay.example:465?pass=secret', 'smtps://relay.example:465?pass=***'],
  ])('masks the password of %s', (url, shown) => {
    expect(redactUrl(url)).toBe(shown);
  });

  it.each(['smtp://mailpit:1025', 'redis://127.0.0.1:6379', 'smtps://user@relay.example:465', 'https://reports.lgs.example', 'smtp://mailpit:1025?secure=false'])('leaves %s without a password as it is', (url) => {
    expect(redactUrl(url)).toBe(url);
  });

  it('masks only the password-like options', () => {
    expect(redactUrl('smtps://relay.example:465?pass=secret&tls=true')).toBe('smtps://relay.example:465?pass=***&tls=true');
  });

  it('masks from // to the last @ in text that does not parse as a URL', () => {
    expect(redactUrl('smtp://user:secret@mail example:25')).toBe('smtp://user:***@mail example:25');
    expect(redactUrl('smtp://reports:p@ss@mail example:25')).toBe('smtp://reports:***@mail example:25');
  });

  it('masks from the user name\'s : to the last @ in text that does not parse, / and # included', () => {
    expect(redactUrl('smtp://reports:Se#cr/et@127.0.0.1:20587')).toBe('smtp://reports:***@127.0.0.1:20587');
    expect(redactUrl('redis://:Se#cret99@127.0.0.1:6379/9')).toBe('redis://:***@127.0.0.1:6379/9');
  });

  it.each([
    ['smtp://reports:2011#secret@mail.example:587', 'smtp://reports:***@mail.example:587'],
    ['smtp://reports:2011/secret@mail.example:587', 'smtp://reports:***@mail.example:587'],
    ['smtp://reports:2011?secret@mail.example:587', 'smtp://reports:***@mail.example:587'],
  ])('masks %s, which parses with the password as port and path, query or fragment', (url, shown) => {
    expect(redactUrl(url)).toBe(shown);
  });

  it.each(['smtp://mail example:25', 'reports:secret@mail.example', 'smtp://reports@mail example:25', 'smtp://reports@mail example'])('leaves %s as it is: no user name and password after //', (text) => {
    expect(redactUrl(text)).toBe(text);
  });

  it('masks a password without a user name in the mail transport the worker logs', () => {
    const mailer = smtpMailer('smtp://:secret@127.0.0.1:2525');
    try {
      expect(mailer.description).toBe('smtp://:***@127.0.0.1:2525');
    } finally {
      mailer.close();
    }
  });
});
