import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { ZodError } from 'zod';
import { AppError, isAppError, type ErrorCode } from '../../core/errors.js';

/**
 * JSON errors with stable codes: every failure answers `{ error: { code, message } }` where
 * `code` is the AppError code (or one of the few HTTP-only codes below) and `message` is the
 * userMessage — never a stack or an internal detail.
 */
export type HttpErrorCode = ErrorCode | 'PRECONDITION_REQUIRED' | 'PAYLOAD_TOO_LARGE' | 'UNSUPPORTED_MEDIA_TYPE' | 'METHOD_NOT_ALLOWED' | 'CSRF' | 'RATE_LIMITED';

export interface ErrorBody {
  error: { code: HttpErrorCode; message: string; details?: Record<string, unknown> };
}

const STATUS: Partial<Record<HttpErrorCode, number>> = {
  CONFIG_INVALID: 500,
  NOT_FOUND: 404,
  FORBIDDEN: 403,
  CSRF: 403,
  UNAUTHENTICATED: 401,
  VALIDATION: 400,
  CONTROL_CHARACTER: 400,
  CSV_INVALID: 400,
  UNKNOWN_TRADE: 400,
  IMPORT_INVALID: 422,
  CONTACTS_LIMIT: 409,
  CONFLICT: 409,
  STALE_VERSION: 412,
  PRECONDITION_REQUIRED: 428,
  ALREADY_SENT: 409,
  JOB_STATE: 409,
  STORAGE_ESCAPE: 400,
  STORAGE_MODE: 500,
  STORAGE_IO: 500,
  PDF_EMPTY: 400,
  PDF_NOT_PDF: 415,
  UNSUPPORTED_MEDIA_TYPE: 415,
  PDF_ENCRYPTED: 422,
  PDF_CORRUPT: 422,
  PACKAGE_EMPTY: 422,
  ARCHIVE_REFUSED: 422,
  PLAN_LINK_REFUSED: 422,
  PLAN_LINK_FAILED: 502,
  PDF_TOO_LARGE: 413,
  PAYLOAD_TOO_LARGE: 413,
  PDF_TOO_MANY_PAGES: 413,
  PDF_TIMEOUT: 422,
  PDF_MEMORY: 422,
  EXTRACTOR_FAILED: 502,
  MODEL_BAD_ANSWER: 502,
  MAIL_SEND: 502,
  MAIL_CONFIG: 503,
  LINK_INVALID: 404,
  LINK_EXPIRED: 410,
  METHOD_NOT_ALLOWED: 405,
  RATE_LIMITED: 429,
  INTERNAL: 500,
};

export const statusForCode = (code: HttpErrorCode): number => STATUS[code] ?? 500;

/** An error only the HTTP layer raises (codes AppError does not have). */
export class HttpError extends Error {
  constructor(
    readonly code: HttpErrorCode,
    readonly userMessage: string,
    readonly status: number = statusForCode(code),
  ) {
    super(userMessage);
    this.name = 'HttpError';
  }
}

/** Turn anything thrown into (status, body). Unknown errors are 500 with a generic message. */
export function toErrorBody(err: unknown): { status: number; body: ErrorBody; expected: boolean } {
  if (isAppError(err)) {
    const details = err.code === 'STALE_VERSION' || err.code === 'CSV_INVALID' || err.code === 'IMPORT_INVALID' || err.code === 'CONTACTS_LIMIT' || err.code === 'CONFLICT' || err.code === 'PACKAGE_EMPTY' || err.code === 'PDF_NOT_PDF' || err.code === 'CONTROL_CHARACTER' ? err.details : undefined;
    return { status: statusForCode(err.code), body: { error: { code: err.code, message: err.userMessage, ...(details ? { details } : {}) } }, expected: true };
  }
  if (err instanceof HttpError) return { status: err.status, body: { error: { code: err.code, message: err.userMessage } }, expected: true };
  if (err instanceof ZodError) {
    return { status: 400, body: { error: { code: 'VALIDATION', message: describeIssues(err.issues) } }, expected: true };
  }
  const fe = err as FastifyError;
  if (hasZodFastifySchemaValidationErrors(fe)) {
    const where = fe.validationContext ?? 'request';
    const msg = fe.validation
      .map((v) => {
        const path = v.instancePath.replace(/^\//, '').replace(/\//g, '.');
        return `${where}${path ? `.${path}` : ''}: ${v.message ?? 'invalid'}`;
      })
      .join('; ');
    return { status: 400, body: { error: { code: 'VALIDATION', message: `Invalid request — ${msg}` } }, expected: true };
  }
  if (typeof fe?.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    // Fastify's own 4xx (bad JSON, body too large, unsupported media type, multipart limits).
    const code: HttpErrorCode =
      fe.statusCode === 413
        ? 'PAYLOAD_TOO_LARGE'
        : fe.statusCode === 415
          ? 'UNSUPPORTED_MEDIA_TYPE'
          : fe.statusCode === 404
            ? 'NOT_FOUND'
            : fe.statusCode === 405
              ? 'METHOD_NOT_ALLOWED'
              : 'VALIDATION';
    return { status: fe.statusCode, body: { error: { code, message: fe.message } }, expected: true };
  }
  return { status: 500, body: { error: { code: 'INTERNAL', message: 'Something went wrong on our side. The error was logged; try again, and if it keeps happening tell your administrator the request id.' } }, expected: false };
}

function describeIssues(issues: ZodError['issues']): string {
  return `Invalid request — ${issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ')}`;
}

export function sendError(err: unknown, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  const { status, body, expected } = toErrorBody(err);
  if (expected) req.log.info({ code: body.error.code, status }, 'request refused');
  else req.log.error({ err }, 'request failed');
  if (status === 401) void reply.header('www-authenticate', 'Bearer realm="redbutton"');
  return reply.code(status).type('application/json; charset=utf-8').send(body);
}

/** For routes that need to raise a 4xx that is not an AppError (used sparingly). */
export const appError = (code: ErrorCode, message: string) => new AppError(code, message);
