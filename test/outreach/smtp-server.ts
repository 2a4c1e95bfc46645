import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';

export interface Received {
  mailFrom: string;
  rcptTo: string[];
  raw: Buffer;
  parsed: ParsedMail;
  queueId: string;
}

/** An error an SMTP server answers with (smtp-server turns responseCode into the reply code). */
export function smtpError(code: number, message: string): Error & { responseCode: number } {
  return Object.assign(new Error(message), { responseCode: code });
}

export interface TestSmtpServer {
  port: number;
  url: string;
  received: Received[];
  /** Connection errors after the server started (a client that died mid-session resets its connections). */
  clientErrors: (Error & { code?: string })[];
  /** Messages whose envelope recipient is `address`. */
  to(address: string): Received[];
  /** Return an error to refuse a recipient (RCPT TO); undefined accepts it. */
  onRcpt: ((address: string, session: SMTPServerSession) => Error | undefined) | undefined;
  /** Return an error to refuse the message after DATA; undefined accepts it. */
  onData: ((rcptTo: string[]) => Error | undefined) | undefined;
  close(): Promise<void>;
}

/** The receiving end: a real SMTP server (smtp-server) on 127.0.0.1, port chosen by the OS. */
export async function startSmtpServer(opts: { parse?: boolean } = {}): Promise<TestSmtpServer> {
  let n = 0;
  const received: Received[] = [];
  const state: Pick<TestSmtpServer, 'onRcpt' | 'onData'> = { onRcpt: undefined, onData: undefined };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, session, cb) {
      const err = state.onRcpt?.(address.address, session);
      cb(err ?? undefined);
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('error', cb);
      stream.on('end', () => {
        const rcptTo = session.envelope.rcptTo.map((r) => r.address);
        const err = state.onData?.(rcptTo);
        if (err) return cb(err);
        const raw = Buffer.concat(chunks);
        const queueId = `Q${String(++n).padStart(6, '0')}`;
        const mailFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        if (opts.parse === false) {
          received.push({ mailFrom, rcptTo, raw, parsed: undefined as unknown as ParsedMail, queueId });
          return cb(null, `Ok: queued as ${queueId}`);
        }
        simpleParser(raw).then(
          (parsed) => {
            received.push({ mailFrom, rcptTo, raw, parsed, queueId });
            cb(null, `Ok: queued as ${queueId}`);
          },
          (e: Error) => cb(e),
        );
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  // A client killed mid-session (the crash tests) resets its connections, which smtp-server
  // reports as 'error' events: kept in `clientErrors`, not thrown at the test process.
  const clientErrors: (Error & { code?: string })[] = [];
  server.on('error', (e: Error) => clientErrors.push(e));
  const port = (server.server.address() as { port: number }).port;
  const api: TestSmtpServer = {
    port,
    url: `smtp://127.0.0.1:${port}`,
    received,
    clientErrors,
    to: (address) => received.filter((m) => m.rcptTo.some((r) => r.toLowerCase() === address.toLowerCase())),
    get onRcpt() {
      return state.onRcpt;
    },
    set onRcpt(f) {
      state.onRcpt = f;
    },
    get onData() {
      return state.onData;
    },
    set onData(f) {
      state.onData = f;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return api;
}
