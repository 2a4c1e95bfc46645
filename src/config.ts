import { existsSync } from 'node:fs';
import { isIP } from 'node:net';
import { resolve, join } from 'node:path';
import { config as loadDotenv } from 'dotenv';
import { z } from 'zod';
import { AppError } from './core/errors.js';
import { missingOAuthSettings } from './core/mailauth/oauth-token.js';

/**
 * The one place that reads the environment. Validated with zod; a bad value stops the process with
 * a message naming the variable. Every later issue adds its variables here (see .env.example).
 */
const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const optionalString = z.string().trim().min(1).optional();
const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);
/** One TRUST_PROXY entry: a named range, an address, or address/prefix. */
function isProxySpec(part: string): boolean {
  const [addr = '', prefix, extra] = part.trim().split('/');
  if (extra !== undefined) return false;
  if (prefix === undefined && PROXY_NAMES.has(addr)) return true;
  const kind = isIP(addr);
  if (!kind) return false;
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (kind === 4 ? 32 : 128));
}
const int = (def: number) => z.coerce.number().int().nonnegative().default(def);

export const configSchema = z.object({
  REDBUTTON_DATA_DIR: z.string().default('./data'),
  /** A SQLite file (default: in the data dir) or `postgres://user:password@host:port/database`. */
  DATABASE_URL: optionalString,
  /** Connections each process keeps open to Postgres. */
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  /**
   * Jobs one process reads at once from its own sweep (a job is mostly one core: pdf.js or poppler
   * plus OCR children). Jobs a channel hands over directly are not held back.
   */
  PIPELINE_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  /**
   * Whether `serve` runs the jobs its channels receive. false: it only queues them (and, on
   * Postgres, NOTIFYs the workers); `redbutton worker` processes run them.
   */
  PIPELINE_IN_SERVE: bool.default(true),
  /** How often an idle sweep looks for jobs when nothing woke it (the fallback to LISTEN/NOTIFY on Postgres). */
  PIPELINE_POLL_SECONDS: z.coerce.number().min(0.05).max(3600).default(5),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  PUBLIC_URL: z.string().url().optional(),
  /**
   * Which proxies' X-Forwarded-For to believe for the client address: `true`/`false`, or
   * addresses/CIDRs/`loopback`/`linklocal`/`uniquelocal`, comma-separated. (No hop counts: Fastify
   * cannot check the immediate peer with one, so it ignores the header.)
   */
  TRUST_PROXY: z
    .string()
    .trim()
    .default('loopback')
    .refine((v) => v === 'true' || v === 'false' || v.split(',').every(isProxySpec), 'TRUST_PROXY must be true, false, or comma-separated proxy addresses/CIDRs (e.g. loopback or 10.0.0.0/8)')
    .transform((v): boolean | string => (v === 'true' ? true : v === 'false' ? false : v)),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Secret for signed links and reply keys. Generated into the data dir when not set. */
  REDBUTTON_SECRET: z.string().min(32, 'REDBUTTON_SECRET must be at least 32 characters').optional(),

  // Storage: S3 (or an S3-compatible server) when S3_BUCKET is set, else files in the data dir.
  // Credentials come from the AWS SDK's usual chain (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, AWS_PROFILE, roles).
  S3_BUCKET: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'S3_BUCKET must be a bucket name (3–63 lowercase letters, digits, dots, hyphens)')
    .optional(),
  S3_ENDPOINT: z.string().url('S3_ENDPOINT must be a URL such as https://s3.example.com').optional(),
  S3_REGION: z.string().trim().min(1).default('us-east-1'),
  S3_FORCE_PATH_STYLE: bool.default(false),
  /** Keys live under this prefix in the bucket (several deployments can share one). */
  S3_PREFIX: z
    .string()
    .trim()
    .regex(/^[\w.@+-]+(?:\/[\w.@+-]+)*$/, 'S3_PREFIX must be path segments of letters, digits and . _ @ + - separated by /')
    .refine((p) => !p.split('/').some((seg) => seg === '.' || seg === '..'), 'S3_PREFIX must not contain . or .. segments')
    .optional(),
  /** The local read-through cache of S3 files (PDF readers need a file path). */
  S3_CACHE_MAX_MB: z.coerce.number().int().min(16).default(2048),

  // Reading PDFs (limits for untrusted input)
  PDF_MAX_BYTES: int(200 * 1024 * 1024),
  PDF_MAX_PAGES: int(2000),
  PDF_PAGE_TIMEOUT_MS: int(20_000),
  PDF_MAX_PIXELS: int(2048 * 2048),
  PDF_WORKER_MEMORY_MB: int(1024),
  PDF_WORKERS: z.coerce.number().int().min(1).max(16).optional(),
  /**
   * Hosts a plan link (a file share in an e-mail or Slack message) may be fetched from although they
   * resolve to a private, loopback or link-local address: comma-separated host names or IPs, for
   * tests and intranet file servers. Every other host must resolve to public addresses only.
   */
  PLAN_LINK_ALLOWED_HOSTS: z
    .string()
    .default('')
    .transform((v) => v.split(',').map((h) => h.trim().toLowerCase().replace(/^\[|\]$/g, '')).filter(Boolean))
    .refine((hosts) => hosts.every((h) => /^[a-z0-9.:-]+$/.test(h)), 'PLAN_LINK_ALLOWED_HOSTS must be comma-separated host names or IP addresses (e.g. files.intranet.example,10.0.0.5)'),
  /** Resident memory of all PDF worker processes together (MB); the biggest is killed when they go over. */
  PDF_MEMORY_MB: z.coerce.number().int().min(64).default(768),
  /** PDF engine for the text pass and page images: poppler's pdftotext/pdftoppm when installed (auto), always pdf.js, or always poppler. */
  PDF_ENGINE: z.enum(['auto', 'pdfjs', 'poppler']).default('auto'),
  /** OCR of scanned / outlined-text pages with Debian's tesseract: auto (pages without usable text) or off. */
  REDBUTTON_OCR: z.enum(['auto', 'off']).default('auto'),

  // Trade detection
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: z.string().url().optional(),
  REDBUTTON_VISION_MODEL: z.string().default('gpt-4.1-mini'),
  REDBUTTON_VISION_MAX_PAGES: int(12),

  // Contacts map
  MAP_RADIUS_MILES: int(150),
  MAP_MAX_PER_TRADE: int(6),
  /** Contacts one user may hold; an import that would go over is refused before writing. */
  CONTACTS_MAX_PER_USER: z.coerce.number().int().min(1).default(100_000),
  /** Candidates kept per trade in a stored map (best ranked first); the rest are counted. */
  MAP_LIST_PER_TRADE: z.coerce.number().int().min(1).max(1000).default(50),
  /** Versions one job's contacts map may have (each edit makes one). */
  MAP_MAX_VERSIONS: z.coerce.number().int().min(2).max(100_000).default(500),

  // Outreach
  SMTP_URL: optionalString,
  REDBUTTON_MAIL_FROM: optionalString,
  /** CLI: the user a command acts for when --user is not given. */
  REDBUTTON_USER: optionalString,
  SMTP_RATE_PER_SECOND: int(0),
  /** How often an idle outreach sender looks for due invitations when nothing woke it (the fallback to LISTEN/NOTIFY on Postgres). */
  OUTREACH_POLL_SECONDS: z.coerce.number().min(0.05).max(3600).default(5),
  PLANS_ATTACH_MAX_BYTES: int(5 * 1024 * 1024),
  DOWNLOAD_LINK_DAYS: int(30),
  /** Lifetime of the owner's review-page link (it also ends on approval or `redbutton review-link revoke`). */
  REVIEW_LINK_DAYS: z.coerce.number().int().min(1).max(90).default(7),

  // E-mail channel
  IMAP_HOST: optionalString,
  IMAP_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  IMAP_USER: optionalString,
  IMAP_PASSWORD: optionalString,
  IMAP_TLS: bool.default(true),
  IMAP_MAILBOX: z.string().default('INBOX'),
  IMAP_DONE_MAILBOX: optionalString,
  /** Where the mail server keeps sent mail (default: the folder marked \\Sent), to reconcile sends. */
  IMAP_SENT_MAILBOX: optionalString,
  IMAP_POLL_CRON: z.string().default('*/1 * * * *'),
  /** The outreach scheduler (reminders, batched answer notices): a node-cron expression. */
  OUTREACH_TICK_CRON: z.string().default('* * * * *'),
  REDBUTTON_INBOUND_ADDRESS: optionalString,
  EMAIL_TRUSTED_AUTHSERV_ID: optionalString,
  /** Automatic replies to senders who are not users, all addresses together, per hour (0 = none). */
  EMAIL_NON_USER_REPLIES_PER_HOUR: int(20),

  // OAuth 2.0 (XOAUTH2) for IMAP and SMTP instead of passwords: Microsoft 365 or Gmail
  MAIL_OAUTH_PROVIDER: z.enum(['microsoft', 'google']).optional(),
  MAIL_OAUTH_TENANT_ID: optionalString,
  MAIL_OAUTH_CLIENT_ID: optionalString,
  MAIL_OAUTH_CLIENT_SECRET: optionalString,
  MAIL_OAUTH_REFRESH_TOKEN: optionalString,
  /** The token endpoint; defaults to the provider's (Entra ID for the tenant, or Google). */
  MAIL_OAUTH_TOKEN_URL: z
    .string()
    .url()
    // the client secret travels in this request: cleartext only to this machine (a local test endpoint)
    .refine((u) => /^https:\/\//i.test(u) || /^http:\/\/(?:127\.\d+\.\d+\.\d+|localhost|\[::1\])(?:[:/]|$)/i.test(u), 'must be an https:// URL (http:// only on this machine)')
    .optional(),
  MAIL_OAUTH_SCOPE: optionalString,

  // Slack channel
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_BOT_TOKEN: optionalString,
  SLACK_APP_TOKEN: optionalString,
  SLACK_API_URL: z.string().url().optional(),
});

