import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import JSZip from 'jszip';
import { dovecotAvailable } from '../helpers/dovecot.js';
import { startFileShare, type FileShare } from '../helpers/file-share.js';
import { updateIdentity } from '../../src/core/project/identity.js';
import { buildMail, eventually, makeWorld, passing, replyToOf, sentTo, smallPdf, INBOUND, MAILBOX_USER, type World } from '../email/setup.js';

/**
 * One bid package by e-mail, end to end on dovecot + smtp-server + a local file share: PDFs
 * attached, a ZIP of more, and a link — one job, one map, one invitation per company.
 *
 * SQLite only: the package intake (archives, Outlook items, plan links, the documents rows) runs on
 * both databases in package-intake.test.ts and job-documents.test.ts, and the addendum flow through
 * this channel (test/addenda) is the channel's run on Postgres; what this file adds is mostly the
 * transport, so a Postgres copy would cost CI time for little that is new.
 */
describe.skipIf(!dovecotAvailable())('one e-mail = one bid package', () => {
  let w: World;
  let share: FileShare;
  beforeAll(async () => {
    share = await startFileShare();
    w = await makeWorld({ PLAN_LINK_ALLOWED_HOSTS: '127.0.0.1' });
  });
  afterAll(async () => {
    await w?.close();
    await share?.close();
  });

  it('two PDFs, a ZIP holding two more and a link to a fifth: one job with five documents, one map, one invitation per company', async () => {
    const channel = await w.start();
    const zip = new JSZip();
    zip.file('Plumbing/P-1.pdf', await smallPdf('SECTION 22 40 00 - PLUMBING FIXTURES'));
    zip.file('Finishes/GB.pdf', await smallPdf('SECTION 09 29 00 - GYPSUM BOARD'));
    zip.file('readme.txt', 'Bid set, issued for bid.');
    share.put('/s/abc123/Mech.pdf', await smallPdf('SECTION 23 05 00 - COMMON WORK RESULTS FOR HVAC'), { fileName: 'Mechanical.pdf', contentType: 'application/pdf' });
    const raw = await buildMail({
      stamped: passing('gc.test'),
      from: 'est@gc.test',
      to: INBOUND,
      subject: 'Fwd: Riverside Clinic bid set',
      messageId: '<package-1@gc.test>',
      text: `Zip 47907. The mechanical set is too big to attach: ${share.url}/s/abc123/Mech.pdf\nThanks`,
      attachments: [
        { filename: 'E-101.pdf', content: await smallPdf(), contentType: 'application/pdf' },
        // A PDF with a generic type and no extension is recognised by its bytes.
        { filename: 'FP-1', content: await smallPdf('SECTION 21 13 13 - WET-PIPE SPRINKLER SYSTEMS'), contentType: 'application/octet-stream' },
        { filename: 'set.zip', content: await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }), contentType: 'application/zip' },
      ],
    });
    w.dovecot.deliver(MAILBOX_USER, raw);
    await channel.pollNow();

    const note = await w.smtp.waitFor((m) => (m.parsed.subject ?? '') === 'Re: Fwd: Riverside Clinic bid set', { what: 'start note' });
    const text = note.parsed.text ?? '';
    expect(text).toMatch(/Got 5 PDFs as one bid package/);
    for (const name of ['E-101.pdf', 'FP-1.pdf', 'set.zip/Plumbing/P-1.pdf', 'set.zip/Finishes/GB.pdf', 'Mechanical.pdf']) expect(text).toContain(name);
    expect(text).toMatch(/set\.zip\/readme\.txt: not a PDF/);
    expect(share.requests).toEqual(['/s/abc123/Mech.pdf']);

    const jobs = await w.t.app.repos.jobs.listForUser(w.estimator.userId);
    expect(jobs).toHaveLength(1);
    const job = jobs[0]!;
    const docs = await w.t.app.documents.list(w.estimator.userId, job.jobId);
    expect(docs.map((d) => [d.fileName, d.receivedVia])).toEqual([
      ['E-101.pdf', 'attachment'],
      ['FP-1.pdf', 'attachment'],
      ['set.zip/Plumbing/P-1.pdf', 'archive'],
      ['set.zip/Finishes/GB.pdf', 'archive'],
      ['Mechanical.pdf', 'link'],
    ]);

    const map = await w.smtp.waitFor((m) => sentTo('est@gc.test')(m) && /Contacts map version 1/.test(m.parsed.text ?? ''), { what: 'map', timeoutMs: 90_000 });
    expect(map.parsed.text).toMatch(/Contacts map version 1 for ".*" \(5 documents, 5 pages\), zip 47907/);
    const ready = (await w.t.app.repos.jobs.getInternal(job.jobId))!;
    expect(ready.status).toBe('CONTACT_MAP_READY');
    expect(ready.pageCount).toBe(5);
    expect((await w.t.app.documents.list(w.estimator.userId, job.jobId)).every((d) => d.readStatus === 'READ' && d.pageCount === 1)).toBe(true);
    // One scope for the package: trades from different documents, evidence naming its document.
    const scope = JSON.parse((await w.t.app.storage.get(JSON.parse(ready.scopeRef!))).toString('utf8')) as { source: { documents: unknown[] }; trades: { division: string; evidence: { document?: string }[] }[] };
    expect(scope.source.documents).toHaveLength(5);
    const divisions = scope.trades.map((t) => t.division);
    expect(divisions).toEqual(expect.arrayContaining(['21', '22', '23', '26']));
    expect(scope.trades.find((t) => t.division === '22')!.evidence[0]!.document).toBe('set.zip/Plumbing/P-1.pdf');

    await updateIdentity(w.t.app.repos, w.estimator.userId, { full_name: 'Eve Estimator', company_name: 'GC Builders' });
    w.dovecot.deliver(MAILBOX_USER, await buildMail({
      stamped: passing('gc.test'),
      from: 'est@gc.test',
      to: replyToOf(map),
      subject: 'Re: Fwd: Riverside Clinic bid set',
      messageId: '<package-approve@gc.test>',
      inReplyTo: map.parsed.messageId,
      references: [map.parsed.messageId!],
      text: `due: Dec 15 ${new Date().getUTCFullYear() + 1} 2pm ET\napprove\n`,
    }));
    await channel.pollNow();
    await w.smtp.waitFor((m) => sentTo('est@gc.test')(m) && /Approved version 1/.test(m.parsed.text ?? ''), { what: 'approval reply' });
    for (const sub of ['bids@blaze.test', 'estimating@aquafire.test', 'bids@volt.test']) await w.smtp.waitFor(sentTo(sub), { what: `invitation to ${sub}` });
    await channel.idle();
    await eventually(async () => (await w.t.app.repos.jobs.getInternal(job.jobId))!.status === 'EMAILED' || undefined, 'job emailed');
    // Exactly one invitation per company, and one map for the whole package.
    for (const sub of ['bids@blaze.test', 'estimating@aquafire.test', 'bids@volt.test']) expect(w.smtp.to(sub)).toHaveLength(1);
    expect(w.smtp.messages.filter((m) => /Contacts map version 1/.test(m.parsed.text ?? ''))).toHaveLength(1);
  });
});
