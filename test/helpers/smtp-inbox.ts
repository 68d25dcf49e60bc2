// A real SMTP server on loopback standing in for an organisation's mail server: it takes every
// message the server sends (no TLS, no auth, as EmailSettings' plain settings ask) and keeps it,
// decoded from quoted-printable, for the test to read.
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string[];
  /** The whole message (headers and bodies), with quoted-printable soft breaks and escapes undone. */
  text: string;
}

export class SmtpInbox {
  readonly mails: ReceivedMail[] = [];
  readonly port: number;
  #server: SMTPServer;
  #waiters: Array<() => void> = [];
  /** When set, every message is refused with this SMTP reply (a mail server that will not take it). */
  refuseWith: string | null = null;

  private constructor(server: SMTPServer, port: number) {
    this.#server = server;
    this.port = port;
  }

  /** EmailSettings that send the server's mail here, from parley@example.org ("Parley"). */
  emailSettings(): { SMTPServer: string; SMTPPort: string; FeedbackEmail: string; FeedbackName: string } {
    return { SMTPServer: '127.0.0.1', SMTPPort: String(this.port), FeedbackEmail: 'parley@example.org', FeedbackName: 'Parley' };
  }

  static async start(): Promise<SmtpInbox> {
    let inbox: SmtpInbox | undefined;
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          if (inbox?.refuseWith) return callback(new Error(inbox.refuseWith));
          const to = session.envelope.rcptTo.map((r) => r.address);
          inbox?.receive({ to, text: decodeQuotedPrintable(Buffer.concat(chunks).toString('utf8')) });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    inbox = new SmtpInbox(server, (server.server.address() as AddressInfo).port);
    return inbox;
  }

  /** The first message to `address` received from now on or already kept; fails after `timeoutMs`. */
  async mailTo(address: string, timeoutMs = 5000): Promise<ReceivedMail> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.mails.find((m) => m.to.includes(address));
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no mail to ${address} within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  receive(mail: ReceivedMail): void {
    this.mails.push(mail);
    for (const wake of this.#waiters.splice(0)) wake();
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }
}

function decodeQuotedPrintable(raw: string): string {
  return raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}
