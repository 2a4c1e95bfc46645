import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import PDFDocument from 'pdfkit';
import { createWriteStream } from 'node:fs';
import { appBackends, openTestApp, type AnyTestApp } from '../helpers/app.js';
import { readyJob } from '../helpers/jobs.js';
import { projectFacts } from '../helpers/project-facts.js';
import { parsePostcode } from '../../src/core/contacts/geo.js';
import { jobDetailsFromFacts, sendBlocker } from '../../src/core/project/details.js';
import { parseMoment, formatMoment } from '../../src/core/project/time.js';
import { approveJob } from '../../src/core/outreach/index.js';
import { parseReplyCommands } from '../../src/channels/email/commands.js';

describe.each(appBackends())('zip and postal codes on $backend', ({ backend, skip }) => {
  it.skipIf(skip)('accepts US 5-digit and ZIP+4 and Canadian postal codes, normalised', () => {
    expect(parsePostcode(' 55303 ')).toEqual({ code: '55303', country: 'US' });
    expect(parsePostcode('55303-1234')).toEqual({ code: '55303-1234', country: 'US' });
    expect(parsePostcode('553031234')).toEqual({ code: '55303-1234', country: 'US' });
    expect(parsePostcode('k1a0b1')).toEqual({ code: 'K1A 0B1', country: 'CA' });
  });

  it.skipIf(skip)('takes Canadian postal codes on contacts too, and refuses a zip of the wrong shape', async () => {
    const t = await openTestApp(backend);
    try {
      const userId = (await t.app.repos.users.create('est@gc.test', 'password123')).userId;
      expect((await t.app.addressBook.add(userId, { email: 'a@ottawa-electric.test', zipCode: 'k1a0b1' })).zipCode).toBe('K1A 0B1');
      await expect(t.app.addressBook.add(userId, { email: 'b@x.test', zipCode: 'abc' })).rejects.toThrow(expect.objectContaining({ code: 'VALIDATION' }));
      // (A 4-digit zip in a file is a spreadsheet's dropped leading zero and is put back; three digits are wrong.)
      await expect(t.app.addressBook.importCsv(userId, 'name,email,zip\nBad Zip,c@x.test,553\n')).rejects.toThrow(
        expect.objectContaining({ userMessage: expect.stringContaining('"553" is not a US zip or Canadian postal code') }),
      );
    } finally {
      await t.cleanup();
    }
  });

  it.skipIf(skip)('an edit to a contact is checked like an add: a bad zip, e-mail or trade changes nothing', async () => {
    const t = await openTestApp(backend);
    try {
      const userId = (await t.app.repos.users.create('est@gc.test', 'password123')).userId;
      const c = await t.app.addressBook.add(userId, { email: 'a@anoka-drywall.test', zipCode: '55303', trades: '09' });
      for (const [patch, says] of [
        [{ zipCode: '5530', phone: '612-555-0100' }, '"5530" is not a zip or postal code'],
        [{ email: 'not an address', phone: '612-555-0100' }, '"not an address" is not a valid e-mail address'],
        [{ trades: 'Basket weaving', phone: '612-555-0100' }, 'Unknown trade "Basket weaving"'],
      ] as const) {
        await expect(t.app.addressBook.update(userId, c.contactId, patch)).rejects.toThrow(expect.objectContaining({ userMessage: expect.stringContaining(says) }));
      }
      expect(await t.app.repos.contacts.getForUser(userId, c.contactId)).toMatchObject({ zipCode: '55303', email: 'a@anoka-drywall.test', trades: c.trades, phone: null });
      expect(await t.app.addressBook.update(userId, c.contactId, { zipCode: 't2p 1j9', email: ' B@Anoka-Drywall.test ' })).toMatchObject({ zipCode: 'T2P 1J9', email: 'b@anoka-drywall.test' });
    } finally {
      await t.cleanup();
    }
  });

  it.each(['abc', '5530', '00000', '553033', 'D1A 0B1', ''])('refuses %j with a message saying what a zip looks like', (zip) => {
    expect(() => parsePostcode(zip)).toThrow(expect.objectContaining({ code: 'VALIDATION', userMessage: expect.stringMatching(/zip or postal code/) }));
  });
});

