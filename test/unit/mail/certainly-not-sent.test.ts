import { describe, expect, it } from 'vitest';
import { certainlyNotSent } from '../../../src/mail/mailer.js';

describe('whether a failed SMTP transaction certainly did not deliver', () => {
  it('is certain when the server answered with an error code', () => {
    expect(certainlyNotSent(Object.assign(new Error("Can't send mail - all recipients were rejected"), { responseCode: 450, command: 'RCPT TO' }))).toBe(true);
    expect(certainlyNotSent(Object.assign(new Error('try again later'), { responseCode: 451, command: 'MAIL FROM' }))).toBe(true);
  });

  it('is certain when no connection was made', () => {
    expect(certainlyNotSent(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:2525'), { code: 'ESOCKET', command: 'CONN' }))).toBe(true);
    expect(certainlyNotSent(Object.assign(new Error('Greeting never received'), { code: 'ETIMEDOUT', command: 'CONN' }))).toBe(true);
  });

  it('is not certain when the connection broke or went silent (the server may have the message)', () => {
    expect(certainlyNotSent(Object.assign(new Error('Timeout'), { code: 'ETIMEDOUT', command: 'CONN' }))).toBe(false);
    expect(certainlyNotSent(Object.assign(new Error('Connection closed unexpectedly'), { code: 'ECONNECTION' }))).toBe(false);
  });
});
