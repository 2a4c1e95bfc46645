import { spawn } from 'node:child_process';
import { AppError } from '../errors.js';
import { BOUNCE_ANALYZER_SCRIPT } from '../../paths.js';

/**
 * The bounce analyzer: Debian's maintained Perl bounce-analysis library (the package that
 * scripts/install-system-deps.sh installs for lib/bounce-analyzer.pl; 70+ mail-server formats: Postfix, Exim, Sendmail, qmail, Exchange, Office 365,
 * Gmail, Yahoo, SES, Domino …, with or without a message/delivery-status part; RFC 3834
 * auto-replies; ARF complaint reports) run through the small bridge `lib/bounce-analyzer.pl`.
 * It runs as a child process with no shell, a time limit and a size limit, and answers JSON.
 */

/** What the analyzer says about one recipient of a bounce, auto-reply or complaint. */
export interface AnalyzedRecipient {
  /** The address that failed (or, for a complaint, the complaining address as reported). */
  recipient: string;
  /** The address as originally addressed, when the server expanded an alias. */
  alias: string;
  /** The analyzer's reason: userunknown, mailboxfull, filtered, expired, vacation, feedback … */
  reason: string;
  /** failed | delayed | delivered | … (empty when the server did not say). */
  action: string;
  /** Enhanced status code (RFC 3463); 5.0.9xx are the analyzer's own codes inferred from the text. */
  deliveryStatus: string;
  replyCode: string;
  diagnosticCode: string;
  /** ARF Feedback-Type (abuse, fraud …) for complaints. */
  feedbackType: string;
  /** Message-ID of the returned original message, when it was returned. */
  messageId: string;
  /** Which format matched (e.g. "Postfix", "Feedback-Loop", "RFC3834", "plain-text"). */
  smtpAgent: string;
}

export interface BounceAnalyzerOptions {
  /** Default: `perl` on PATH. */
  perl?: string;
  /** Default: lib/bounce-analyzer.pl at the repository root. */
  script?: string;
  /** Default 15 s: a pathological message must not hold the mailbox poller. */
  timeoutMs?: number;
  /** Default 10 MB: bounces are small; a larger message is refused before it is read. */
  maxBytes?: number;
}

export { BOUNCE_ANALYZER_SCRIPT };
const MAX_OUTPUT = 2_000_000;

const text = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

function toRecipient(v: unknown): AnalyzedRecipient | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const o = v as Record<string, unknown>;
  return {
    recipient: text(o.recipient).toLowerCase(),
    alias: text(o.alias).toLowerCase(),
    reason: text(o.reason).toLowerCase() || 'undefined',
    action: text(o.action).toLowerCase(),
    deliveryStatus: text(o.deliveryStatus),
    replyCode: text(o.replyCode),
    diagnosticCode: text(o.diagnosticCode).replace(/\s+/g, ' ').trim(),
    feedbackType: text(o.feedbackType),
    messageId: text(o.messageId).replace(/^<|>$/g, ''),
    smtpAgent: text(o.smtpAgent),
  };
}

/**
 * Analyze one message. Returns one entry per recipient it reports on, or [] for a message that
 * is not a bounce, auto-reply or complaint. Throws VALIDATION for a message over the size limit
 * or one the analyzer cannot read in time, MAIL_CONFIG when the analyzer is not installed.
 */
export async function analyzeBounce(raw: Buffer, opts: BounceAnalyzerOptions = {}): Promise<AnalyzedRecipient[]> {
  const [one] = await analyzeBounces([raw], opts);
  if (one instanceof AppError) throw one;
  return one!;
}

/**
 * Analyze several messages in one analyzer process (its start-up is most of the cost of one):
 * per message, its recipients or the AppError that says why it could not be read.
 */
