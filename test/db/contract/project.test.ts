import { describe, expect, it } from 'vitest';
import { backends, type TestBackend } from '../../helpers/backends.js';
import { onlyUsers, skipNote, useBackend } from './use-backend.js';

/** Resolves once a session of this database waits on a lock (another transaction holds the row). */
async function blockedSession(b: TestBackend): Promise<void> {
  for (let i = 0; i < 500; i++) {
    const [row] = await b.raw<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`);
    if (row!.n > 0) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('no session ever waited on a lock');
}

describe.each(backends())('job details and profiles on $name', (kind) => {
  const { skip } = kind;
  const skipped = skipNote(kind);
  const b = useBackend(kind, async (db) => {
    await db.raw('DELETE FROM companies');
    await onlyUsers(db, 'u1', 'u2', 'u3');
    await db.raw(`INSERT INTO jobs (job_id, user_id, name) VALUES ('j1', 'u1', 'Clinic')`);
  });

  it.skipIf(skip)(`creates a job's details on first write and changes only the fields a later write names; JSON fields come back as the same JSON${skipped}`, async () => {
    expect(await b.repos.jobDetails.get('j1')).toBeUndefined();
    const first = await b.repos.jobDetails.upsert('j1', { city: 'Anoka', dueDate: '2027-03-01', scopeNotes: JSON.stringify({ '09': 'Gypsum board only', '26': 'No fire alarm' }), reminderDays: '[7, 3, 1]', updatedVia: 'http' });
    expect(first).toMatchObject({ jobId: 'j1', city: 'Anoka', dueDate: '2027-03-01', updatedVia: 'http', streetAddress: null });
    expect(JSON.parse(first.scopeNotes!)).toEqual({ '09': 'Gypsum board only', '26': 'No fire alarm' });
    expect(JSON.parse(first.reminderDays!)).toEqual([7, 3, 1]);
    const second = await b.repos.jobDetails.upsert('j1', { streetAddress: '100 Main St', dueDate: null, updatedVia: 'slack' });
    expect(second).toMatchObject({ city: 'Anoka', streetAddress: '100 Main St', dueDate: null, updatedVia: 'slack' });
    expect(JSON.parse(second.reminderDays!)).toEqual([7, 3, 1]);
    expect(await b.repos.jobDetails.get('j1')).toEqual(second);
  });

  it.skipIf(skip)(`keeps each estimator's profile to themselves${skipped}`, async () => {
    expect(await b.repos.profiles.get('u1')).toEqual({ profile: undefined, company: undefined });
    await b.repos.profiles.updateProfile('u1', { fullName: 'Pat Estimator', title: 'Estimator' });
    await b.repos.profiles.updateProfile('u1', { phone: '612-555-0100' });
    const { profile, company } = await b.repos.profiles.get('u1');
    expect(profile).toMatchObject({ userId: 'u1', fullName: 'Pat Estimator', title: 'Estimator', phone: '612-555-0100', companyId: null });
    expect(company).toBeUndefined();
    expect((await b.repos.profiles.get('u2')).profile).toBeUndefined();
  });

  it.skipIf(skip)(`creates the company on the first update that names it, then changes that same company; colleagues join it${skipped}`, async () => {
    expect(await b.repos.profiles.updateCompany('u1', { phone: '763-555-0199' })).toBeUndefined(); // no company and no name: nothing to create
    expect((await b.repos.profiles.get('u1')).profile).toBeUndefined();
    const made = (await b.repos.profiles.updateCompany('u1', { name: 'GC Builders', address: '100 Main St' }))!;
    expect(made).toMatchObject({ name: 'GC Builders', address: '100 Main St', phone: null });
    const changed = await b.repos.profiles.updateCompany('u1', { phone: '763-555-0199' });
    expect(changed).toMatchObject({ companyId: made.companyId, name: 'GC Builders', phone: '763-555-0199' });
    expect((await b.repos.profiles.get('u1')).company).toEqual(changed);

    expect(await b.repos.profiles.joinCompanyOf('u3', 'u2')).toBeUndefined(); // the colleague has no company
    expect((await b.repos.profiles.joinCompanyOf('u2', 'u1'))?.companyId).toBe(made.companyId);
    expect((await b.repos.profiles.get('u2')).company?.name).toBe('GC Builders');
    await b.repos.profiles.updateCompany('u2', { name: 'GC Builders Inc.' }); // one company: both see the change
    expect((await b.repos.profiles.get('u1')).company?.name).toBe('GC Builders Inc.');
  });

  it.skipIf(skip)(`makes one company when a second update for a user without one comes while the first is still open${skipped}`, async () => {
    let entered!: () => void;
    const inside = new Promise<void>((r) => (entered = r));
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const first = b.repos.transaction(async (tx) => {
      const made = await tx.profiles.updateCompany('u1', { name: 'First Name' });
      entered();
      await held; // the first update's transaction stays open, its company not yet visible to others
      return made;
    });
    await inside;
    const second = b.repos.profiles.updateCompany('u1', { name: 'Second Name' });
    if (b.name === 'postgres') await blockedSession(b); // the second waits for the first, rather than making its own company
    release();
    const [a, c] = await Promise.all([first, second]);
    expect(c?.companyId).toBe(a?.companyId);
    expect(c?.name).toBe('Second Name');
    expect(await b.raw('SELECT company_id FROM companies')).toHaveLength(1);
    expect((await b.repos.profiles.get('u1')).company?.companyId).toBe(a?.companyId);
  });

  it.skipIf(skip)(`rolls a profile change back with its transaction${skipped}`, async () => {
    await expect(
      b.repos.transaction(async (tx) => {
        await tx.profiles.updateCompany('u1', { name: 'GC Builders' });
        await tx.jobDetails.upsert('j1', { city: 'Anoka' });
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await b.repos.profiles.get('u1')).toEqual({ profile: undefined, company: undefined });
    expect(await b.repos.jobDetails.get('j1')).toBeUndefined();
    expect(await b.raw('SELECT company_id FROM companies')).toHaveLength(0);
  });
});
