import type { App } from '../app.js';
import type { PublicUser } from '../core/records.js';

/**
 * What every command gets: the app, opened on first use (so `--help` touches no database) — on
 * SQLite or, for a postgres:// DATABASE_URL, on Postgres (`openApp`) — and small output helpers
 * that honour --json.
 */
export class CliContext {
  private app: Promise<App> | undefined;
  private build: (() => Promise<App>) | undefined;

  /**
   * Load the app's modules (database, pipeline, outreach …). Run before a command's action, not for
   * `--help` or `--version`, which then start without loading ~150 modules they never use.
   */
  async load(): Promise<void> {
    if (this.build) return;
    const [{ openApp }, { loadConfig }] = await Promise.all([import('../app.js'), import('../config.js')]);
    this.build = () => openApp(loadConfig());
  }

  /** The app, opened on the first call (later calls get the same one). */
  getApp(): Promise<App> {
    if (!this.build) return Promise.reject(new Error('CliContext.load() must run before a command uses the app'));
    this.app ??= this.build();
    return this.app;
  }

  /** The user a command acts for: --user, else REDBUTTON_USER from the environment. */
  async user(email: string | undefined): Promise<PublicUser> {
    const app = await this.getApp();
    const who = email ?? app.config.REDBUTTON_USER;
    if (!who) throw new UsageError('This command needs --user <email> (the Red Button user it acts for), or REDBUTTON_USER set in the environment.');
    return await app.repos.users.requireByEmail(who);
  }

  /** [userId, full job id] for `--user` and a job id as typed. */
  async userJob(email: string | undefined, idOrPrefix: string): Promise<[string, string]> {
    const user = await this.user(email);
    return [user.userId, await this.jobId(user.userId, idOrPrefix)];
  }

  /** A job id as typed (the whole id or a unique prefix of 4+ characters) → the full id. */
  async jobId(userId: string, idOrPrefix: string): Promise<string> {
    return (await (await this.getApp()).repos.jobs.resolveForUser(userId, idOrPrefix)).jobId;
  }

  print(text: string): void {
    process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  }

  json(value: unknown): void {
    process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  }

  /** Close the app if a command opened it (an app that failed to open has nothing to close). */
  async close(): Promise<void> {
    const opening = this.app;
    this.app = undefined;
    const app = await opening?.catch(() => undefined);
    await app?.close();
  }
}

/** A mistake in how the command was called: printed as one line, exit code 2. */
export class UsageError extends Error {}

export interface JsonOption {
  json?: boolean;
}
export interface UserOption {
  user?: string;
}