describe('dates people write', () => {
  const now = new Date('2026-12-01T15:00:00Z');
  it('reads a date, time and zone, and a date without a year as the next one', () => {
    expect(parseMoment('Dec 12 2pm', 'bid due date', now)).toEqual({ date: '2026-12-12', time: '14:00', timeZone: null });
    expect(parseMoment('December 12, 2026 at 14:00 CT', 'bid due date', now)).toEqual({ date: '2026-12-12', time: '14:00', timeZone: 'America/Chicago' });
    expect(parseMoment('2027-01-05 10:30 America/New_York', 'bid due date', now)).toEqual({ date: '2027-01-05', time: '10:30', timeZone: 'America/New_York' });
    expect(parseMoment('Jan 5 9am PT', 'bid due date', now)).toMatchObject({ date: '2027-01-05', timeZone: 'America/Los_Angeles' });
    expect(formatMoment({ date: '2026-12-12', time: '14:00' }, 'America/Chicago')).toBe('Saturday, December 12, 2026 at 2:00 PM CST');
  });
  it('refuses text with no date in it', () => {
    expect(() => parseMoment('whenever', 'bid due date', now)).toThrow(expect.objectContaining({ code: 'VALIDATION', userMessage: expect.stringContaining('Dec 12 2pm CT') }));
  });
});

describe('details from the documents', () => {
  it('fills name, address and zone from the facts, and keeps the owner bid date only as a hint', () => {
    const f = jobDetailsFromFacts(projectFacts({ name: 'Elm Street Library', streetAddress: '2300 Elm Street', city: 'Lafayette', state: 'IN', zip: '47904', bidDue: '2027-03-03', preBidMeeting: '2027-02-10' }));
    expect(f).toMatchObject({ name: 'Elm Street Library', streetAddress: '2300 Elm Street', city: 'Lafayette', stateOrProvince: 'IN', zipCode: '47904', timeZone: 'America/Indiana/Indianapolis' });
    expect(f.jobWalk).toEqual({ date: '2027-02-10', time: null, note: null });
    expect(f.ownerBidDate).toBe('Wednesday, March 3, 2027');
  });
  it('reads nothing from documents that say nothing, and drops a zip no post office uses', () => {
    expect(jobDetailsFromFacts(null)).toMatchObject({ name: null, zipCode: null, timeZone: null, ownerBidDate: null });
    expect(jobDetailsFromFacts(projectFacts({ zip: '00000' })).zipCode).toBeNull();
  });
});

