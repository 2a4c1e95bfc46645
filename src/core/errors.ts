/**
 * Typed errors. Every error a person can see carries a stable `code` (for APIs, logs and tests)
 * and a `userMessage` that says what went wrong and what to do next. Internal detail stays in
 * `message`/`cause` and goes to the logs, never to a stranger.
 */
export type ErrorCode =
  | 'CONFIG_INVALID'
  | 'NOT_FOUND'
  | 'FORBIDDEN'
  | 'UNAUTHENTICATED'
  | 'VALIDATION'
  | 'CONTROL_CHARACTER'
  | 'CONFLICT'
  | 'STALE_VERSION'
  | 'ALREADY_SENT'
  | 'STORAGE_ESCAPE'
  | 'STORAGE_MODE'
  | 'STORAGE_IO'
  | 'DB_UNAVAILABLE'
  | 'CSV_INVALID'
  | 'UNKNOWN_TRADE'
  | 'IMPORT_INVALID'
  | 'CONTACTS_LIMIT'
  | 'PDF_EMPTY'
  | 'PDF_NOT_PDF'
  | 'PDF_ENCRYPTED'
  | 'PDF_CORRUPT'
  | 'PDF_TOO_LARGE'
  | 'PDF_TOO_MANY_PAGES'
  | 'PDF_TIMEOUT'
  | 'PDF_MEMORY'
  | 'PACKAGE_EMPTY'
  | 'ARCHIVE_REFUSED'
  | 'PLAN_LINK_REFUSED'
  | 'PLAN_LINK_FAILED'
  | 'OCR_UNAVAILABLE'
  | 'OCR_FAILED'
  | 'EXTRACTOR_FAILED'
  | 'MODEL_BAD_ANSWER'
  | 'JOB_STATE'
  | 'MAIL_SEND'
  | 'MAIL_CONFIG'
  | 'LINK_INVALID'
  | 'LINK_EXPIRED'
  | 'INTERNAL';

export interface AppErrorOptions {
  /** What to show a person: what happened and what to do. Defaults to the message. */
  userMessage?: string;
  cause?: unknown;
  details?: Record<string, unknown>;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly userMessage: string;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.userMessage = options.userMessage ?? message;
    this.details = options.details;
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;

/** Not found — also what another user's ids look like, so ids cannot be probed. */
export const notFound = (what: string, id: string): AppError =>
  new AppError('NOT_FOUND', `${what} ${id} not found`, { userMessage: `No ${what} with id ${id}.` });

/** The message for a person, whatever was thrown. */
export function userMessageOf(e: unknown): string {
  if (isAppError(e)) return e.userMessage;
  if (e instanceof Error) return `Unexpected error: ${e.message}`;
  return `Unexpected error: ${String(e)}`;
}
