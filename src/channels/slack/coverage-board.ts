import type { BidCoverage, CoverageInvitee, TradeCoverage } from '../../core/outreach/coverage.js';
import { describeReminderDays } from '../../core/outreach/coverage.js';
import { LIMITS, truncate, type Block, type SlackMessage } from './blocks.js';
import { esc, mrkdwn, truncateText } from './mrkdwn.js';

/** The "Invite these too" button's action id; its value names the job and the contacts shown. */
export const INVITE_MORE_ACTION = 'rb_invite_more';

const plain = (text: string, max: number) => ({ type: 'plain_text' as const, text: truncate(text || ' ', max), emoji: true });
const md = (text: string) => ({ type: 'mrkdwn' as const, text: truncate(text || ' ', LIMITS.sectionText) });

const STATE: Record<CoverageInvitee['state'], string> = {
  sending: ':outbox_tray: sending',
  bidding: ':large_green_circle: bidding',
  not_bidding: ':no_entry_sign: not bidding',
  no_answer: ':white_check_mark: sent, no answer yet',
  bounced: ':warning: bounced',
  failed: ':x: failed',
};

function inviteeLine(i: CoverageInvitee): string {
  const opened = i.downloads > 0 ? ' · :page_facing_up: opened the plans' : '';
  const note = i.note ? ` — “${esc(truncate(i.note, 140))}”` : '';
  const problem = i.problem && (i.state === 'bounced' || i.state === 'failed' || i.problem === 'unsubscribed') ? ` (${esc(truncate(i.problem, 120))})` : '';
  return `• ${esc(i.name)}${i.email ? ` <${esc(i.email)}>` : ''} — ${STATE[i.state]}${problem}${note}${opened}`;
}

function tradeBlock(t: TradeCoverage): Block {
  const counts = `${t.bidding} bidding · ${t.notBidding} not · ${t.noAnswer + t.sending} waiting · ${t.bouncedOrFailed} failed · ${t.opened} opened`;
  const flag = t.short > 0 ? `:warning: ${t.short} short of ${t.target}` : `:white_check_mark: ${t.possible} of ${t.target}`;
  let text = `*${esc(t.division)} ${esc(t.name)}* — ${counts} — ${flag}\n`;
  const lines = t.invitees.map(inviteeLine);
  let shown = 0;
  for (const l of lines) {
    if (text.length + l.length + 300 > LIMITS.sectionText) break;
    text += `${l}\n`;
    shown++;
  }
  if (shown < lines.length) text += `…and ${lines.length - shown} more\n`;
  if (t.invitees.length === 0) text += '_nobody invited for this trade_\n';
  if (t.suggestions.length) text += `_Next best:_ ${t.suggestions.map((s) => `${esc(s.name)}${s.distanceMiles !== null ? ` (${Math.round(s.distanceMiles)} mi)` : ''}`).join(', ')}`;
  return { type: 'section', text: md(text.trimEnd()) };
}

/**
 * The job's coverage board: after the red button, the map message becomes this, updated in place
 * (chat.update) whenever an answer, a bounce or a send changes it. One section per trade; the
 * "Invite these too" button carries the contacts it proposed, so a click confirms exactly those.
 */
export function renderCoverageBoard(c: BidCoverage, opts: { maxBlocks?: number } = {}): SlackMessage[] {
  const maxBlocks = Math.min(opts.maxBlocks ?? LIMITS.blocksPerMessage, LIMITS.blocksPerMessage);
  const reminders = c.reminders.filter((r) => r.recipients.length).map((r) => `${r.days} day${r.days === 1 ? '' : 's'} before: ${r.recipients.length} to go`);
  const head: Block[] = [
    { type: 'header', text: plain(`Bid coverage: ${c.jobName}`, LIMITS.headerText) },
    {
      type: 'context',
      // Same header block id shape as the map message: the message is still the job's map message.
      block_id: truncate(`h|${c.jobId}|board`, LIMITS.blockId),
      elements: [
        md(
          [
            `*${esc(c.life.words)}*`,
            `target ${c.target} per trade`,
            `${c.totals.bidding} bidding, ${c.totals.notBidding} not, ${c.totals.noAnswer + c.totals.sending} waiting`,
            `reminders ${esc(describeReminderDays(c.reminderDays))}${reminders.length ? ` (${reminders.join('; ')})` : ''}`,
          ].join(' · '),
        ),
      ],
    },
  ];
  const proposed = [...new Set(c.underTarget.flatMap((t) => t.suggestions.map((s) => s.contactId)))];
  const value = [c.jobId, ...proposed].join('|');
  const footer: Block[] =
    proposed.length && value.length <= LIMITS.buttonValue && c.life.phase !== 'closed'
      ? [
          {
            type: 'actions',
            block_id: 'rb_coverage_actions',
            elements: [
              {
                type: 'button',
                action_id: INVITE_MORE_ACTION,
                style: 'primary',
                text: plain(`Invite these too (${proposed.length})`, LIMITS.buttonText),
                value,
                confirm: {
                  title: plain('Invite more subs?', LIMITS.confirmTitle),
                  text: plain(`Send ${proposed.length} more invitation${proposed.length === 1 ? '' : 's'} for the trades under target? Subs already invited get nothing again.`, LIMITS.confirmText),
                  confirm: plain('Invite', LIMITS.confirmButton),
                  deny: plain('Cancel', LIMITS.confirmButton),
                },
              },
            ],
          },
        ]
      : [];
  const pages: Block[][] = [[...head]];
  for (const t of c.trades) {
    if (pages[pages.length - 1]!.length + 1 > maxBlocks) pages.push([]);
    pages[pages.length - 1]!.push(tradeBlock(t));
  }
  if (pages[pages.length - 1]!.length + footer.length > maxBlocks) pages.push([]);
  pages[pages.length - 1]!.push(...footer);
  return pages.map((blocks, i) => ({
    text: truncateText(mrkdwn`Bid coverage for ${c.jobName}: ${c.life.words}${pages.length > 1 ? ` — part ${i + 1}/${pages.length}` : ''}`, 3000),
    blocks,
  }));
}

/** Parse the button's value: the job and the contacts it proposed. */
export function parseInviteMoreValue(value: string): { jobId: string; contactIds: string[] } | undefined {
  const [jobId, ...ids] = value.split('|');
  if (!jobId || ids.some((id) => !/^[\w-]{1,100}$/.test(id))) return undefined;
  return { jobId, contactIds: ids };
}
