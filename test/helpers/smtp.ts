// A real SMTP server (smtp-server from npm) on a loopback port that keeps every message it receives,
// parsed with mailparser, for tests of e-mail delivery.
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';
import { freePort } from './port.ts';

export interface CapturedMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  messageId: string;
  headers: Map<string, unknown>;
}

export interface Mailbox {
  url: string;
  messages: CapturedMail[];
  /** Refuse the next n messages with a temporary error (451). */
  refuseNext(n: number): void;
  close(): Promise<void>;
}

export async function startSmtp(t: { teardown(fn: () => unknown): void }): Promise<Mailbox> {
  const messages: CapturedMail[] = [];
  let refuse = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', async () => {
        if (refuse > 0) {
          refuse--;
          const err = Object.assign(new Error('try again later'), { responseCode: 451 });
          return callback(err);
        }
        const parsed = await simpleParser(Buffer.concat(chunks));
        messages.push({
          from: session.envelope.mailFrom ? (session.envelope.mailFrom as { address: string }).address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          subject: parsed.subject ?? '',
          text: parsed.text ?? '',
          messageId: parsed.messageId ?? '',
          headers: parsed.headers as Map<string, unknown>,
        });
        callback();
      });
    },
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const box: Mailbox = {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    refuseNext(n) {
      refuse = n;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  t.teardown(() => box.close());
  return box;
}
