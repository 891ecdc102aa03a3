import { randomUUID } from 'node:crypto';
import { ConnectionError, UsageError } from '../../errors.js';
import { mailDomain } from '../../mail/compose-message.js';
import type { CliIo } from '../cli-io.js';
import { withServices } from '../with-services.js';

/** Sends one short message to `address` exactly as the worker would send a report, and says what came back. */
export async function mailTest(address: string, io: CliIo): Promise<void> {
  if (!/^[^@\s]+@[^@\s]+$/.test(address)) throw new UsageError(`"${address}" is not an e-mail address`, { address });
  await withServices(io, async ({ environment, mailer: openMailer }) => {
    const mailer = await openMailer();
    const messageId = `<lgs.test.${randomUUID()}@${mailDomain(environment.MAIL_FROM, environment.LGS_MAIL_DOMAIN)}>`;
    const text = `This is a test message from LGS Reports, sent with ${mailer.description} from ${environment.MAIL_FROM}.\nIf you can read it, reports will reach you the same way.\n`;
    let result;
    try {
      result = await mailer.send(
        { messageKey: 'test', from: environment.MAIL_FROM, to: [address], cc: [], subject: 'LGS Reports: test message', text, html: `<p>${text.replace(/\n/g, '<br>')}</p>`, attachments: [] },
        [address],
        messageId,
      );
    } catch (error) {
      const fields = error as { response?: string; code?: string; message?: string };
      const answer = fields.response ?? fields.message ?? fields.code ?? String(error);
      throw new ConnectionError(`${mailer.description} did not take the message for ${address}: ${answer}`, { mail: mailer.description, address }, { cause: error });
    }
    if (!result.accepted.some((accepted) => accepted.toLowerCase() === address.toLowerCase())) {
      throw new ConnectionError(`${mailer.description} refused ${address}: ${result.response || 'no reply'}`, { mail: mailer.description, address });
    }
    const verb = mailer.writesToOutbox ? 'written (not sent: SMTP_URL is not set)' : 'accepted';
    io.stdout.write(`${mailer.description}: message for ${address} ${verb}\n  from: ${environment.MAIL_FROM}\n  answer: ${result.response}\n`);
  });
}
