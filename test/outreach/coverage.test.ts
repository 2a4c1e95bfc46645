import { describe, expect, it } from 'vitest';
import type { EmailLogRow } from '../../src/db/schema/index.js';
import {
  approveJob,
  bidCoverage,
  createOutreach,
  flushAnswerNotices,
  formatCoverage,
  inviteMore,
  jobLife,
  OutreachSender,
  outreachReport,
  queueDueReminders,
  reminderDueNow,
  reminderTimes,
  signRespondToken,
  verifyPlansToken,
  parseReminderSetting,
  findInvitation,
  recordEmailAnswer,
  verpAddress,
  invitationReplyAddress,
  invitationToken,
} from '../../src/core/outreach/index.js';
import type { JobNotice } from '../../src/core/pipeline/events.js';
import type { JobRow } from '../../src/db/schema/index.js';
import { emailLogRows, readyJob, type AnyWorld } from './world.js';
import { appBackends } from '../helpers/app.js';
import { useSmtpWorld } from './smtp-world.js';
import type { TestSmtpServer } from './smtp-server.js';

const PUBLIC_URL = 'https://rb.gc-builders.test';
const DAY = 86_400_000;

describe.each(appBackends())('bid coverage, reminders and answer notices over a real SMTP server on $backend', ({ backend, skip }) => {
  let smtp: TestSmtpServer;
  let w: AnyWorld;
  let userId: string;
  const senders: OutreachSender[] = [];
  // One selected contact per trade, so each trade starts under the default target of 3.
  useSmtpWorld(
    (s) => ({ SMTP_URL: s.url, REDBUTTON_MAIL_FROM: 'GC Builders Bids <bids@gc-builders.test>', PUBLIC_URL, MAP_MAX_PER_TRADE: '1' }),
    (s) => ({ smtp, w, userId } = s),
    senders,
    { backend, skip },
  );
  const sender = (at?: Date) => {
    const s = new OutreachSender(w, at ? { clock: () => at } : {});
    senders.push(s);
    return s;
  };
  const rows = (jobId: string, kind: 'invitation' | 'reminder') => emailLogRows(w, { jobId, kind });

  /** A job sent to one contact per trade, bids due `dueInMs` from now (UTC). */
  async function sentJob(divisions: string[], dueInMs = 5 * DAY) {
    const { jobId, map } = await readyJob(w, userId, divisions);
    const due = new Date(Date.now() + dueInMs);
    await w.repos.jobDetails.upsert(jobId, { dueDate: due.toISOString().slice(0, 10), dueTime: due.toISOString().slice(11, 16), timeZone: 'UTC' });
    await approveJob(w, userId, jobId, { version: map.version });
    await sender().drainOnce();
    return { jobId, due };
  }

  it.skipIf(skip)('counts invited, opened, answers and failures per trade; a trade under target proposes the next best contacts', async () => {
    const { jobId } = await sentJob(['22', '26']);
    const before = await bidCoverage(w, userId, jobId);
    expect(before.life.words).toBe('sent 2/2 · bids due in 5 days');
    expect(before.trades.map((t) => [t.division, t.invited, t.noAnswer])).toEqual([
      ['22', 1, 1],
      ['26', 1, 1],
    ]);
    // Both trades are under the target of 3, each with the next contacts of the map's ranking.
    const elec = before.trades.find((t) => t.division === '26')!;
    expect(elec.short).toBe(2);
    // Never someone already invited to this job (for any trade): one invitation per contact.
    const invitedAnywhere = before.trades.flatMap((t) => t.invitees.map((i) => i.contactId));
    expect(elec.suggestions.length).toBeGreaterThan(0);
    expect(elec.suggestions.filter((s) => invitedAnywhere.includes(s.contactId))).toEqual([]);

    // The sub downloads the plans (the link names the invitation) and answers with a note.
    const inv = (await rows(jobId, 'invitation')).find((r) => JSON.parse(r.trades!).includes('26'))!;
    const mail = smtp.to(inv.toEmail!)[0]!;
    const plansToken = /\/plans\/([A-Za-z0-9_.-]+)/.exec(mail.parsed.text!)![1]!;
    expect(verifyPlansToken(w.secret, plansToken).emailId).toBe(inv.emailId);
    await w.repos.coverage.recordDownload(jobId, inv.emailId);
    await createOutreach(w).answer(signRespondToken(w.secret, { jobId, emailId: inv.emailId }), 'bid', 'Numbers by Thursday');
    const after = await bidCoverage(w, userId, jobId);
    const e2 = after.trades.find((t) => t.division === '26')!;
    expect([e2.opened, e2.bidding, e2.noAnswer]).toEqual([1, 1, 0]);
    expect(after.answers).toEqual([expect.objectContaining({ state: 'bidding', note: 'Numbers by Thursday' })]);
    const text = formatCoverage(after);
    expect(text).toMatch(/26 Electrical\s+1\s+1\s+1\s+0\s+0\s+0\s+2 short/);
    expect(text).toContain('"Numbers by Thursday"');

    // Another user never sees it.
    const rival = await w.repos.users.create('rival@other-gc.test', 'password123');
    await expect(bidCoverage(w, rival.userId, jobId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it.skipIf(skip)('"invite these too" sends only to the new contacts, once, and a second request sends nothing', async () => {
    const { jobId } = await sentJob(['26']);
    const first = (await rows(jobId, 'invitation'))[0]!;
    const proposed = (await bidCoverage(w, userId, jobId)).trades[0]!.suggestions;
    expect(proposed.length).toBeGreaterThan(0);
    const res = await inviteMore(w, userId, jobId, { contactIds: proposed.map((p) => p.contactId), via: 'test' });
    expect(res.queued.map((q) => q.contactId).sort()).toEqual(proposed.map((p) => p.contactId).sort());
    smtp.received.length = 0;
    await sender().drainOnce();
    // Exactly the new ones got mail; the sub invited first got nothing more.
    expect(smtp.received.map((m) => m.rcptTo[0]).sort()).toEqual(proposed.map((p) => p.email).sort());
    expect(smtp.to(first.toEmail!)).toHaveLength(0);
    // The same confirmation again (a double click, another channel): nothing queued, nothing sent.
    const again = await inviteMore(w, userId, jobId, { contactIds: proposed.map((p) => p.contactId) });
    expect(again.queued).toHaveLength(0);
    expect(again.alreadyInvited.sort()).toEqual(proposed.map((p) => p.contactId).sort());
    await sender().drainOnce();
    expect(smtp.received).toHaveLength(proposed.length);
    expect((await w.repos.jobs.getInternal(jobId))?.status).toBe('EMAILED');
  });

  it.skipIf(skip)('a contact not proposed is refused with a message, and nothing is queued', async () => {
    const { jobId } = await sentJob(['26']);
    await expect(inviteMore(w, userId, jobId, { contactIds: ['no-such-contact'] })).rejects.toMatchObject({ code: 'STALE_VERSION' });
    expect(await rows(jobId, 'invitation')).toHaveLength(1);
  });

  it.skipIf(skip)('a reminder goes once per invitation and occasion, never to a sub who declined, threaded under the invitation with its links', async () => {
    const { jobId } = await sentJob(['22', '26']);
    const invs = await rows(jobId, 'invitation');
    const [declined, open] = invs as [(typeof invs)[0], (typeof invs)[0]];
    await createOutreach(w).answer(signRespondToken(w.secret, { jobId, emailId: declined.emailId }), 'nobid', null);
    // Who will be reminded when, before anything is due.
    const plan = await bidCoverage(w, userId, jobId);
    expect(plan.reminders.map((r) => [r.occasion, r.recipients])).toEqual([
      ['3d', [open ? plan.trades.flatMap((t) => t.invitees).find((i) => i.emailId === open.emailId)!.name : '']],
      ['1d', [plan.trades.flatMap((t) => t.invitees).find((i) => i.emailId === open.emailId)!.name]],
    ]);
    smtp.received.length = 0;
    const t3 = new Date(Date.now() + 2.1 * DAY); // past the "3 days before" point
    expect((await queueDueReminders(w, t3)).queued).toBe(1);
    expect((await queueDueReminders(w, t3)).queued).toBe(0); // a second tick: nothing new
    await sender(t3).drainOnce();
    await sender(t3).drainOnce();
    expect(smtp.received).toHaveLength(1);
    const reminder = smtp.received[0]!;
    expect(reminder.rcptTo).toEqual([open.toEmail]);
    expect(reminder.parsed.subject).toMatch(/^Reminder: .* bids due/);
    expect(reminder.parsed.text).toMatch(/are due in 3 days/);
    expect(reminder.parsed.inReplyTo).toBe(open.messageId);
    // Its links name the invitation, so a download or an answer from it lands there.
    expect(verifyPlansToken(w.secret, /\/plans\/([A-Za-z0-9_.-]+)/.exec(reminder.parsed.text!)![1]!).emailId).toBe(open.emailId);
    // The same one-click unsubscribe as the invitation.
    expect(reminder.parsed.headerLines.find((h) => h.key === 'list-unsubscribe')?.line).toMatch(/<https:\/\/rb\.gc-builders\.test\/unsubscribe\/[^>]+>/);
    expect(reminder.parsed.headerLines.find((h) => h.key === 'list-unsubscribe-post')?.line).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    const logged = await rows(jobId, 'reminder');
    expect(logged).toEqual([expect.objectContaining({ status: 'SENT', occasion: '3d', parentEmailId: open.emailId, contactId: open.contactId })]);
    // A bounce naming the reminder (its VERP address) and a reply to the reminder land on the invitation.
    const bounced = await findInvitation(w, `Final-Recipient: rfc822; ${open.toEmail}\nX-Original-To: ${verpAddress(w.secret, logged[0]!.emailId, 'gc-builders.test')}\n`);
    expect(bounced?.row.emailId).toBe(open.emailId);
    const reply = await recordEmailAnswer(w, { from: open.toEmail!, subject: `Re: ${reminder.parsed.subject}`, text: 'We will bid.', recipients: [invitationReplyAddress('plans@gc-builders.test', invitationToken(w.secret, logged[0]!.emailId))], references: [] });
    expect(reply).toMatchObject({ emailId: open.emailId, answer: 'bid', recorded: true });
    // The day-before reminder follows later, also once; still nothing for the sub who declined.
    const t1 = new Date(Date.now() + 4.5 * DAY);
    await queueDueReminders(w, t1);
    await queueDueReminders(w, new Date(Date.now() + 4.6 * DAY));
    await sender(t1).drainOnce();
    expect(smtp.received.map((m) => m.rcptTo[0])).toEqual([open.toEmail, open.toEmail]);
    expect(smtp.to(declined.toEmail!)).toHaveLength(0);
    // The report and coverage still count invitations only.
    expect((await outreachReport(w, userId, jobId)).rows).toHaveLength(2);
    expect((await bidCoverage(w, userId, jobId)).totals.invited).toBe(2);
    // After the due time: closed, and no more reminders.
    expect((await queueDueReminders(w, new Date(Date.now() + 6 * DAY))).queued).toBe(0);
    expect((await bidCoverage(w, userId, jobId, new Date(Date.now() + 6 * DAY))).life.words).toBe('closed');
  });

  it.skipIf(skip)('a sub who declines after the reminder was queued does not get it; "off" sends none', async () => {
    const { jobId } = await sentJob(['26']);
    const inv = (await rows(jobId, 'invitation'))[0]!;
    smtp.received.length = 0;
    await queueDueReminders(w, new Date(Date.now() + 4.5 * DAY));
    await createOutreach(w).answer(signRespondToken(w.secret, { jobId, emailId: inv.emailId }), 'nobid', 'Too busy');
    await sender().drainOnce();
    expect(smtp.received).toHaveLength(0);
    expect((await rows(jobId, 'reminder'))[0]).toMatchObject({ status: 'FAILED', lastError: expect.stringMatching(/declined/) });

    const second = await sentJob(['22']);
    await w.details.edit(userId, second.jobId, { reminders: 'off' }, 'test');
    expect((await w.details.get(userId, second.jobId)).reminderDays).toEqual([]);
    expect((await queueDueReminders(w, new Date(Date.now() + 4.5 * DAY))).queued).toBe(0);
  });

  it.skipIf(skip)('answers are told to the estimator batched: at most one message per 15 minutes per job, none lost', async () => {
    const { jobId } = await sentJob(['22', '26']);
    const told: JobNotice[] = [];
    const events = { notify: async (_job: JobRow, n: JobNotice) => (told.push(n), 1), listens: () => true };
    const deps = { repos: w.repos, events };
    const [a, b] = (await rows(jobId, 'invitation')) as [EmailLogRow, EmailLogRow];
    const answer = (emailId: string, ans: 'bid' | 'nobid', note: string) => createOutreach(w).answer(signRespondToken(w.secret, { jobId, emailId }), ans, note);
    const t0 = new Date();
    await answer(a.emailId, 'bid', 'We are in');
    expect(await flushAnswerNotices(deps, { now: t0 })).toBe(1);
    expect(told[0]!.text).toMatch(/bidding — “We are in”/);
    await answer(b.emailId, 'nobid', 'No capacity');
    // Inside the window: held back, also from a second process's tick.
    expect(await flushAnswerNotices(deps, { now: new Date(t0.getTime() + 5 * 60_000) })).toBe(0);
    expect(await flushAnswerNotices(deps, { now: new Date(t0.getTime() + 14 * 60_000) })).toBe(0);
    expect(await flushAnswerNotices(deps, { now: new Date(t0.getTime() + 16 * 60_000) })).toBe(1);
    expect(told).toHaveLength(2);
    expect(told[1]!.text).toMatch(/not bidding — “No capacity”/);
    // Nothing twice.
    expect(await flushAnswerNotices(deps, { now: new Date(t0.getTime() + 60 * 60_000) })).toBe(0);
    // A channel that fails keeps the answer for the next tick.
    await answer(a.emailId, 'nobid', 'Changed our mind');
    const failing = { repos: w.repos, events: { notify: async () => Promise.reject(new Error('slack down')), listens: () => true } };
    expect(await flushAnswerNotices(failing, { now: new Date(t0.getTime() + 90 * 60_000) })).toBe(0);
    expect(await flushAnswerNotices(deps, { now: new Date(t0.getTime() + 91 * 60_000) })).toBe(1);
    expect(told[2]!.text).toMatch(/Changed our mind/);
  });
});

describe('reminder timing and job life (pure rules)', () => {
  const due = new Date('2027-03-10T20:00:00Z');
  const times = reminderTimes(due, [3, 1]);
  it('sends the latest reminder point passed, only for invitations out before it', () => {
    const sent = new Date('2027-03-01T12:00:00Z');
    expect(reminderDueNow(times, sent, due, new Date('2027-03-06T00:00:00Z'))).toBeUndefined();
    expect(reminderDueNow(times, sent, due, new Date('2027-03-07T21:00:00Z'))?.occasion).toBe('3d');
    // The service was down through both points: only the day-before one, not a stale "3 days".
    expect(reminderDueNow(times, sent, due, new Date('2027-03-09T21:00:00Z'))?.occasion).toBe('1d');
    // Invited two days before: no "3 days" reminder.
    expect(reminderDueNow(times, new Date('2027-03-08T12:00:00Z'), due, new Date('2027-03-08T13:00:00Z'))).toBeUndefined();
    expect(reminderDueNow(times, sent, due, new Date('2027-03-10T21:00:00Z'))).toBeUndefined();
  });
  it('reads reminder settings people write, and refuses nonsense with a message', () => {
    expect(parseReminderSetting('3,1')).toBe('[3,1]');
    expect(parseReminderSetting('1 and 5 days')).toBe('[5,1]');
    expect(parseReminderSetting('off')).toBe('[]');
    expect(parseReminderSetting('default')).toBeNull();
    expect(() => parseReminderSetting('tomorrow')).toThrow(expect.objectContaining({ code: 'VALIDATION', userMessage: expect.stringContaining('"3,1"') }));
  });
  it('says where a job is in words', () => {
    const now = new Date('2027-03-07T20:00:00Z');
    const life = (over: Partial<Parameters<typeof jobLife>[0]>) => jobLife({ status: 'EMAILED', approved: true, invitations: [], dueAt: due, now, ...over }).words;
    expect(life({ status: 'CONTACT_MAP_READY', approved: false })).toBe('map ready for review');
    expect(life({ status: 'CONTACT_MAP_READY', invitations: ['QUEUED', 'QUEUED'] })).toBe('approved · bids due in 3 days');
    expect(life({ status: 'CONTACT_MAP_READY', invitations: ['SENT', 'SENDING', 'QUEUED'] })).toBe('sending, sent 1/3 · bids due in 3 days');
    expect(life({ invitations: ['SENT', 'BOUNCED', 'FAILED'] })).toBe('sent 2/3 · bids due in 3 days');
    expect(life({ invitations: ['SENT'], now: new Date('2027-03-10T20:00:00Z') })).toBe('closed');
  });
});
