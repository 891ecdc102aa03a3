import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerAddress, type SMTPServerSession } from 'smtp-server';

/** A message as the loopback SMTP server received it: the parsed mail and the envelope it came with. */
export interface ReceivedMail {
  mail: ParsedMail;
  envelopeTo: string[];
  raw: Buffer;
}

export interface TestSmtpServer {
  url: string;
  /** Can be changed while the server runs (e.g. to stop hanging). */
  behaviour: SmtpBehaviour;
  received: ReceivedMail[];
  /** Messages received whose envelope includes `address`. */
  to(address: string): ReceivedMail[];
  waitFor(predicate: (received: ReceivedMail[]) => boolean, timeoutMs?: number): Promise<void>;
  /** Sends the held replies (250) and stops holding. */
  releaseHeld(): void;
  close(): Promise<void>;
}

export interface SmtpBehaviour {
  /** Refuse this recipient (RCPT TO) on its first N attempts. */
  refuseFirst?: Record<string, number>;
  /** Refuse every message (MAIL FROM) on the first N attempts. */
  refuseMessages?: number;
  /** Never answer the DATA of a message whose Subject contains this text (a hung server). */
  hangOnSubject?: string;
  /**
   * Take the message for this envelope recipient (it counts as received: the server has it) but hold the
   * reply until `releaseHeld()`: the window in which a worker can die, or lose its database, after the
   * server accepted and before it heard so.
   */
  holdReplyTo?: string;
}

/** A real SMTP server (the smtp-server package) on a free loopback port, recording what it accepts. */
export async function startSmtpServer(behaviour: SmtpBehaviour = {}): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  const rcptAttempts = new Map<string, number>();
  let messageAttempts = 0;
  const held: (() => void)[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onMailFrom(_address: SMTPServerAddress, _session: SMTPServerSession, callback: (error?: Error) => void) {
      messageAttempts++;
      if (behaviour.refuseMessages && messageAttempts <= behaviour.refuseMessages) {
        const error = Object.assign(new Error('try again later'), { responseCode: 451 });
        return callback(error);
      }
      callback();
    },
    onRcptTo(address: SMTPServerAddress, _session: SMTPServerSession, callback: (error?: Error) => void) {
      const seen = (rcptAttempts.get(address.address) ?? 0) + 1;
      rcptAttempts.set(address.address, seen);
      const refuse = behaviour.refuseFirst?.[address.address] ?? 0;
      if (seen <= refuse) return callback(Object.assign(new Error(`mailbox ${address.address} busy`), { responseCode: 450 }));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        void simpleParser(raw).then((mail) => {
          if (behaviour.hangOnSubject && mail.subject?.includes(behaviour.hangOnSubject)) return; // never answer
          const envelopeTo = session.envelope.rcptTo.map((r) => r.address);
          received.push({ mail, envelopeTo, raw });
          if (behaviour.holdReplyTo && envelopeTo.includes(behaviour.holdReplyTo)) {
            held.push(() => callback());
            return;
          }
          callback();
        });
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as { port: number };
  return {
    behaviour,
    url: `smtp://127.0.0.1:${port}`,
    received,
    to: (address) => received.filter((r) => r.envelopeTo.includes(address)),
    async waitFor(predicate, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(received)) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for mail; received ${received.length}: ${received.map((r) => r.mail.subject).join(' | ')}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    releaseHeld() {
      behaviour.holdReplyTo = undefined;
      for (const reply of held.splice(0)) reply();
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
