import { createApp, type App } from '../app.js';
import { loadConfig } from '../config.js';
import type { PublicUser } from '../db/repositories/index.js';

/**
 * What every command gets: the app, built on first use (so `--help` touches no database), and
 * small output helpers that honour --json.
 */
export class CliContext {
  private app: App | undefined;

  getApp(): App {
    this.app ??= createApp(loadConfig());
    return this.app;
  }

  user(email: string | undefined): PublicUser {
    if (!email) throw new UsageError('This command needs --user <email> (the Red Button user it acts for).');
    return this.getApp().repos.users.requireByEmail(email);
  }

  print(text: string): void {
    process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  }

  json(value: unknown): void {
    process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  }

  close(): void {
    this.app?.close();
    this.app = undefined;
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
