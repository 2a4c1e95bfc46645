import { CappedRunError, runCapped } from '../capped-process.js';
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
/** smtpAgent of a bounce the bridge read from a daemon's plain text (lib/bounce-analyzer.pl). */
export const PLAIN_TEXT_AGENT = 'plain-text';
const MAX_OUTPUT = 2_000_000;
/** Address-space cap of the analyzer, MB: perl with its library uses ~40 MB, plus the messages of one batch. */
const ANALYZER_MEMORY_MB = 1024;

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

async function runAnalyzer(frames: Buffer, count: number, timeoutMs: number, maxBytes: number, opts: BounceAnalyzerOptions): Promise<unknown[]> {
  let stdout: Buffer;
  try {
    ({ stdout } = await runCapped(opts.perl ?? 'perl', [opts.script ?? BOUNCE_ANALYZER_SCRIPT], {
      memoryMb: ANALYZER_MEMORY_MB,
      timeoutMs,
      maxOutputBytes: MAX_OUTPUT * count,
      input: frames,
      // Only what perl needs: nothing of ours (secrets) reaches the child.
      env: { BOUNCE_ANALYZER_MAX_BYTES: String(maxBytes) },
    }).done);
  } catch (e) {
    throw e instanceof CappedRunError ? analyzerError(e, timeoutMs) : e;
  }
  try {
    const parsed: unknown = JSON.parse(stdout.toString('utf8'));
    if (!Array.isArray(parsed) || parsed.length !== count) throw new Error(`expected ${count} answers`);
    return parsed;
  } catch (e) {
    throw new AppError('INTERNAL', `Bounce analyzer answered something that is not its JSON: ${(e as Error).message}`, { cause: e });
  }
}

function analyzerError(e: CappedRunError, timeoutMs: number): AppError {
  const installHint = (what: string) => `${what}: run bash scripts/install-system-deps.sh (it installs perl and the analyzer library).`;
  if (e.kind === 'missing') return new AppError('MAIL_CONFIG', `Bounce analyzer could not start: ${e.message}`, { cause: e, userMessage: installHint('The bounce analyzer is not installed') });
  if (e.kind === 'timeout') return new AppError('VALIDATION', `Bounce analyzer gave no answer within ${timeoutMs} ms`, { cause: e, userMessage: 'This message could not be analyzed in time; it was left for a person to read.' });
  if (e.kind === 'output') return new AppError('VALIDATION', 'Bounce analyzer output over its limit', { cause: e, userMessage: 'This message lists too many recipients to analyze.' });
  if (/Can't locate \S+ in @INC|Can't open perl script/.test(e.stderr)) {
    return new AppError('MAIL_CONFIG', `Bounce analyzer library missing: ${e.stderr.split('\n')[0]}`, { cause: e, userMessage: installHint('The bounce analyzer library is not installed') });
  }
  return new AppError('VALIDATION', `Bounce analyzer failed: ${e.message}`, { cause: e, userMessage: 'This message could not be analyzed as a bounce.' });
}
