import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';

/**
 * A real SMTP server on 127.0.0.1 that accepts everything and keeps it: what nodemailer sends in
 * a test arrives here (envelope + raw bytes + parsed). Shared by the e-mail channel and outreach
 * tests. `waitFor` polls with a bounded wait; nothing is timing-based.
 */
export interface CapturedMail {
  envelope: { from: string | false; to: string[] };
  raw: Buffer;
  parsed: ParsedMail;
}

export interface SmtpSink {
  port: number;
  /** `smtp://127.0.0.1:<port>` — for SMTP_URL. */
  url: string;
  messages: CapturedMail[];
  /** Resolves with the first message (in arrival order, from index `from`) that matches. */
  waitFor(match: (m: CapturedMail) => boolean, opts?: { timeoutMs?: number; what?: string }): Promise<CapturedMail>;
  /** Every message matching, once at least `count` have arrived. */
  waitForCount(match: (m: CapturedMail) => boolean, count: number, opts?: { timeoutMs?: number; what?: string }): Promise<CapturedMail[]>;
  /** Messages sent to an address (envelope recipient, case-insensitive). */
  to(address: string): CapturedMail[];
  clear(): void;
  close(): Promise<void>;
}

export interface SmtpSinkOptions {
  /** Called for every message after it is stored (e.g. to deliver it on into a test mailbox). */
  onMessage?: (m: CapturedMail) => void;
  /**
   * Require SASL XOAUTH2 (as smtp.office365.com and smtp.gmail.com do for OAuth apps): the
   * bearer token and user name are checked by this function; false refuses the login.
   */
  xoauth2?: (user: string, accessToken: string) => boolean;
}

export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const messages: CapturedMail[] = [];
  const { xoauth2 } = options;
  const server = new SMTPServer({
    authOptional: !xoauth2,
    ...(xoauth2
      ? {
          authMethods: ['XOAUTH2'],
          allowInsecureAuth: true,
          onAuth(auth, _session, callback) {
            if (auth.method === 'XOAUTH2' && auth.username && auth.accessToken && xoauth2(auth.username, auth.accessToken)) return callback(null, { user: auth.username });
            // XOAUTH2 failure: the JSON error challenge of RFC 7628 / Google's format
            callback(null, { data: { status: '401', schemes: 'bearer', scope: 'https://mail.google.com/' } });
          },
        }
      : {}),
    disabledCommands: ['STARTTLS'],
    logger: false,
    size: 50 * 1024 * 1024,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('error', callback);
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        simpleParser(raw)
          .then((parsed) => {
            const captured: CapturedMail = {
              envelope: {
                from: session.envelope.mailFrom ? session.envelope.mailFrom.address : false,
                to: session.envelope.rcptTo.map((r) => r.address),
              },
              raw,
              parsed,
            };
            messages.push(captured);
            options.onMessage?.(captured);
            callback();
          })
          .catch((e: unknown) => callback(e as Error));
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const addr = server.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;

  const waitForCount = async (match: (m: CapturedMail) => boolean, count: number, opts: { timeoutMs?: number; what?: string } = {}) => {
    const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
    for (;;) {
      const found = messages.filter(match);
      if (found.length >= count) return found;
      if (Date.now() > deadline) {
        const seen = messages.map((m) => `${m.envelope.to.join(',')}: ${m.parsed.subject ?? ''}`).join('\n  ');
        throw new Error(`timed out waiting for ${count} × ${opts.what ?? 'message'}; got ${found.length}. Messages so far:\n  ${seen}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    messages,
    waitFor: async (match, opts) => (await waitForCount(match, 1, opts))[0]!,
    waitForCount,
    to: (address) => messages.filter((m) => m.envelope.to.some((t) => t.toLowerCase() === address.toLowerCase())),
    clear: () => void messages.splice(0, messages.length),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
