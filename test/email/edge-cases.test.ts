import { afterAll, beforeAll, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync, rmSync, readFileSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dovecotAvailable } from '../helpers/dovecot.js';
import type { CapturedMail } from '../helpers/smtp-sink.js';
import { startEmailChannel } from '../../src/channels/email/index.js';
import { openApp } from '../../src/app.js';
import { replyAddress, replyKey } from '../../src/channels/email/reply-key.js';
import type { JobRow } from '../../src/db/schema/index.js';
import { buildMail, cliJob, eventually, folderCounts, makeWorld, passing, smallPdf, INBOUND, MAILBOX_PASSWORD, MAILBOX_USER, TRUSTED, type World } from './setup.js';
import { describeOnBothDatabases } from '../helpers/on-both-databases.js';

/**
 * Everything that must NOT turn into a job, an edit or an invitation — and the failure modes of
 * the mailbox itself (duplicates, a crash mid-poll, a UIDVALIDITY change) — against real dovecot.
 */
// On CI (.ci/run installs qpdf) a missing qpdf must fail, never skip.
const hasQpdf = Boolean(process.env.CI) || spawnSync('qpdf', ['--version']).status === 0;

describeOnBothDatabases.skipIf(!dovecotAvailable())('e-mail channel: strangers, spoofing, loops, duplicates, crashes', (backend) => {
  let w: World;
  let job: JobRow;
  let jobAddress: string;

  const inbound = async (key: string) =>
    (await w.t.raw<{ status: string; kind: string; outcome: string; job_id: string | null }>('SELECT status, kind, outcome, job_id FROM email_inbound WHERE message_key = ?', [key]))[0];
  /** count(*) of a table (Postgres gives a bigint as text). */
  const count = async (sql: string) => Number((await w.t.raw<{ n: number | string }>(sql))[0]?.n);
  const approvals = () => count('SELECT count(*) AS n FROM outreach_approvals');
  const emailLogs = () => count('SELECT count(*) AS n FROM email_logs');
  const jobsOf = (userId: string) => w.t.app.repos.jobs.listForUser(userId);
  const repliesAbout = (subject: string) => w.smtp.messages.filter((m) => (m.parsed.subject ?? '').includes(subject));
  /** When a message's claim ends (ms since the epoch; SQLite stores UTC text, Postgres a timestamptz). */
  const claimUntil = async (key: string) => {
    const v = (await w.t.raw<{ claim_until: string | Date }>('SELECT claim_until FROM email_inbound WHERE message_key = ?', [key]))[0]!.claim_until;
    return v instanceof Date ? v.getTime() : Date.parse(`${v.replace(' ', 'T')}Z`);
  };
  const deliverAndPoll = async (raw: Buffer) => {
    w.dovecot.deliver(MAILBOX_USER, raw);
    return w.channel!.pollNow();
  };

  beforeAll(async () => {
    w = await makeWorld({}, backend);
    // A job of the estimator's with its map ready (started from the CLI: no thread of its own).
    job = await cliJob(w);
    expect(job.status).toBe('CONTACT_MAP_READY');
    jobAddress = replyAddress(INBOUND, replyKey(w.t.app.secret, job.jobId));
    await w.start();
  });
  afterAll(async () => {
    await w?.close();
  });

  it("a stranger's mail makes no job and gets at most one polite note a day", async () => {
    const mail = (n: number) =>
      buildMail({ stamped: passing('random.test'), from: 'someone@random.test', to: INBOUND, subject: `Stranger plans ${n}`, messageId: `<stranger-${n}@random.test>`, attachments: [{ filename: 'x.pdf', content: Buffer.from('%PDF-1.4 nothing') }] });
    await deliverAndPoll(await mail(1));
    await deliverAndPoll(await mail(2));
    expect((await inbound('stranger-1@random.test'))?.kind).toBe('stranger');
    expect((await inbound('stranger-2@random.test'))?.kind).toBe('stranger');
    expect(w.smtp.to('someone@random.test')).toHaveLength(1);
    expect(w.smtp.to('someone@random.test')[0]!.parsed.headers.get('auto-submitted')).toBe('auto-replied');
    expect(await count("SELECT count(*) AS n FROM jobs WHERE origin = 'email'")).toBe(0);
  });

  it('"approve" from a spoofed From without the reply key changes nothing', async () => {
    // (a) no Authentication-Results from the trusted server at all
    await deliverAndPoll(await buildMail({ from: 'est@gc.test', to: INBOUND, subject: 'Spoof A', messageId: '<spoof-a@evil.test>', text: 'approve' }));
    expect((await inbound('spoof-a@evil.test'))?.kind).toBe('unverified');
    // (b) even a sender that passes DMARC needs the key to name a job
    await deliverAndPoll(await buildMail({ stamped: passing('gc.test'), from: 'est@gc.test', to: INBOUND, subject: 'Spoof B', messageId: '<spoof-b@gc.test>', text: 'approve\nremove Volt Electric from 26' }));
    expect((await inbound('spoof-b@gc.test'))?.kind).toBe('no_key');
    const note = await w.smtp.waitFor((m) => (m.parsed.subject ?? '').includes('Spoof B'), { what: 'no-key refusal' });
    expect(note.parsed.text).toMatch(/cannot tell which job/);
    expect(await approvals()).toBe(0);
    expect((await w.t.app.maps.current(w.estimator.userId, job.jobId)).version).toBe(1);
  });

  it('a forged Authentication-Results (lower in the chain, or from another server) does not count', async () => {
    const forgedBelow = await buildMail({
      stamped: [
        `Authentication-Results: ${TRUSTED}; spf=fail smtp.mailfrom=gc.test; dkim=none; dmarc=fail (p=reject) header.from=gc.test`,
        `Received: from evil.test (evil.test [198.51.100.7]) by ${TRUSTED}; Mon, 23 Nov 2026 10:00:00 +0000`,
        `Authentication-Results: ${TRUSTED}; dmarc=pass header.from=gc.test`,
      ],
      from: 'est@gc.test',
      to: jobAddress,
      subject: 'Forged 1',
      messageId: '<forged-1@evil.test>',
      text: 'approve',
    });
    await deliverAndPoll(forgedBelow);
    expect((await inbound('forged-1@evil.test'))?.kind).toBe('unverified');
    const otherServer = await buildMail({
      stamped: [`Authentication-Results: mx.evil.test; dmarc=pass header.from=gc.test`, `Received: from evil.test by mx.evil.test; Mon, 23 Nov 2026 10:00:00 +0000`],
      from: 'est@gc.test',
      to: jobAddress,
      subject: 'Forged 2',
      messageId: '<forged-2@evil.test>',
      text: 'approve',
    });
    await deliverAndPoll(otherServer);
    expect((await inbound('forged-2@evil.test'))?.kind).toBe('unverified');
    expect(await approvals()).toBe(0);
    expect(await emailLogs()).toBe(0);
  });

  it("a reply to someone else's job is refused", async () => {
    await deliverAndPoll(await buildMail({ stamped: passing('othergc.test'), from: 'rival@othergc.test', to: jobAddress, subject: 'Not yours', messageId: '<foreign-1@othergc.test>', text: 'drop 26\napprove' }));
    expect((await inbound('foreign-1@othergc.test'))?.kind).toBe('foreign');
    const refusal = await w.smtp.waitFor((m) => (m.parsed.subject ?? '').includes('Not yours'), { what: 'foreign refusal' });
    expect(refusal.envelope.to).toEqual(['rival@othergc.test']);
    expect(refusal.parsed.text).toMatch(/not yours/);
    expect(await approvals()).toBe(0);
    expect((await w.t.app.maps.current(w.estimator.userId, job.jobId)).trades.map((t) => t.division)).toContain('26');
  });

  it('an owner\'s reply that cannot be applied, or is unclear, changes nothing and sends nothing', async () => {
    await deliverAndPoll(await buildMail({ stamped: passing('gc.test'), from: 'est@gc.test', to: jobAddress, subject: 'Bad edit', messageId: '<bad-edit@gc.test>', text: 'drop Basket Weaving\napprove' }));
    const refused = await w.smtp.waitFor((m) => (m.parsed.subject ?? '') === 'Re: Bad edit', { what: 'edit refusal' });
    expect(refused.parsed.text).toMatch(/Nothing was changed: "Basket Weaving" is not a trade I know/);
    expect(refused.parsed.text).toMatch(/approval in the same e-mail was not carried out/);
    await deliverAndPoll(await buildMail({ stamped: passing('gc.test'), from: 'est@gc.test', to: jobAddress, subject: 'Unclear', messageId: '<unclear@gc.test>', text: 'approve\nbut not Volt Electric please' }));
    const withheld = await w.smtp.waitFor((m) => (m.parsed.subject ?? '') === 'Re: Unclear', { what: 'withheld approval' });
    expect(withheld.parsed.text).toMatch(/I did not approve/);
    expect(await approvals()).toBe(0);
    expect((await w.t.app.maps.current(w.estimator.userId, job.jobId)).version).toBe(1);
  });

  it('an auto-reply is ignored and never answered', async () => {
    const before = w.smtp.messages.length;
    await deliverAndPoll(
      await buildMail({
        stamped: passing('gc.test'),
        from: 'est@gc.test',
        to: jobAddress,
        subject: 'Automatic reply: Re: your map',
        messageId: '<ooo-1@gc.test>',
        headers: { 'Auto-Submitted': 'auto-replied', 'X-Autoreply': 'yes' },
        text: 'I am out of the office until Monday. approve',
      }),
    );
    await deliverAndPoll(await buildMail({ from: INBOUND, to: INBOUND, subject: 'Re: loop', messageId: '<loop-1@rb.test>', text: 'approve' }));
    expect((await inbound('ooo-1@gc.test'))?.kind).toBe('auto_reply');
    expect((await inbound('loop-1@rb.test'))?.kind).toBe('auto_reply');
    expect(w.smtp.messages.length).toBe(before);
    expect(await approvals()).toBe(0);
  });

  it('a message with no PDF gets an explanation', async () => {
    await deliverAndPoll(await buildMail({ stamped: passing('gc.test'), from: 'est@gc.test', to: INBOUND, subject: 'Plans coming', messageId: '<nopdf-1@gc.test>', text: 'Here are the plans', attachments: [{ filename: 'photo.jpg', content: Buffer.from('jpeg'), contentType: 'image/jpeg' }] }));
    expect((await inbound('nopdf-1@gc.test'))?.kind).toBe('no_pdf');
    const r = await w.smtp.waitFor((m) => (m.parsed.subject ?? '') === 'Re: Plans coming', { what: 'no-PDF reply' });
    expect(r.parsed.text).toMatch(/found no PDF/);
  });

  it('a corrupt PDF fails the job and the reply says what went wrong', async () => {
    const corrupt = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(4000, 0x41), Buffer.from('\n%%EOF\n')]);
    await deliverAndPoll(await buildMail({ stamped: passing('gc.test'), from: 'est@gc.test', to: INBOUND, subject: 'Broken set', messageId: '<corrupt-1@gc.test>', attachments: [{ filename: 'broken.pdf', content: corrupt, contentType: 'application/pdf' }] }));
    await w.channel!.idle();
    const failed = await w.smtp.waitFor((m) => (m.parsed.subject ?? '') === 'Re: Broken set' && /could not finish reading/.test(m.parsed.text ?? ''), { what: 'failure reply' });
    expect(failed.parsed.inReplyTo).toBe('<corrupt-1@gc.test>');
    const j = (await w.t.app.repos.jobs.getInternal((await inbound('corrupt-1@gc.test'))!.job_id!))!;
    expect(j.status).toBe('FAILED');
    expect(failed.parsed.text).toContain(j.failureReason!);
  });

  it.skipIf(!hasQpdf)('a password-protected PDF gets a reply that says so and what to do', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rb-enc-'));
    try {
      writeFileSync(join(dir, 'in.pdf'), await smallPdf());
      execFileSync('qpdf', ['--encrypt', 'secret', 'owner-secret', '256', '--', join(dir, 'in.pdf'), join(dir, 'out.pdf')]);
      await deliverAndPoll(await buildMail({ stamped: passing('gc.test'), from: 'est@gc.test', to: INBOUND, subject: 'Locked set', messageId: '<locked-1@gc.test>', attachments: [{ filename: 'locked.pdf', content: readFileSync(join(dir, 'out.pdf')), contentType: 'application/pdf' }] }));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const failed = await w.smtp.waitFor((m) => (m.parsed.subject ?? '') === 'Re: Locked set' && /could not finish reading/.test(m.parsed.text ?? ''), { what: 'password reply' });
    expect(failed.parsed.text).toMatch(/password/i);
    expect(failed.parsed.text).toMatch(/Remove the password/i);
  });

  it('the same message delivered twice makes one job and one answer', async () => {
    const raw = await buildMail({ stamped: passing('gc.test'), from: 'est@gc.test', to: INBOUND, subject: 'Twice', messageId: '<twice-1@gc.test>', attachments: [{ filename: 'e2.pdf', content: await smallPdf(), contentType: 'application/pdf' }] });
    const jobsBefore = (await jobsOf(w.estimator.userId)).length;
    w.dovecot.deliver(MAILBOX_USER, raw);
    w.dovecot.deliver(MAILBOX_USER, raw);
    const result = await w.channel!.pollNow();
    expect(result?.duplicates).toBe(1);
    await w.channel!.idle();
    expect((await jobsOf(w.estimator.userId)).length).toBe(jobsBefore + 1);
    await w.smtp.waitFor((m) => (m.parsed.subject ?? '') === 'Re: Twice' && /Contacts map version 1/.test(m.parsed.text ?? ''), { what: 'map for Twice' });
    expect(repliesAbout('Twice').filter((m) => /Got 1 PDF/.test(m.parsed.text ?? ''))).toHaveLength(1);
    expect(repliesAbout('Twice')).toHaveLength(2);
    expect((await folderCounts(w)).inbox).toBe(0);
    expect(await count("SELECT count(*) AS n FROM email_inbound_uids WHERE message_key = 'twice-1@gc.test'")).toBe(2);
  });

  it('two pollers (two processes on one database) never handle a message twice', async () => {
    const second = await openApp(w.t.app.config); // a second process: its own connection, runner, events
    const jobsBefore = (await jobsOf(w.estimator.userId)).length;
    const other = await startEmailChannel(second, { schedule: false, idle: false, pollAtStart: false });
    try {
      w.dovecot.deliver(MAILBOX_USER, await buildMail({ stamped: passing('gc.test'), from: 'est@gc.test', to: INBOUND, subject: 'Race', messageId: '<race-1@gc.test>', attachments: [{ filename: 'r.pdf', content: await smallPdf(), contentType: 'application/pdf' }] }));
      const [a, b] = await Promise.all([w.channel!.pollNow(), other.pollNow()]);
      expect((a?.handled.length ?? 0) + (b?.handled.length ?? 0)).toBe(1);
      await Promise.all([w.channel!.idle(), other.idle()]);
      expect((await jobsOf(w.estimator.userId)).length).toBe(jobsBefore + 1);
      await w.smtp.waitFor((m) => (m.parsed.subject ?? '') === 'Re: Race' && /Contacts map version 1/.test(m.parsed.text ?? ''), { what: 'map for Race' });
      expect(repliesAbout('Race')).toHaveLength(2);
      expect((await folderCounts(w)).inbox).toBe(0);
    } finally {
      await other.stop();
      await second.close();
    }
  });

  it('a poll that outlives its claims\' lease keeps them (a heartbeat): a second reader meanwhile finds the message busy', async () => {
    const second = await openApp(w.t.app.config);
    let release!: () => void;
    const working = new Promise<void>((r) => (release = r));
    let claimed!: () => void;
    const claimedNow = new Promise<void>((r) => (claimed = r));
    // A reader whose claims last 1 s, renewed every 200 ms, that is slow to act on the message.
    const slow = await startEmailChannel(w.t.app, { schedule: false, idle: false, pollAtStart: false, claimLeaseSeconds: 1, limits: { claimRenewMs: 200 }, hooks: { afterClaim: async () => { claimed(); await working; } } });
    const other = await startEmailChannel(second, { schedule: false, idle: false, pollAtStart: false });
    try {
      await w.channel!.stop();
      w.channel = undefined;
      w.dovecot.deliver(MAILBOX_USER, await buildMail({ stamped: passing('gc.test'), from: 'est@gc.test', to: INBOUND, subject: 'Slow', messageId: '<slow-1@gc.test>', text: 'status' }));
      const first = slow.pollNow();
      await claimedNow;
      // Wait until the first lease has run out and the heartbeat has moved its end on twice: the
      // claim outlived its lease (the proof, not a fixed sleep of several lease lengths).
      const firstEnd = await claimUntil('slow-1@gc.test');
      const ends = new Set<number>([firstEnd]);
      await eventually(async () => {
        ends.add(await claimUntil('slow-1@gc.test'));
        return (Date.now() > firstEnd + 500 && ends.size >= 3) || undefined;
      }, 'a claim renewed past its first lease');
      const meanwhile = await other.pollNow();
      expect(meanwhile?.handled).toHaveLength(0);
      expect(meanwhile?.busy).toBe(1);
      release();
      expect((await first)?.handled).toHaveLength(1);
      expect(await inbound('slow-1@gc.test')).toMatchObject({ status: 'DONE' });
    } finally {
      release();
      await slow.stop();
      await other.stop();
      await second.close();
      w.channel = await w.start();
    }
  });

  it('a restart in the middle of a poll neither loses nor repeats a message', async () => {
    const jobsBefore = (await jobsOf(w.estimator.userId)).length;
    // 1) The process "dies" after claiming and downloading, before acting.
    const crashing = await startEmailChannel(w.t.app, {
      schedule: false,
      idle: false,
      pollAtStart: false,
      hooks: {
        afterClaim: () => {
          throw new Error('simulated crash after claim');
        },
      },
    });
    await w.channel!.stop();
    w.dovecot.deliver(MAILBOX_USER, await buildMail({ stamped: passing('gc.test'), from: 'est@gc.test', to: INBOUND, subject: 'Crash 1', messageId: '<crash-1@gc.test>', attachments: [{ filename: 'c1.pdf', content: await smallPdf(), contentType: 'application/pdf' }] }));
    await expect(crashing.pollNow()).rejects.toThrow(/simulated crash/);
    await crashing.stop();
    expect((await inbound('crash-1@gc.test'))?.status).toBe('CLAIMED');
    // The next process takes the claim over (its owner is gone) and handles the message once.
    const next = await w.start();
    await next.pollNow();
    expect(await inbound('crash-1@gc.test')).toMatchObject({ status: 'DONE', kind: 'plans' });
    await next.idle();
    expect((await jobsOf(w.estimator.userId)).length).toBe(jobsBefore + 1);

    // 2) The process "dies" after the effect is committed, before the message is moved.
    await next.stop();
    const crashBeforeMove = await startEmailChannel(w.t.app, {
      schedule: false,
      idle: false,
      pollAtStart: false,
      hooks: {
        beforeMove: () => {
          throw new Error('simulated crash before move');
        },
      },
    });
    w.dovecot.deliver(MAILBOX_USER, await buildMail({ stamped: passing('gc.test'), from: 'est@gc.test', to: INBOUND, subject: 'Crash 2', messageId: '<crash-2@gc.test>', attachments: [{ filename: 'c2.pdf', content: await smallPdf(), contentType: 'application/pdf' }] }));
    await expect(crashBeforeMove.pollNow()).rejects.toThrow(/simulated crash before move/);
    await crashBeforeMove.stop();
    expect((await folderCounts(w)).inbox).toBe(1);
    const again = await w.start();
    const result = await again.pollNow();
    expect(result?.handled).toHaveLength(0);
    expect(result?.moved).toBe(1);
    await again.idle();
    expect((await jobsOf(w.estimator.userId)).length).toBe(jobsBefore + 2);
    expect(repliesAbout('Crash 2').filter((m: CapturedMail) => /Got 1 PDF/.test(m.parsed.text ?? ''))).toHaveLength(1);
    expect((await folderCounts(w)).inbox).toBe(0);
  });

  it('a UIDVALIDITY change (mailbox recreated) neither repeats handled messages nor skips new ones', async () => {
    await w.channel!.stop();
    w.channel = undefined;
    // A channel on its own mailbox, flagging handled messages (no done mailbox).
    const app = { ...w.t.app, config: { ...w.t.app.config, IMAP_MAILBOX: 'RedButton', IMAP_DONE_MAILBOX: undefined } };
    const channel = await startEmailChannel(app, { schedule: false, idle: false, pollAtStart: false });
    const imap = await w.dovecot.client(MAILBOX_USER, MAILBOX_PASSWORD);
    try {
      const a = await buildMail({ stamped: passing('gc.test'), from: 'est@gc.test', to: INBOUND, subject: 'UV A', messageId: '<uv-a@gc.test>', text: 'hello' });
      const b = await buildMail({ stamped: passing('gc.test'), from: 'est@gc.test', to: INBOUND, subject: 'UV B', messageId: '<uv-b@gc.test>', text: 'hello again' });
      await imap.mailboxCreate('RedButton');
      await imap.append('RedButton', a);
      const first = await channel.pollNow();
      expect(first?.handled.map((h) => h.messageKey)).toEqual(['uv-a@gc.test']);
      const oldValidity = first!.uidValidity;
      const oldUid = first!.handled[0]!.uid;

      await imap.mailboxDelete('RedButton');
      await imap.mailboxCreate('RedButton');
      await imap.append('RedButton', b); // gets the UID that A had under the old UIDVALIDITY
      await imap.append('RedButton', a); // A again, not flagged: recognized by its Message-ID
      const second = await channel.pollNow();
      expect(second!.uidValidity).not.toBe(oldValidity);
      expect(second!.handled.map((h) => [h.messageKey, h.uid])).toEqual([['uv-b@gc.test', oldUid]]);
      expect(second!.duplicates).toBe(1);
      expect(second!.moved).toBe(2);
      const third = await channel.pollNow();
      expect(third!.seen).toBe(0);
      expect(repliesAbout('UV A')).toHaveLength(1);
      await eventually(() => repliesAbout('UV B').length === 1 || undefined, 'reply to UV B');
    } finally {
      await imap.logout();
      await channel.stop();
    }
  });
});
