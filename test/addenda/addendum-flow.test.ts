/**
 * An addendum end to end on real parts: generated plan sets with title blocks and revision tables,
 * the real pipeline, SQLite, and a real SMTP server receiving the invitations and the notices.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { appBackends, openTestApp, type AnyTestApp } from '../helpers/app.js';
import { makeSendable } from '../helpers/jobs.js';
import { makePlanSetPdf, type FixtureSheet } from '../fixtures/pdf-fixtures.js';
import { startSmtpServer, type TestSmtpServer } from '../outreach/smtp-server.js';
import { approveJob, OutreachSender, recordBidResponse, signRespondToken, verifyPlansToken } from '../../src/core/outreach/index.js';
import { isAppError } from '../../src/core/errors.js';

const FROM = 'GC Builders Bids <bids@gc-builders.test>';
const PUBLIC_URL = 'https://redbutton.gc-builders.test';
const CONTACTS = `name,email,trades,zip
Acme Electric,bids@acme-electric.test,Electrical,55303
Volt Bros Electric,est@voltbros.test,Electrical,55101
Drip Plumbing,drip@drip-plumbing.test,Plumbing,55401
Both Trades Mechanical,office@bothtrades.test,Electrical;Plumbing,55303
Firewatch Alarm,alarm@firewatch.test,Fire Alarm,55303
`;
const ORIGINAL: FixtureSheet[] = [
  { number: 'E101', title: 'LIGHTING PLAN', lines: ['LIGHTING FIXTURE SCHEDULE: TYPE A LED TROFFER, TYPE X EXIT SIGN'] },
  { number: 'E201', title: 'POWER PLAN', lines: ['PANEL SCHEDULE LP-1: 208Y/120V', 'DUPLEX RECEPTACLES AT 18" AFF'] },
  { number: 'P101', title: 'PLUMBING PLAN', lines: ['NEW WATER CLOSETS AND LAVATORIES', 'DOMESTIC WATER: TYPE L COPPER'] },
];
const REV1: [string, string, string] = ['1', '12/01/2026', 'ADDENDUM 1'];

async function expectError(p: Promise<unknown>, code: string, text: RegExp): Promise<void> {
  const e = await p.then(() => undefined, (err: unknown) => err);
  expect(isAppError(e) && e.code).toBe(code);
  expect(isAppError(e) && e.userMessage).toMatch(text);
}

describe.each(appBackends())('an addendum for a job whose invitations are out on $backend', ({ backend, skip }) => {
  let smtp: TestSmtpServer;
  let t: AnyTestApp;
  let userId: string;
  let otherUserId: string;
  let jobId: string;
  const senders: OutreachSender[] = [];
  const drain = async () => {
    const s = new OutreachSender(t.app);
    senders.push(s);
    return s.drainOnce();
  };

  // One job for the file (the pipeline reads real PDFs): the tests run in order on it, each
  // starting from what the one before left — nothing, then the approved addendum.
  beforeAll(async () => {
    smtp = await startSmtpServer();
    if (skip) return;
    t = await openTestApp(backend, { SMTP_URL: smtp.url, REDBUTTON_MAIL_FROM: FROM, PUBLIC_URL, LOG_LEVEL: 'silent', REDBUTTON_SECRET: 'test-secret-test-secret-test-secret-0123' });
    const { app } = t;
    userId = (await app.repos.users.create('estimator@gc-builders.test', 'password123')).userId;
    otherUserId = (await app.repos.users.create('other@elsewhere.test', 'password123')).userId;
    await app.addressBook.importCsv(userId, CONTACTS);
    const pdf = await makePlanSetPdf(join(t.dir, 'plans.pdf'), { sheets: ORIGINAL, projectName: 'RIVERSIDE CLINIC' });
    const job = await app.intake.submitPdf({ userId, sourcePath: pdf, fileName: 'plans.pdf', zipCode: '55303', origin: 'cli' });
    jobId = job.jobId;
    expect((await app.runner.runJob(jobId))?.status).toBe('CONTACT_MAP_READY');
    await makeSendable(app, userId, jobId);
    const map = await app.maps.current(userId, jobId);
    expect(map.trades.map((x) => x.division)).toEqual(expect.arrayContaining(['22', '26']));
    expect(map.trades.map((x) => x.division)).not.toContain('28');
    await approveJob(app, userId, jobId, { version: map.version, via: 'test' });
    await drain();
    // One electrical invitee declines before the addendum.
    const volt = (await app.repos.addenda.invitationsOfJob(jobId)).find((i) => i.contact.email === 'est@voltbros.test')!;
    await recordBidResponse(app, signRespondToken(app.secret, { jobId, emailId: volt.invitation.emailId }), 'nobid');
    smtp.received.length = 0;
  });
  afterAll(async () => {
    for (const s of senders.splice(0)) await s.close();
    if (!skip) await t.cleanup();
    await smtp.close();
  });

  const electricalAddendum = (name = 'addendum-1.pdf') =>
    makePlanSetPdf(join(t.dir, name), {
      index: false,
      projectName: 'RIVERSIDE CLINIC',
      letterPage: ['ADDENDUM NO. 1', 'ITEM 1 - Sheet E201: revised panel schedule LP-1 and receptacle circuits.', 'ITEM 2 - Add sheet FA101 FIRE ALARM PLAN.', 'END OF ADDENDUM NO. 1'],
      sheets: [
        { number: 'E201', title: 'POWER PLAN', lines: ['PANEL SCHEDULE LP-1: 208Y/120V', 'DUPLEX RECEPTACLES AT 18" AFF'], revisions: [REV1] },
        { number: 'FA101', title: 'FIRE ALARM PLAN', lines: ['NEW HORN/STROBES AND PULL STATIONS'], revisions: [REV1] },
      ],
    });

  it.skipIf(skip)('bad input gets a clear error and changes nothing: not a PDF, a job that is not the sender’s', async () => {
    const { app } = t;
    const notPdf = join(t.dir, 'addendum.pdf');
    writeFileSync(notPdf, 'Addendum 1: see attached drawings.\n');
    await expectError(app.addenda.receive(userId, jobId, { path: notPdf, name: 'addendum.pdf', receivedVia: 'upload' }), 'PDF_NOT_PDF', /not a PDF/i);
    const file = await electricalAddendum();
    await expectError(app.addenda.receive(otherUserId, jobId, { path: file, name: 'addendum-1.pdf', receivedVia: 'upload' }), 'NOT_FOUND', /not found|no job/i);
    expect(await app.addenda.list(userId, jobId)).toEqual([]);
    expect(await app.repos.documents.listForJob(jobId)).toHaveLength(1);
    await expectError(app.addenda.preview(userId, jobId), 'NOT_FOUND', /no addendum waiting/);
  });
  it.skipIf(skip)('revising only electrical sheets notifies only electrical invitees (not one who declined) and invites the trade it introduces', async () => {
    const { app } = t;
    const file = await electricalAddendum();
    const received = await app.addenda.receive(userId, jobId, { path: file, name: 'addendum-1.pdf', receivedVia: 'file' });
    expect(received.changes.map((c) => [c.ref, c.action, c.divisions])).toEqual([
      ['E201', 'revised', ['26']],
      ['FA101', 'added', ['28']],
    ]);
    expect(received.newTrades.map((x) => x.division)).toEqual(['28']);
    // The new trade joined the map as a new version, with its matched contact selected.
    const map = await app.maps.current(userId, jobId);
    expect(map.version).toBe(received.mapVersion);
    expect(map.trades.find((x) => x.division === '28')?.candidates.filter((c) => c.selected).map((c) => c.email)).toEqual(['alarm@firewatch.test']);
    // The job keeps every document version.
    expect((await app.repos.documents.listForJob(jobId)).map((d) => [d.packageNumber, d.kind])).toEqual([[1, 'original'], [2, 'addendum']]);

    // The preview before the red button says who gets what.
    const plan = await app.addenda.preview(userId, jobId);
    expect(plan.notices.map((n) => n.email).sort()).toEqual(['bids@acme-electric.test', 'office@bothtrades.test']);
    expect(plan.notices.every((n) => n.divisions.join() === '26')).toBe(true);
    expect(plan.invitations.map((i) => [i.email, i.divisions])).toEqual([['alarm@firewatch.test', ['28']]]);
    expect(plan.skipped).toEqual([{ name: 'Volt Bros Electric', email: 'est@voltbros.test', reason: 'declined' }]);

    // The same red button approves the addendum.
    const approval = await approveJob(app, userId, jobId, { version: map.version, via: 'test' });
    expect(approval.addendum?.noticesQueued).toBe(2);
    expect(approval.addendum?.invitationsQueued).toBe(1);
    await drain();
    const to = (a: string) => smtp.to(a).map((m) => m.parsed);
    expect(smtp.received.map((m) => m.rcptTo[0]).sort()).toEqual(['alarm@firewatch.test', 'bids@acme-electric.test', 'office@bothtrades.test']);
    const notice = to('bids@acme-electric.test')[0]!;
    expect(notice.subject).toMatch(/^Addendum 1: /);
    expect(notice.text).toContain('Sheet E201 (POWER PLAN) revised: Sheet E201: revised panel schedule LP-1');
    expect(notice.text).not.toContain('FA101');
    expect(notice.html).toContain('Download the addendum');
    expect(notice.from?.text).toContain('bids@gc-builders.test');
    expect(notice.headerLines.some((h) => h.key === 'list-unsubscribe')).toBe(true);
    // It threads under the invitation the contact already has.
    const invitationOfAcme = (await app.repos.addenda.invitationsOfJob(jobId)).find((i) => i.contact.email === 'bids@acme-electric.test')!;
    expect(notice.inReplyTo).toBe(invitationOfAcme.invitation.messageId);
    // Its plans link serves the addendum's own PDF.
    const link = /https:\/\/redbutton\.gc-builders\.test\/plans\/(\S+)/.exec(notice.text ?? '')![1]!;
    const claims = verifyPlansToken(app.secret, link);
    expect((await app.addenda.plansOf(jobId, claims.emailId!))?.fileName).toBe('addendum-1.pdf');
    const invitation = to('alarm@firewatch.test')[0]!;
    expect(invitation.subject).toMatch(/invites you to bid/);
    expect(to('drip@drip-plumbing.test')).toEqual([]);

    // Exactly once: approving again is refused, sending again sends nothing.
    await expectError(approveJob(app, userId, jobId, { version: map.version, via: 'test' }), 'ALREADY_SENT', /already sent|already approved/i);
    expect((await drain()).sent).toBe(0);
    expect(smtp.received).toHaveLength(3);
  });

  it.skipIf(skip)('the same addendum sent again is not processed twice', async () => {
    const { app } = t;
    const version = (await app.maps.current(userId, jobId)).version;
    await expectError(app.addenda.receive(userId, jobId, { path: join(t.dir, 'addendum-1.pdf'), name: 'again.pdf', receivedVia: 'upload' }), 'CONFLICT', /already part of the job as addendum 1/);
    expect(await app.addenda.list(userId, jobId)).toHaveLength(1);
    expect(await app.repos.documents.listForJob(jobId)).toHaveLength(2);
    expect((await app.maps.current(userId, jobId)).version).toBe(version);
    expect((await drain()).sent).toBe(0);
  });
});
