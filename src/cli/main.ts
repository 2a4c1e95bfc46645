import { Command, CommanderError } from 'commander';
import { isAppError } from '../core/errors.js';
import { logger } from '../core/log.js';
import { CliContext, UsageError } from './context.js';
import { registerAdminCommands } from './commands/admin.js';
import { registerContactsCommands } from './commands/contacts.js';
import { registerJobsCommands } from './commands/jobs.js';
import { registerProcessCommand } from './commands/process.js';
import { registerMapCommands } from './commands/map.js';
import { registerScanCommand } from './commands/scan.js';
import { registerOutreachCommands } from './commands/outreach.js';
import { registerTokenCommands } from './commands/token.js';
import { registerServeCommand } from './commands/serve.js';
import { registerMailCommands } from './commands/mail.js';

/**
 * `redbutton` — every command prints data on stdout (tables, or JSON with --json), logs on stderr,
 * and errors as one line with a non-zero exit code: 1 for a failure, 2 for a usage mistake.
 */
export function buildProgram(ctx: CliContext): Command {
  const program = new Command('redbutton')
    .description('Red Button: plan set in, trades and subcontractors mapped, bid invitations out.')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  registerAdminCommands(program, ctx);
  registerContactsCommands(program, ctx);
  registerJobsCommands(program, ctx);
  registerProcessCommand(program, ctx);
  registerMapCommands(program, ctx);
  registerScanCommand(program, ctx);
  // Channels and outreach register their commands below (one line each).
  registerOutreachCommands(program, ctx);
  registerTokenCommands(program, ctx);
  registerServeCommand(program, ctx);
  registerMailCommands(program, ctx);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  // A command's output is its data; routine log lines would only get in the way unless asked for.
  if (!process.env.LOG_LEVEL) logger.level = 'warn';
  const ctx = new CliContext();
  const program = buildProgram(ctx);
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    if (e instanceof UsageError) {
      process.stderr.write(`error: ${e.message}\n`);
      return 2;
    }
    if (isAppError(e)) {
      logger.debug({ err: e, code: e.code }, 'command failed');
      process.stderr.write(`error: ${e.userMessage}\n`);
      return 1;
    }
    logger.error({ err: e }, 'unexpected error');
    process.stderr.write(`error: unexpected failure: ${e instanceof Error ? e.message : String(e)} (details in the log above)\n`);
    return 1;
  } finally {
    ctx.close();
  }
}

process.exitCode = await main(process.argv);