export type Config = z.infer<typeof configSchema> & {
  /** Absolute data directory. */
  dataDir: string;
  /** Absolute path of the SQLite file (used when `postgresUrl` is not set). */
  databasePath: string;
  /** DATABASE_URL when it names a Postgres database; SQLite is used when unset. */
  postgresUrl: string | undefined;
};

/** Parse an environment (defaults to process.env, after loading an optional .env file). */
export function loadConfig(env: NodeJS.ProcessEnv = readEnv()): Config {
  // `NAME=` (empty) means unset, as it does in most tools' .env handling.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  // Parsed once per process: zod's compiled fast path (new Function) would cost more than it saves (~60 ms of CLI start).
  const parsed = configSchema.safeParse(present, { jitless: true });
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`);
    throw new AppError('CONFIG_INVALID', `Invalid configuration: ${lines.join('; ')}`, {
      userMessage: `Configuration error — ${lines.join('; ')}. Fix the variable in your environment or .env file (see .env.example).`,
    });
  }
  const c = parsed.data;
  const oauthMissing = missingOAuthSettings(c);
  if (oauthMissing.length) {
    throw new AppError('CONFIG_INVALID', `Invalid configuration: MAIL_OAUTH_PROVIDER=${c.MAIL_OAUTH_PROVIDER} needs ${oauthMissing.join(', ')}`, {
      userMessage: `Configuration error — MAIL_OAUTH_PROVIDER=${c.MAIL_OAUTH_PROVIDER} also needs ${oauthMissing.join(', ')} (see docs/email.md).`,
    });
  }
  const dataDir = resolve(c.REDBUTTON_DATA_DIR);
  const postgresUrl = postgresUrlFrom(c.DATABASE_URL);
  if (postgresUrl && !c.REDBUTTON_SECRET) throw secretRequiredForPostgres();
  return { ...c, dataDir, postgresUrl, databasePath: databasePathFrom(postgresUrl ? undefined : c.DATABASE_URL, dataDir) };
}

/**
 * On Postgres several processes serve the same users: a link or reply key signed by one must check
 * in another, so the secret cannot be generated into one process's data dir.
 */
function secretRequiredForPostgres(): AppError {
  const why = 'REDBUTTON_SECRET is required when DATABASE_URL is a Postgres database';
  return new AppError('CONFIG_INVALID', `Invalid configuration: ${why}`, {
    userMessage: `Configuration error — ${why}: every process must sign links and reply keys with the same secret. Set REDBUTTON_SECRET to the same 32+ random characters in every process (e.g. openssl rand -base64 48; see docs/deploy.md).`,
  });
}

/** `postgres://` or `postgresql://` with a host and a database name; anything else is not Postgres. */
function postgresUrlFrom(url: string | undefined): string | undefined {
  if (!url || !/^postgres(?:ql)?:\/\//i.test(url)) return undefined;
  const bad = (why: string) =>
    new AppError('CONFIG_INVALID', `Invalid configuration: DATABASE_URL: ${why}`, {
      userMessage: `Configuration error — DATABASE_URL: ${why}. Expected postgres://user:password@host:5432/database (see docs/deploy.md).`,
    });
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw bad('not a valid URL (percent-encode special characters in the password)');
  }
  if (!parsed.hostname) throw bad('no host');
  if (parsed.pathname.replace(/^\//, '') === '') throw bad('no database name after the host');
  return url;
}

/** DATABASE_URL may be `file:/path/db.sqlite`, `sqlite:///path`, or a bare path. */
function databasePathFrom(url: string | undefined, dataDir: string): string {
  if (!url) return join(dataDir, 'redbutton.sqlite');
  const m = /^(?:sqlite:\/\/|file:)(.*)$/.exec(url);
  const path = m ? m[1]! : url;
  if (/^[a-z]+:\/\//i.test(path)) {
    // the scheme only: the rest of a URL may hold a password
    throw new AppError('CONFIG_INVALID', `Unsupported DATABASE_URL scheme ${path.split(':')[0]}:`, {
      userMessage: 'DATABASE_URL must be a SQLite file (file:/path/redbutton.sqlite) or a Postgres URL (postgres://user:password@host:5432/database).',
    });
  }
  return resolve(path);
}

function readEnv(): NodeJS.ProcessEnv {
  // An optional .env in the working directory; real environment variables win.
  if (existsSync('.env')) loadDotenv({ path: '.env', quiet: true });
  return process.env;
}
