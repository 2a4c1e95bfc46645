import { describe, expect, it } from 'vitest';
import {
  approveJob,
  createOutreach,
  OutreachSender,
  outreachReport,
  formatOutreachReport,
  unsubscribe,
  verifyPlansToken,
  verifyRespondToken,
  type Outreach,
} from '../../src/core/outreach/index.js';
import type { App } from '../../src/app.js';

// The composition root's App is what channels hand to createOutreach (checked by the compiler).
export const outreachForApp: (app: App) => Outreach = (app) => createOutreach(app);

/** Bounded wait for a condition (no timing assertions: only a generous upper bound). */
async function until(cond: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
import { emailLogRows, estimator, openWorldOn, readyJob, type AnyWorld } from './world.js';
import { appBackends } from '../helpers/app.js';
import { useSmtpWorld } from './smtp-world.js';
import { startSmtpServer, type TestSmtpServer } from './smtp-server.js';

const PUBLIC_URL = 'https://redbutton.gc-builders.test';
const FROM = 'GC Builders Bids <bids@gc-builders.test>';

describe.each(appBackends())('outreach over a real SMTP server on $backend', ({ backend, skip }) => {
  let smtp: TestSmtpServer;
  let w: AnyWorld;
  let userId: string;
  const senders: OutreachSender[] = [];

  useSmtpWorld(
    (s) => ({ SMTP_URL: s.url, REDBUTTON_MAIL_FROM: FROM, PUBLIC_URL, DOWNLOAD_LINK_DAYS: '30' }),
    (s) => ({ smtp, w, userId } = s),
    senders,
    { backend, skip },
  );
  const sender = (opts: ConstructorParameters<typeof OutreachSender>[1] = {}) => {
    const s = new OutreachSender(w, opts);
    senders.push(s);
    return s;
  };

  it.skipIf(skip)('sends every selected contact exactly one invitation with the right headers, then the job is EMAILED', async () => {
    const { jobId, map } = await readyJob(w, userId, ['22', '26']);
    const year = new Date().getUTCFullYear() + 1;
    await w.details.edit(userId, jobId, { bid_due: `Dec 15 ${year} 2pm CT`, street_address: '2300 Elm Street', job_walk: `Dec 3 ${year} 10am`, rfi_deadline: `Dec 8 ${year} 5pm`, message: 'Alternates in the bid form, please.' }, 'test');
    const summary = await approveJob(w, userId, jobId, { version: map.version });
    expect(summary.queued).toBe(summary.invitations.length);
    const both = summary.invitations.find((i) => i.email === 'office@bothtrades.test');
    expect(both?.divisions).toEqual(['22', '26']); // one invitation for both trades

    const result = await sender().drainOnce();
    expect(result.sent).toBe(summary.queued);
    expect(result.jobsEmailed).toEqual([jobId]);
    expect((await w.repos.jobs.getInternal(jobId))?.status).toBe('EMAILED');

    const rows = await emailLogRows(w, { jobId });
    expect(smtp.received).toHaveLength(rows.length);
    for (const row of rows) {
      expect(row.status).toBe('SENT');
      expect(row.sentAt).toBeTruthy();
      const got = smtp.to(row.toEmail!);
      expect(got, `messages to ${row.toEmail}`).toHaveLength(1);
      const m = got[0]!;
      // provider id = the server's queue id from its 250 reply
      expect(row.providerId).toBe(m.queueId);
      const p = m.parsed;
      expect(p.from?.value[0]?.address).toBe('bids@gc-builders.test');
      // The inviting estimator and company by name, in the From and the subject.
      expect(p.from?.value[0]?.name).toBe('Pat Estimator at GC Builders');
      expect(p.subject).toMatch(new RegExp(`^GC Builders invites you to bid: Riverside Clinic \\(.+\\), due Dec 15, 2:00 PM CST$`));
      expect(p.replyTo?.value[0]?.address).toBe('estimator@gc-builders.test');
      const to = Array.isArray(p.to) ? p.to : [p.to!];
      expect(to.flatMap((a) => a.value.map((v) => v.address))).toEqual([row.toEmail]);
      expect(p.cc).toBeUndefined();
      expect(p.headers.has('bcc')).toBe(false);
      expect(m.rcptTo).toEqual([row.toEmail]); // one envelope recipient: no competitor list anywhere
      expect(p.messageId).toBe(row.messageId);
      expect(row.messageId).toMatch(/^<[0-9a-f-]{36}@gc-builders\.test>$/);
      // VERP envelope sender naming this row
      expect(m.mailFrom).toMatch(new RegExp(`^bounces\\+${row.emailId.replace(/-/g, '')}-[0-9a-f]{20}@gc-builders\\.test$`));
      // RFC 8058
      const luRaw = p.headerLines.find((h) => h.key === 'list-unsubscribe')!.line.replace(/\r?\n\s+/g, ' ');
      expect(luRaw).toMatch(/<mailto:bids@gc-builders\.test\?subject=unsubscribe%20[^>]+>, <https:\/\/redbutton\.gc-builders\.test\/unsubscribe\/[^>]+>/);
      expect(p.headerLines.find((h) => h.key === 'list-unsubscribe-post')?.line).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
      // text + html alternatives naming the project, trades, location, due date and links
      expect(p.text).toBeTruthy();
      expect(typeof p.html).toBe('string');
      const ct = p.headers.get('content-type') as { value: string };
      expect(ct.value).toBe('multipart/alternative');
      expect(p.subject).toContain('Riverside Clinic');
      for (const body of [p.text!, p.html as string]) {
        expect(body).toContain('Riverside Clinic');
        expect(body).toContain('2300 Elm Street, Anoka, MN 55303');
        expect(body).toMatch(new RegExp(`(BIDS DUE:|Bids due) \\w+day, December 15, ${year} at 2:00 PM CST`));
        expect(body).toContain(`December 3, ${year} at 10:00 AM CST`); // job walk
        expect(body).toContain(`December 8, ${year} at 5:00 PM CST`); // RFI deadline
        expect(body).toContain('Alternates in the bid form, please.');
        expect(body).toContain('Pat Estimator');
        expect(body).toContain('Senior Estimator');
        expect(body).toContain('612-555-0100');
        expect(body).toContain(`${PUBLIC_URL}/plans/`);
        expect(body).toContain(`${PUBLIC_URL}/respond/`);
      }
      const divisions = JSON.parse(row.trades!) as string[];
      for (const d of divisions) {
        const name = map.trades.find((t) => t.division === d)!.name;
        expect(p.subject).toContain(name);
        // The trade in scope words, pointing at its sheets (never at bare section numbers).
        const sheet = map.trades.find((t) => t.division === d)!.evidence[0]!.sheet!;
        expect(p.text).toContain(`Division ${d} – ${name}: see sheet ${sheet}`);
      }
      // the links are signed and work for this job
      const plansToken = /\/plans\/([A-Za-z0-9_.-]+)/.exec(p.text!)![1]!;
      expect(verifyPlansToken(w.secret, plansToken).jobId).toBe(jobId);
      const respondToken = /\/respond\/([A-Za-z0-9_.-]+)\?answer=bid/.exec(p.text!)![1]!;
      expect(verifyRespondToken(w.secret, respondToken)).toEqual({ jobId, emailId: row.emailId });
      expect(p.text).toContain('answer=nobid');
      expect(p.attachments).toHaveLength(0); // a link instead of the PDF when PUBLIC_URL is set
    }

    // Nothing is sent twice: another drain finds nothing.
    const again = await sender().drainOnce();
    expect(again.sent).toBe(0);
    expect(smtp.received).toHaveLength(rows.length);

    const report = await outreachReport(w, userId, jobId);
    expect(report.counts).toMatchObject({ sent: rows.length, queued: 0, failed: 0, bounced: 0, uncertain: 0 });
    expect(formatOutreachReport(report)).toContain(`Sent ${rows.length}`);
  });

  it.skipIf(skip)('the running sender picks up an approval at once and stops cleanly', async () => {
    const emailed: string[] = [];
    const out = createOutreach(w, { pollMs: 60_000, onJobEmailed: (id) => void emailed.push(id) });
    const loop = out.sender().run();
    const { jobId, map } = await readyJob(w, userId, ['26']);
    const s = await out.approve(userId, jobId, { version: map.version }); // pokes the idle sender
    await until(() => emailed.includes(jobId), 'the job to be EMAILED');
    expect(smtp.received).toHaveLength(s.queued);
    expect((await out.report(userId, jobId)).counts.sent).toBe(s.queued);
    await out.close();
    await loop;
  });

  it.skipIf(skip)('one-click unsubscribe from the header marks the contact; later approvals skip it and the map shows it', async () => {
    const { jobId, map } = await readyJob(w, userId, ['26']);
    await approveJob(w, userId, jobId, { version: map.version });
    await sender().drainOnce();
    const m = smtp.to('bids@acme-electric.test')[0]!;
    const luRaw = m.parsed.headerLines.find((h) => h.key === 'list-unsubscribe')!.line.replace(/\r?\n\s+/g, ' ');
    const token = /\/unsubscribe\/([A-Za-z0-9_.-]+)>/.exec(luRaw)![1]!;
    const res = await unsubscribe(w, token);
    expect(res).toMatchObject({ email: 'bids@acme-electric.test', alreadyUnsubscribed: false });
    expect((await unsubscribe(w, token)).alreadyUnsubscribed).toBe(true);
    await expect(unsubscribe(w, token.slice(0, -2) + (token.endsWith('AA') ? 'BB' : 'AA'))).rejects.toThrow(expect.objectContaining({ code: 'LINK_INVALID' }));

    // The next job: the map shows Acme as unsubscribed and nothing goes to it.
    const next = await readyJob(w, userId, ['26'], { name: 'Lakeside School' });
    const acme = next.map.trades[0]!.candidates.find((c) => c.email === 'bids@acme-electric.test')!;
    expect(acme.status).toBe('unsubscribed');
    expect(acme.selected).toBe(false);
    smtp.received.length = 0;
    await approveJob(w, userId, next.jobId, { version: next.map.version });
    await sender().drainOnce();
    expect(smtp.to('bids@acme-electric.test')).toHaveLength(0);
    expect(smtp.received.length).toBeGreaterThan(0);
  });

  it.skipIf(skip)('a contact who unsubscribes after approval but before sending is not sent to', async () => {
    const { jobId, map } = await readyJob(w, userId, ['26']);
    const summary = await approveJob(w, userId, jobId, { version: map.version });
    const acme = summary.invitations.find((i) => i.email === 'bids@acme-electric.test')!;
    await w.repos.contacts.markUnsubscribed(acme.contactId);
    await sender().drainOnce();
    expect(smtp.to('bids@acme-electric.test')).toHaveLength(0);
    const [row] = await emailLogRows(w, { emailId: acme.emailId });
    expect(row?.status).toBe('FAILED');
    expect(row?.lastError).toMatch(/unsubscribed/);
    expect((await w.repos.jobs.getInternal(jobId))?.status).toBe('EMAILED');
  });
});

describe.each(appBackends())('outreach without PUBLIC_URL on $backend', ({ backend, skip }) => {
  it.skipIf(skip)('attaches a small plan set instead of linking it, and offers reply words', async () => {
    const smtp = await startSmtpServer();
    const w = await openWorldOn(backend, { SMTP_URL: smtp.url, REDBUTTON_MAIL_FROM: 'bids@gc-builders.test', PLANS_ATTACH_MAX_BYTES: '100000' });
    try {
      const userId = await estimator(w);
      const pdf = Buffer.from('%PDF-1.4\n% tiny test plan set\n%%EOF\n');
      const { jobId, map } = await readyJob(w, userId, ['26'], { pdf });
      await approveJob(w, userId, jobId, { version: map.version });
      const s = new OutreachSender(w);
      await s.drainOnce();
      await s.close();
      const m = smtp.to('bids@acme-electric.test')[0]!;
      expect(m.parsed.attachments.map((a) => a.filename)).toEqual(['riverside-clinic-plans.pdf']);
      expect(m.parsed.attachments[0]!.content.equals(pdf)).toBe(true);
      expect(m.parsed.text).not.toContain('/plans/');
      expect(m.parsed.text).toContain('Reply to this e-mail with "bidding" or "not bidding"');
      expect(m.parsed.headerLines.some((h) => h.key === 'list-unsubscribe-post')).toBe(false);
      expect(m.parsed.headerLines.find((h) => h.key === 'list-unsubscribe')?.line.replace(/\r?\n\s+/g, ' ')).toMatch(/^List-Unsubscribe: <mailto:bids@gc-builders\.test\?subject=unsubscribe%20[A-Za-z0-9_.-]+>$/);
    } finally {
      await w.close();
      await smtp.close();
    }
  });
});