describe.each(appBackends())('project details of a job on $backend', ({ backend, skip }) => {
  let t: AnyTestApp;
  let userId: string;
  beforeEach(async () => {
    if (skip) return;
    t = await openTestApp(backend, { REDBUTTON_MAIL_FROM: 'Bids <bids@gc.test>' });
    userId = (await t.app.repos.users.create('est@gc.test', 'password123')).userId;
    await t.app.addressBook.importCsv(userId, 'name,email,trades,zip\nVolt Electric,v@volt.test,26,55401\nFar Away Electric,far@away.test,26,\n');
  });
  afterEach(async () => {
    if (!skip) await t.cleanup();
  });

  it.skipIf(skip)('blocks sending without a due date (naming the owner bid date as a hint), then with a past one', async () => {
    const { jobId, map } = await readyJob(t.app, userId, ['26'], { sendable: false });
    const d = await t.app.details.get(userId, jobId);
    expect(sendBlocker(d)).toMatch(/bid due date is not set.*owner's bid date as Tuesday, December 15, 2026/s);
    await expect(approveJob(t.app, userId, jobId, { version: map.version })).rejects.toMatchObject({ code: 'VALIDATION', userMessage: expect.stringContaining('bid due date is not set') });

    // A past date cannot be entered …
    await expect(t.app.details.edit(userId, jobId, { bid_due: '2020-01-01 14:00 CT' }, 'test')).rejects.toMatchObject({ userMessage: expect.stringContaining('is in the past') });
    // … and one that passed since blocks the red button.
    await t.app.repos.jobDetails.upsert(jobId, { dueDate: '2020-01-01', dueTime: '14:00', timeZone: 'America/Chicago' });
    await expect(approveJob(t.app, userId, jobId, { version: map.version })).rejects.toMatchObject({ userMessage: expect.stringContaining('has passed') });
    expect(await t.app.maps.invitationsQueued(jobId)).toBe(false); // nothing half-approved
  });

  it.skipIf(skip)('blocks sending until the estimator and company are named', async () => {
    const { jobId, map } = await readyJob(t.app, userId, ['26'], { sendable: false });
    await t.app.details.edit(userId, jobId, { bid_due: `Dec 15 ${new Date().getUTCFullYear() + 1} 2pm CT` }, 'test');
    await expect(approveJob(t.app, userId, jobId, { version: map.version })).rejects.toMatchObject({ userMessage: expect.stringMatching(/signed with your company name and your name/) });
  });

  it.skipIf(skip)('edits every field, takes the zone written with the time, validates the zip, and warns when the zip is far from the documents', async () => {
    const { jobId } = await readyJob(t.app, userId, ['26'], { sendable: false });
    const year = new Date().getUTCFullYear() + 1;
    const d = await t.app.details.edit(
      userId,
      jobId,
      { name: 'Elm Street Library', street_address: '2300 Elm St', city: 'Anoka', state_or_province: 'MN', bid_due: `Jan 12 ${year} 2pm ET`, job_walk: `Jan 5 ${year} 10am`, job_walk_note: 'Meet at the north gate', rfi_deadline: `Jan 8 ${year} 5pm`, message: 'Bid form attached.', scope_notes: { Electrical: 'Include site lighting' } },
      'test',
    );
    expect(d).toMatchObject({ name: 'Elm Street Library', timeZone: 'America/New_York', bidDue: { date: `${year}-01-12`, time: '14:00' }, jobWalk: { time: '10:00', note: 'Meet at the north gate' }, scopeNotes: { '26': 'Include site lighting' } });
    expect(sendBlocker(d)).toBeNull();
    await expect(t.app.details.edit(userId, jobId, { zip_code: 'abc' }, 'test')).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(t.app.details.edit(userId, jobId, { zip_code: '00000' }, 'test')).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(t.app.details.edit(userId, jobId, { colour: 'red' }, 'test')).rejects.toMatchObject({ userMessage: expect.stringContaining('Unknown field(s): colour') });
    expect(d.warnings).toEqual([]);
    // The documents put the project in Anoka, MN (55303); a mistyped zip in California is far away.
    const far = await t.app.details.edit(userId, jobId, { zip_code: '93210' }, 'test');
    expect(far.zipCode).toBe('93210');
    expect(far.warnings).toEqual([expect.stringMatching(/^The job's zip 93210 is 1,\d{3} miles from the location in the documents \(Anoka, MN 55303\)/)]);
  });

  it.skipIf(skip)('never lets another user read or change the details', async () => {
    const { jobId } = await readyJob(t.app, userId, ['26']);
    const other = (await t.app.repos.users.create('rival@gc2.test', 'password123')).userId;
    await expect(t.app.details.get(other, jobId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(t.app.details.edit(other, jobId, { message: 'hi' }, 'test')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it.skipIf(skip)('offers the existing job when the same PDF comes again, and makes a new one only when asked', async () => {
    const pdf = join(t.dir, 'plans.pdf');
    await new Promise<void>((resolve) => {
      const doc = new PDFDocument();
      const out = createWriteStream(pdf);
      out.on('finish', resolve);
      doc.pipe(out);
      doc.text('SHEET E101 POWER PLAN');
      doc.end();
    });
    const first = await t.app.intake.submitPdf({ userId, sourcePath: pdf, fileName: 'plans.pdf', origin: 'cli' });
    await expect(t.app.intake.submitPdf({ userId, sourcePath: pdf, fileName: 'plans-copy.pdf', origin: 'email' })).rejects.toMatchObject({
      code: 'CONFLICT',
      userMessage: expect.stringContaining(`You sent this PDF before: job ${first.jobId}`),
      details: { existingJobId: first.jobId },
    });
    const second = await t.app.intake.submitPdf({ userId, sourcePath: pdf, fileName: 'plans.pdf', origin: 'cli', allowDuplicate: true });
    expect(second.jobId).not.toBe(first.jobId);
    // Another user's identical PDF is their own job.
    const other = (await t.app.repos.users.create('rival@gc2.test', 'password123')).userId;
    await expect(t.app.intake.submitPdf({ userId: other, sourcePath: pdf, fileName: 'plans.pdf', origin: 'cli' })).resolves.toBeTruthy();
    writeFileSync(join(t.dir, 'unused'), ''); // keep the temp dir non-empty for cleanup symmetry
  });

  it.skipIf(skip)('accepts job ids by a unique prefix', async () => {
    const { jobId } = await readyJob(t.app, userId, ['26']);
    expect((await t.app.repos.jobs.resolveForUser(userId, jobId.slice(0, 8))).jobId).toBe(jobId);
    await expect(t.app.repos.jobs.resolveForUser(userId, 'zz')).rejects.toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });
});

describe('e-mail reply lines for the details', () => {
  it('reads due, job walk, RFI, zip, scope notes and preview; other lines are left as they were', () => {
    const c = parseReplyCommands('due: Dec 12 2pm\nJob walk: Dec 3 10am\nRFI deadline: Dec 8 5pm CT\nzip: 55303\nscope 26: include site lighting\npreview\nremove Volt from 26\nplease hurry');
    expect(c.details).toEqual({ bid_due: 'Dec 12 2pm', job_walk: 'Dec 3 10am', rfi_deadline: 'Dec 8 5pm CT', zip_code: '55303', scope_notes: { '26': 'include site lighting' } });
    expect(c.preview).toBe(true);
    expect(c.edits).toEqual([{ op: 'deselect', contact: 'Volt', trade: '26' }]);
    expect(c.unknown).toEqual(['please hurry']);
  });
});
