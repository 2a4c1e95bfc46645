import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { appBackends, openTestApp, type AnyTestApp } from '../helpers/app.js';
import { startFileShare, type FileShare } from '../helpers/file-share.js';
import { makeMsg, makeTnef } from '../fixtures/outlook-fixtures.js';
import { smallPdf } from '../email/setup.js';
import { packageReportLines, type ReceivedFile } from '../../src/core/documents/index.js';
import { directDownloadUrl, findPlanLinks, nonPublicReason } from '../../src/core/documents/plan-links.js';

/** What arrives with a package that is not a plain PDF: archives, Outlook wrappers, links — and the bad ones. */
describe.each(appBackends())('package intake: archives, Outlook items and plan links on $backend', ({ backend, skip }) => {
  let t: AnyTestApp;
  let share: FileShare;
  let userId: string;
  let n = 0;
  const file = (name: string, content: Buffer | string, contentType?: string): ReceivedFile => {
    const path = join(t.dir, `in-${++n}`);
    writeFileSync(path, content);
    return { name, path, contentType, receivedVia: 'attachment' };
  };
  const submit = (files: ReceivedFile[], text = '') => t.app.packages.submit({ userId, files, text, origin: 'email', allowDuplicate: true });
  let good: Buffer;

  beforeAll(async () => {
    share = await startFileShare();
    if (skip) return;
    t = await openTestApp(backend, { PLAN_LINK_ALLOWED_HOSTS: '127.0.0.1' });
    userId = (await t.app.repos.users.create('pkg@example.com', 'a-long-password-1')).userId;
    good = await smallPdf();
  });
  afterAll(async () => {
    if (!skip) await t.cleanup();
    await share?.close();
  });

  it.skipIf(skip)('a PDF inside an Outlook winmail.dat is taken; the decoder (Debian tnef) lists what the fixture holds', async () => {
    const plans = await smallPdf('SECTION 21 13 13 - WET-PIPE SPRINKLER SYSTEMS');
    const dat = makeTnef([{ name: 'Sprinklers.pdf', content: plans }, { name: 'cover-letter.txt', content: Buffer.from('Dear bidder') }]);
    const f = file('winmail.dat', dat, 'application/ms-tnef');
    expect(execFileSync('tnef', ['-t', f.path]).toString()).toMatch(/Sprinklers\.pdf[\s\S]*cover-letter\.txt/);
    const r = await submit([f]);
    expect(r.job).not.toBeNull();
    const docs = await t.app.documents.list(userId, r.job!.jobId);
    expect(docs.map((d) => [d.fileName, d.receivedVia])).toEqual([['winmail.dat/Sprinklers.pdf', 'outlook']]);
    expect(readFileSync(await t.app.storage.localPath(JSON.parse(docs[0]!.pdfRef)))).toEqual(plans);
    expect(r.report.skipped).toEqual([{ name: 'winmail.dat/cover-letter.txt', reason: 'not a PDF' }]);
  });

  it.skipIf(skip)('an attached Outlook .msg: its PDF is taken and the link in its text fetched', async () => {
    share.put('/files/Civil.pdf', await smallPdf('SECTION 31 23 00 - EXCAVATION AND FILL'), { contentType: 'application/pdf' });
    const msg = makeMsg({ subject: 'Bid set', body: `Civil drawings: ${share.url}/files/Civil.pdf`, attachments: [{ name: 'Arch.pdf', content: good }] });
    const r = await submit([file('FW Bid set.msg', msg, 'application/vnd.ms-outlook')]);
    const docs = await t.app.documents.list(userId, r.job!.jobId);
    expect(docs.map((d) => [d.fileName, d.receivedVia])).toEqual([
      ['FW Bid set.msg/Arch.pdf', 'outlook'],
      ['Civil.pdf', 'link'],
    ]);
  });

  it.skipIf(skip)('a ZIP bomb is refused with a note; the rest of the package makes the job', async () => {
    const zip = new JSZip();
    zip.file('plans.pdf', Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(20_000_000)]));
    const bomb = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });
    expect(bomb.length).toBeLessThan(200_000);
    const r = await submit([file('Arch.pdf', good), file('set.zip', bomb)]);
    expect((await t.app.documents.list(userId, r.job!.jobId)).map((d) => d.fileName)).toEqual(['Arch.pdf']);
    expect(r.report.skipped).toHaveLength(1);
    expect(r.report.skipped[0]!.name).toBe('set.zip');
    expect(r.report.skipped[0]!.reason).toMatch(/would unpack \d+ times its packed size \(a "zip bomb"\)/);
  });

  it.skipIf(skip)('an archive with an entry outside it (../) gives nothing, with a note', async () => {
    const zip = new JSZip();
    zip.file('Plans/A.pdf', await smallPdf('SECTION 09 29 00 - GYPSUM BOARD'));
    zip.file('../../etc/evil.pdf', good);
    const r = await submit([file('Arch.pdf', good), file('set.zip', await zip.generateAsync({ type: 'nodebuffer' }))]);
    expect((await t.app.documents.list(userId, r.job!.jobId)).map((d) => d.fileName)).toEqual(['Arch.pdf']);
    expect(r.report.skipped).toEqual([{ name: 'set.zip', reason: expect.stringMatching(/an entry points outside the archive \("\.\.\/.*"\)\. Nothing was taken from it/) }]);
  });

  it.skipIf(skip)('encrypted entries and symbolic links in a ZIP (made by Info-ZIP) are skipped with a note; the other entries are taken', async () => {
    const dir = join(t.dir, 'zipsrc');
    mkdirSync(dir);
    writeFileSync(join(dir, 'Secret.pdf'), good);
    writeFileSync(join(dir, 'Open.pdf'), await smallPdf('SECTION 08 71 00 - DOOR HARDWARE'));
    symlinkSync('/etc/passwd', join(dir, 'link.pdf'));
    execFileSync('zip', ['-q', '-P', 'secret', join(t.dir, 'locked.zip'), 'Secret.pdf'], { cwd: dir });
    execFileSync('zip', ['-q', '-y', join(t.dir, 'mixed.zip'), 'Open.pdf', 'link.pdf'], { cwd: dir });
    const r = await submit([
      { name: 'locked.zip', path: join(t.dir, 'locked.zip'), receivedVia: 'attachment' },
      { name: 'mixed.zip', path: join(t.dir, 'mixed.zip'), receivedVia: 'attachment' },
    ]);
    expect((await t.app.documents.list(userId, r.job!.jobId)).map((d) => d.fileName)).toEqual(['mixed.zip/Open.pdf']);
    expect(r.report.skipped).toEqual([
      { name: 'locked.zip/Secret.pdf', reason: expect.stringMatching(/encrypted \(password-protected\).*Send it without a password/) },
      { name: 'mixed.zip/link.pdf', reason: expect.stringMatching(/symbolic link/) },
    ]);
  });

  it.skipIf(skip)('a share too large for its virus scan: the "Download anyway" page is followed once to the file', async () => {
    const plans = await smallPdf('SECTION 26 05 19 - LOW-VOLTAGE ELECTRICAL POWER CONDUCTORS');
    share.confirmPage('/files/big-set.pdf', plans, 'Electrical Set.pdf');
    share.put('/files/just-a-page.pdf', Buffer.from('<html><body><form id="search" method="get"><input name="q"></form></body></html>'), { contentType: 'text/html' });
    const before = share.requests.length;
    const r = await submit([], `Plans: ${share.url}/files/big-set.pdf and ${share.url}/files/just-a-page.pdf`);
    const docs = await t.app.documents.list(userId, r.job!.jobId);
    expect(docs.map((d) => [d.fileName, d.receivedVia])).toEqual([['Electrical Set.pdf', 'link']]);
    expect(readFileSync(await t.app.storage.localPath(JSON.parse(docs[0]!.pdfRef)))).toEqual(plans);
    expect(share.requests.slice(before, before + 2)).toEqual(['/files/big-set.pdf', expect.stringMatching(/^\/download\?id=%2Ffiles%2Fbig-set\.pdf&export=download&confirm=t&uuid=u-/)]);
    // A page without such a form is what it is: a web page, not the plans.
    expect(r.report.skipped).toEqual([{ name: expect.stringContaining('just-a-page'), reason: expect.stringMatching(/opened a web page, not a file/) }]);
  });

  it.skipIf(skip)('links to private addresses are refused after DNS resolution and on redirects; the job is made of the rest', async () => {
    share.put('/files/secret.pdf', good);
    share.redirect('/go/plans.pdf', `http://localhost:${share.port}/files/secret.pdf`);
    const text = [
      `Internal copy: http://localhost:${share.port}/files/secret.pdf`,
      `Mirror: ${share.url}/go/plans.pdf`,
      'Metadata: http://169.254.169.254/latest/plans.pdf',
      'Mapped: https://[::ffff:10.0.0.1]/set.zip',
    ].join('\n');
    const before = share.requests.length;
    const r = await submit([file('Arch.pdf', good)], text);
    expect((await t.app.documents.list(userId, r.job!.jobId)).map((d) => d.fileName)).toEqual(['Arch.pdf']);
    const reasons = Object.fromEntries(r.report.skipped.map((s) => [s.name, s.reason]));
    expect(reasons[`http://localhost:${share.port}/files/secret.pdf`]).toMatch(/private or internal address \(localhost → 127\.0\.0\.1\)/);
    expect(reasons[`${share.url}/go/plans.pdf`]).toMatch(/private or internal address \(localhost → 127\.0\.0\.1\)/);
    expect(reasons['http://169.254.169.254/latest/plans.pdf']).toMatch(/private or internal address/);
    expect(reasons['https://[::ffff:a00:1]/set.zip']).toMatch(/private or internal address/);
    // The only request that reached the server was the allowed host's redirect.
    expect(share.requests.slice(before)).toEqual(['/go/plans.pdf']);
  });

  it.skipIf(skip)('nothing usable: no job, and the answer says what was found and why it was not taken', async () => {
    const r = await submit([file('notes.docx', 'PK\u0003\u0004 not really'), file('photo.jpg', Buffer.from([0xff, 0xd8, 0xff, 0xe0]), 'image/jpeg')], 'The set is on https://app.buildingconnected.com/projects/123/files');
    expect(r.job).toBeNull();
    expect(r.error?.code).toBe('PACKAGE_EMPTY');
    const lines = packageReportLines(r.report).join('\n');
    expect(lines).toMatch(/photo\.jpg: not a PDF \(image\/jpeg\)/);
    expect(lines).toMatch(/notes\.docx: is not a readable ZIP archive/);
    expect(lines).toMatch(/https:\/\/app\.buildingconnected\.com\/projects\/123\/files is a BuildingConnected project page, which needs a sign-in.*attach it/);
  });

  it.skipIf(skip)('finds plan links (shares, direct files, plan rooms) and leaves other web addresses alone', () => {
    const links = findPlanLinks('See https://www.dropbox.com/scl/fi/abc/Set.pdf?rlkey=x&dl=0, our site https://gc.example/about and https://drive.google.com/file/d/1AbCdEfGhIjKlMnOp/view?usp=sharing. Room: https://app.procore.com/1/project/bidding');
    expect(links.map((l) => [l.service, l.kind])).toEqual([
      ['Dropbox', 'share'],
      ['Google Drive', 'share'],
      ['Procore', 'login'],
    ]);
    expect(directDownloadUrl('https://www.dropbox.com/scl/fi/abc/Set.pdf?rlkey=x&dl=0')).toBe('https://www.dropbox.com/scl/fi/abc/Set.pdf?rlkey=x&dl=1');
    expect(directDownloadUrl('https://drive.google.com/file/d/1AbCdEfGhIjKlMnOp/view?usp=sharing')).toBe('https://drive.google.com/uc?export=download&id=1AbCdEfGhIjKlMnOp');
    expect(directDownloadUrl('https://contoso.sharepoint.com/:b:/s/bids/EaBc?e=1')).toBe('https://contoso.sharepoint.com/:b:/s/bids/EaBc?e=1&download=1');
    expect(directDownloadUrl('https://1drv.ms/b/s!AbC')).toBe(`https://api.onedrive.com/v1.0/shares/u!${Buffer.from('https://1drv.ms/b/s!AbC').toString('base64url')}/root/content`);
    expect(directDownloadUrl('https://app.box.com/s/q1w2e3')).toBe('https://app.box.com/shared/static/q1w2e3');
  });

  it.skipIf(skip)('only public unicast addresses pass the address check', () => {
    for (const a of ['127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', 'fe80::1', 'fd00::1', '::ffff:192.168.0.1', '224.0.0.1']) expect(nonPublicReason(a), a).not.toBeNull();
    for (const a of ['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111', '::ffff:8.8.8.8']) expect(nonPublicReason(a), a).toBeNull();
  });
});
