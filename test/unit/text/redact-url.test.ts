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

  it.each(['smtp://mailpit:1025', 'redis://127.0.0.1:6379', 'smtps://user@relay.example:465'])('leaves %s without a password as it is', (url) => {
    expect(redactUrl(url)).toBe(url);
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
