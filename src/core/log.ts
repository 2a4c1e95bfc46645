import pino from 'pino';

/**
 * Structured logs: one JSON line per event, on stderr. Use `logger.child({ jobId })` so every line about a job
 * carries its id. Level from LOG_LEVEL (read directly so logging works before config validation).
 */
export const logger = pino({
  level: process.env.LOG_LEVEL ?? (process.env.VITEST ? 'silent' : 'info'),
  base: { service: 'redbutton' },
  // OAuth: access/refresh tokens and client secrets never reach a log line, even inside an error's details.
  redact: { paths: ['password', '*.password', 'token', '*.token', 'authorization', '*.authorization', 'accessToken', '*.accessToken', '*.*.accessToken', 'access_token', '*.access_token', 'refresh_token', '*.refresh_token', 'client_secret', '*.client_secret'], remove: true },
}, pino.destination({ fd: 2, sync: true }));
// Logs go to stderr so the CLI's stdout stays clean data (tables, --json) that can be piped.

export type Logger = pino.Logger;

export const jobLogger = (jobId: string): Logger => logger.child({ jobId });