export async function analyzeBounces(raws: Buffer[], opts: BounceAnalyzerOptions = {}): Promise<(AnalyzedRecipient[] | AppError)[]> {
  const maxBytes = opts.maxBytes ?? 10_000_000;
  const results: (AnalyzedRecipient[] | AppError | undefined)[] = raws.map((raw) =>
    raw.length > maxBytes
      ? new AppError('VALIDATION', `Message of ${raw.length} bytes is over the bounce analyzer's ${maxBytes}-byte limit`, {
          userMessage: `This message is ${raw.length} bytes; bounce reports are analyzed up to ${maxBytes} bytes, so it was not read as one.`,
        })
      : undefined,
  );
  const todo = raws.flatMap((raw, i) => (results[i] ? [] : [i]));
  if (todo.length > 0) {
    const frames = Buffer.concat(todo.flatMap((i) => [Buffer.from(`${raws[i]!.length}\n`), raws[i]!]));
    // The limit grows with the batch: a pathological message must not hold the mailbox poller.
    const answers = await runAnalyzer(frames, todo.length, (opts.timeoutMs ?? 15_000) + 1000 * (todo.length - 1), maxBytes, opts);
    todo.forEach((i, k) => {
      const a = answers[k];
      results[i] = Array.isArray(a)
        ? a.map(toRecipient).filter((r): r is AnalyzedRecipient => r !== undefined)
        : new AppError('VALIDATION', `Bounce analyzer could not read the message: ${text((a as { error?: unknown } | undefined)?.error).slice(0, 300)}`, {
            userMessage: 'This message could not be analyzed as a bounce.',
          });
    });
  }
  return results as (AnalyzedRecipient[] | AppError)[];
}

function runAnalyzer(frames: Buffer, count: number, timeoutMs: number, maxBytes: number, opts: BounceAnalyzerOptions): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(opts.perl ?? 'perl', [opts.script ?? BOUNCE_ANALYZER_SCRIPT], {
      stdio: ['pipe', 'pipe', 'pipe'],
      // Only what perl needs: nothing of ours (secrets) reaches the child.
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8', BOUNCE_ANALYZER_MAX_BYTES: String(maxBytes) },
    });
    const out: Buffer[] = [];
    let outLen = 0;
    let err = '';
    let settled = false;
    const finish = (e: AppError | undefined, value?: unknown[]) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (e) reject(e);
      else resolve(value ?? []);
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      finish(new AppError('VALIDATION', `Bounce analyzer gave no answer within ${timeoutMs} ms`, { userMessage: 'This message could not be analyzed in time; it was left for a person to read.' }));
    }, timeoutMs);
    child.stdout.on('data', (b: Buffer) => {
      outLen += b.length;
      if (outLen > MAX_OUTPUT * count) {
        child.kill('SIGKILL');
        finish(new AppError('VALIDATION', 'Bounce analyzer output over its limit', { userMessage: 'This message lists too many recipients to analyze.' }));
        return;
      }
      out.push(b);
    });
    child.stderr.on('data', (b: Buffer) => {
      if (err.length < 4000) err += b.toString('utf8');
    });
    child.on('error', (e: NodeJS.ErrnoException) => {
      finish(
        new AppError('MAIL_CONFIG', `Bounce analyzer could not start: ${e.message}`, {
          cause: e,
          userMessage: 'The bounce analyzer is not installed: run bash scripts/install-system-deps.sh (it installs perl and the analyzer library).',
        }),
      );
    });
    child.on('close', (code) => {
      if (settled) return;
      if (code !== 0) {
        const missing = /Can't locate \S+ in @INC|Can't open perl script/.test(err);
        finish(
          missing
            ? new AppError('MAIL_CONFIG', `Bounce analyzer library missing: ${err.split('\n')[0]}`, {
                userMessage: 'The bounce analyzer library is not installed: run bash scripts/install-system-deps.sh (Debian package of the Perl bounce analyzer).',
              })
            : new AppError('VALIDATION', `Bounce analyzer failed (exit ${code}): ${err.trim().slice(0, 300)}`, { userMessage: 'This message could not be analyzed as a bounce.' }),
        );
        return;
      }
      try {
        const parsed: unknown = JSON.parse(Buffer.concat(out).toString('utf8'));
        if (!Array.isArray(parsed) || parsed.length !== count) throw new Error(`expected ${count} answers`);
        finish(undefined, parsed);
      } catch (e) {
        finish(new AppError('INTERNAL', `Bounce analyzer answered something that is not its JSON: ${(e as Error).message}`, { cause: e }));
      }
    });
    child.stdin.on('error', () => {
      // The child exited early; its exit code says why.
    });
    child.stdin.end(frames);
  });
}
