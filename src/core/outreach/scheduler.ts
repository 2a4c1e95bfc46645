import cron, { type ScheduledTask } from 'node-cron';
import { AppError } from '../errors.js';
import { logger as rootLogger, type Logger } from '../log.js';
import { queueDueReminders, type ReminderDeps } from './reminders.js';
import { flushAnswerNotices, type AnswerNoticeDeps } from './answer-notices.js';

export interface SchedulerOptions {
  /** node-cron expression (OUTREACH_TICK_CRON); default every minute. */
  cron?: string;
  /** New rows were queued: wake the senders. */
  onQueued?: () => void | Promise<void>;
  clock?: () => Date;
}

/**
 * The outreach clock, started by `redbutton serve`: every tick queues the reminders that have come
 * due and sends the answer notices whose 15-minute window has passed. A tick is idempotent (rows
 * are unique per invitation and occasion; notice slots are claimed in the database), so two
 * services, a restart or an overlapping tick never double anything, and it is cheap: two indexed
 * queries when nothing is due.
 */
export class OutreachScheduler {
  private task: ScheduledTask | undefined;
  private readonly log: Logger;
  private readonly clock: () => Date;

  constructor(
    private readonly deps: ReminderDeps & AnswerNoticeDeps,
    private readonly options: SchedulerOptions = {},
  ) {
    this.log = (deps.logger ?? rootLogger).child({ component: 'outreach-scheduler' });
    this.clock = options.clock ?? (() => new Date());
    const expr = options.cron ?? '* * * * *';
    if (!cron.validate(expr)) {
      throw new AppError('CONFIG_INVALID', `OUTREACH_TICK_CRON ${expr} is not a cron expression`, {
        userMessage: `OUTREACH_TICK_CRON="${expr}" is not a valid cron expression; e.g. "* * * * *" looks every minute.`,
      });
    }
  }

  async tick(): Promise<{ reminders: number; notices: number }> {
    const now = this.clock();
    const { queued } = await queueDueReminders(this.deps, now);
    if (queued > 0) await this.options.onQueued?.();
    const notices = await flushAnswerNotices(this.deps, { now });
    if (queued || notices) this.log.info({ reminders: queued, notices }, 'outreach tick');
    return { reminders: queued, notices };
  }

  start(): void {
    this.task ??= cron.schedule(
      this.options.cron ?? '* * * * *',
      async () => {
        try {
          await this.tick();
        } catch (e) {
          this.log.error({ err: e }, 'outreach tick failed; the next one tries again');
        }
      },
      { noOverlap: true, name: 'redbutton-outreach-tick' },
    );
  }

  async stop(): Promise<void> {
    await this.task?.stop();
    this.task = undefined;
  }
}
