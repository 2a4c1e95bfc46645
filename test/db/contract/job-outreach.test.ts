import { describe, expect, it } from 'vitest';
import { backends } from '../../helpers/backends.js';
import { onlyUsers, skipNote, useBackend } from './use-backend.js';

describe.each(backends())('a job outreach view on $name', (kind) => {
  const { skip } = kind;
  const skipped = skipNote(kind);
  const b = useBackend(kind, async (db) => {
    await db.raw('DELETE FROM email_logs');
    await onlyUsers(db, 'u1');
    await db.raw(`INSERT INTO jobs (job_id, user_id, name) VALUES ('j1', 'u1', 'Clinic'), ('j2', 'u1', 'School')`);
    await db.raw(
      `INSERT INTO contacts (contact_id, user_id, name, email) VALUES ('c1', 'u1', 'Acme Drywall', 'bids@acme.test'), ('c2', 'u1', 'Bolt Electric', 'Est@bolt.test'), ('c3', 'u1', 'Cove Plumbing', 'cove@cove.test')`,
    );
  });
  const log = (emailId: string, jobId: string, contactId: string, toEmail: string, createdAt: string, kind = 'invitation', occasion = '') =>
    b.raw(`INSERT INTO email_logs (email_id, job_id, contact_id, to_email, created_at, kind, occasion, trades) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, [emailId, jobId, contactId, toEmail, createdAt, kind, occasion, '["09"]']);

  it.skipIf(skip)(`lists a job's messages oldest first, then by address in byte order${skipped}`, async () => {
    // The test cluster sorts text by bytes already (C locale); a language collation, as production may have, would not.
    if (b.name === 'postgres') await b.raw(`ALTER TABLE email_logs ALTER COLUMN to_email TYPE text COLLATE "en-US-x-icu"`);
    await log('e3', 'j1', 'c3', 'cove@cove.test', '2027-01-02 09:00:00');
    await log('e1', 'j1', 'c1', 'bids@acme.test', '2027-01-01 09:00:00');
    await log('e2', 'j1', 'c2', 'Est@bolt.test', '2027-01-01 09:00:00'); // same second: 'E' sorts before 'b' by bytes
    await log('r1', 'j1', 'c1', 'bids@acme.test', '2027-01-03 09:00:00', 'reminder', 'r7');
    await log('x1', 'j2', 'c1', 'bids@acme.test', '2027-01-01 08:00:00');
    const rows = await b.repos.jobOutreach.listForJob('j1');
    expect(rows.map((r) => r.emailId)).toEqual(['e2', 'e1', 'e3', 'r1']);
    expect(rows[0]).toMatchObject({ jobId: 'j1', contactId: 'c2', status: 'QUEUED', createdAt: '2027-01-01 09:00:00', kind: 'invitation' });
    expect(JSON.parse(rows[0]!.trades!)).toEqual(['09']);
    expect(await b.repos.jobOutreach.listForJob('no-such-job')).toEqual([]);
    if (b.name === 'postgres') await b.raw(`ALTER TABLE email_logs ALTER COLUMN to_email TYPE text COLLATE "default"`);
  });

  it.skipIf(skip)(`names the contact of each invitation, leaving out reminders${skipped}`, async () => {
    await log('e1', 'j1', 'c1', 'bids@acme.test', '2027-01-01 09:00:00');
    await log('e2', 'j1', 'c2', 'Est@bolt.test', '2027-01-01 09:00:01');
    await log('r1', 'j1', 'c1', 'bids@acme.test', '2027-01-03 09:00:00', 'reminder', 'r7');
    await log('x1', 'j2', 'c3', 'cove@cove.test', '2027-01-01 08:00:00');
    const named = await b.repos.jobOutreach.listWithContactNames('j1');
    expect(named.map((n) => [n.log.emailId, n.name]).sort()).toEqual([
      ['e1', 'Acme Drywall'],
      ['e2', 'Bolt Electric'],
    ]);
  });

  it.skipIf(skip)(`tells the map version approved for sending, and nothing before the red button${skipped}`, async () => {
    expect(await b.repos.jobOutreach.approvedVersion('j1')).toBeUndefined();
    await b.raw(`INSERT INTO outreach_approvals (job_id, user_id, map_version, queued) VALUES ('j1', 'u1', 3, 2)`);
    expect(await b.repos.jobOutreach.approvedVersion('j1')).toBe(3);
    expect(await b.repos.jobOutreach.approvedVersion('j2')).toBeUndefined();
  });
});
