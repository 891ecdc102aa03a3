import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { redactUrl } from '../text/redact-url.js';
import type { OutgoingMessage } from './compose-message.js';

/** What the server said to one SMTP transaction. */
export interface SendResult {
  accepted: string[];
  rejected: string[];
  /** The server's final reply, e.g. `250 2.0.0 Ok: queued as 4F2A1`. */
  response: string;
}

/**
 * Sends a message to some of its recipients (the envelope), and says which addresses the server took.
 * Headers keep the full To/Cc, so each recipient's copy is the same message.
 */
export interface Mailer {
  readonly description: string;
  /** True when messages go into a folder instead of to a server: recorded as written there, not sent. */
  readonly writesToOutbox?: boolean;
  /** Opens a session and says hello (and logs in) without sending: throws what the server answered. */
  verify?(): Promise<void>;
  send(message: OutgoingMessage, envelopeTo: readonly string[], messageId: string): Promise<SendResult>;
  close(): void;
}

/**
 * Whether a failed SMTP transaction certainly did not hand the message over: the server answered with an
 * error code, or no session was ever opened. A connection that broke or went silent after that may have
 * delivered it (the server can have queued the message and lost our connection before its reply). Pure.
 */
export function certainlyNotSent(error: unknown): boolean {
  const fields = (error ?? {}) as { responseCode?: number; code?: string; message?: string; errno?: string; cause?: { code?: string } };
  if (typeof fields.responseCode === 'number' && fields.responseCode >= 400) return true;
  if (/ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ENETUNREACH/.test(`${fields.code} ${fields.errno} ${fields.message} ${fields.cause?.code}`)) return true;
  return /Greeting never received/i.test(fields.message ?? '');
}

function mailOptions(message: OutgoingMessage, envelopeTo: readonly string[], messageId: string) {
  return {
    from: message.from,
    to: message.to,
    cc: message.cc,
    subject: message.subject,
    html: message.html,
    text: message.text,
    messageId,
    attachments: message.attachments,
    envelope: { from: message.from, to: [...envelopeTo] },
  };
}

const addresses = (list: unknown): string[] =>
  Array.isArray(list) ? list.map((a) => (typeof a === 'string' ? a : String((a as { address?: string }).address ?? a))) : [];

/**
 * SMTP through nodemailer (SMTP_URL, e.g. smtp://user:pass@mail.example:587). A server silent for
 * `timeoutMs` ends the transaction instead of holding the job for nodemailer's default ten minutes.
 */
export function smtpMailer(url: string, timeoutMs = 120_000): Mailer {
  const transport = nodemailer.createTransport({ url, socketTimeout: timeoutMs, greetingTimeout: Math.min(timeoutMs, 30_000), connectionTimeout: Math.min(timeoutMs, 30_000) });
  return {
    description: redactUrl(url),
    async send(message, envelopeTo, messageId) {
      const info = await transport.sendMail(mailOptions(message, envelopeTo, messageId));
      return { accepted: addresses(info.accepted), rejected: addresses(info.rejected), response: String(info.response ?? '') };
    },
    async verify() {
      await transport.verify();
    },
    close: () => transport.close(),
  };
}

/** Without SMTP_URL: each message is written as an .eml file into `folder`, so nothing is lost or sent. */
export function outboxMailer(folder: string): Mailer {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  let written = 0;
  return {
    description: `outbox folder ${folder}`,
    writesToOutbox: true,
    async send(message, envelopeTo, messageId) {
      const info = await transport.sendMail(mailOptions(message, envelopeTo, messageId));
      await mkdir(folder, { recursive: true });
      const name = `${new Date().toISOString().replace(/[:.]/g, '-')}_${++written}_${messageId.replace(/[^A-Za-z0-9.-]/g, '').slice(0, 120)}.eml`;
      await writeFile(join(folder, name), info.message as Buffer);
      return { accepted: [...envelopeTo], rejected: [], response: `written to ${join(folder, name)}` };
    },
    close: () => transport.close(),
  };
}
