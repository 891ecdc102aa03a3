import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { redactUrl } from '../text/redact-url.js';
import type { OutgoingMessage } from './compose-message.js';

/**
 * Sends a message to some of its recipients (the envelope), and says which addresses the server took.
 * Headers keep the full To/Cc, so a resend to the recipients a first attempt missed is the same message.
 */
export interface Mailer {
  readonly description: string;
  send(message: OutgoingMessage, envelopeTo: readonly string[]): Promise<{ accepted: string[]; rejected: string[] }>;
  close(): void;
}

function mailOptions(message: OutgoingMessage, envelopeTo: readonly string[]) {
  return {
    from: message.from,
    to: message.to,
    cc: message.cc,
    subject: message.subject,
    html: message.html,
    text: message.text,
    messageId: message.messageId,
    attachments: message.attachments,
    envelope: { from: message.from, to: [...envelopeTo] },
  };
}

const addresses = (list: unknown): string[] =>
  Array.isArray(list) ? list.map((a) => (typeof a === 'string' ? a : String((a as { address?: string }).address ?? a))) : [];

/** SMTP through nodemailer (SMTP_URL, e.g. smtp://user:pass@mail.example:587). */
export function smtpMailer(url: string): Mailer {
  const transport = nodemailer.createTransport(url);
  return {
    description: redactUrl(url),
    async send(message, envelopeTo) {
      const info = await transport.sendMail(mailOptions(message, envelopeTo));
      return { accepted: addresses(info.accepted), rejected: addresses(info.rejected) };
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
    async send(message, envelopeTo) {
      const info = await transport.sendMail(mailOptions(message, envelopeTo));
      await mkdir(folder, { recursive: true });
      const name = `${new Date().toISOString().replace(/[:.]/g, '-')}_${++written}_${message.messageId.replace(/[^A-Za-z0-9.-]/g, '')}.eml`;
      await writeFile(join(folder, name), info.message as Buffer);
      return { accepted: [...envelopeTo], rejected: [] };
    },
    close: () => transport.close(),
  };
}
