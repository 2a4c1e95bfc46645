import { describe, expect, it } from 'vitest';
import { backends } from '../../helpers/backends.js';
import { onlyUsers, skipNote, useBackend } from './use-backend.js';

describe.each(backends())('contacts map history on $name', (kind) => {
  const { skip } = kind;
  const skipped = skipNote(kind);
  const b = useBackend(kind, async (db) => {
    await onlyUsers(db, 'u1', 'u2');
    await db.raw(`INSERT INTO jobs (job_id, user_id, name) VALUES ('j1', 'u1', 'Clinic'), ('j2', 'u1', 'School')`);
  });
  const ref = (jobId: string, v: number) => JSON.stringify({ mode: 'LOCAL', location: `users/u1/jobs/${jobId}/contacts-map/v000${v}.json` });
  const version = (jobId: string, v: number, extra: { operations?: unknown; via?: string; userId?: string | null } = {}) => ({ jobId, version: v, ref: ref(jobId, v), userId: 'u1', summary: `version ${v}`, ...extra });

  it.skipIf(skip)(`lists a job's versions oldest first with their edits as JSON, only to the job's owner${skipped}`, async () => {
    await b.repos.mapHistory.append(version('j1', 2, { operations: [{ op: 'remove_contact', division: '09', contactId: 'c1' }], via: 'slack' }));
    await b.repos.mapHistory.append(version('j1', 1, { userId: null, via: 'pipeline' }));
    await b.repos.mapHistory.append(version('j2', 1));
    const list = await b.repos.mapHistory.listForUser('u1', 'j1');
    expect(list.map((h) => h.version)).toEqual([1, 2]);
    expect(list[0]).toMatchObject({ jobId: 'j1', userId: null, summary: 'version 1', operations: null, via: 'pipeline' });
    expect(JSON.parse(list[0]!.ref)).toEqual(JSON.parse(ref('j1', 1)));
    expect(JSON.parse(list[1]!.operations!)).toEqual([{ op: 'remove_contact', division: '09', contactId: 'c1' }]);
    expect(list[1]!.createdAt).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(await b.repos.mapHistory.listForUser('u2', 'j1')).toEqual([]);
    expect((await b.repos.mapHistory.findVersion('u1', 'j1', 2))?.via).toBe('slack');
    expect(await b.repos.mapHistory.findVersion('u2', 'j1', 2)).toBeUndefined();
    expect(await b.repos.mapHistory.findVersion('u1', 'j1', 3)).toBeUndefined();
  });

  it.skipIf(skip)(`refuses a second row for one version, and lets a re-run replace its version in one transaction${skipped}`, async () => {
    await b.repos.mapHistory.append(version('j1', 1));
    await expect(b.repos.mapHistory.append(version('j1', 1))).rejects.toThrow();
    const replacement = JSON.stringify({ mode: 'LOCAL', location: 'users/u1/jobs/j1/contacts-map/v0001-rerun.json' });
    await b.repos.transaction(async (tx) => {
      await tx.mapHistory.removeVersion('j1', 1);
      await tx.mapHistory.append({ ...version('j1', 1), ref: replacement });
    });
    const rows = await b.repos.mapHistory.listForUser('u1', 'j1');
    expect(rows).toHaveLength(1);
    expect(JSON.parse(rows[0]!.ref)).toEqual(JSON.parse(replacement));
  });

  it.skipIf(skip)(`keeps nothing of versions appended in a transaction that rolled back${skipped}`, async () => {
    await b.repos.mapHistory.append(version('j1', 1));
    await expect(
      b.repos.transaction(async (tx) => {
        await tx.mapHistory.append(version('j1', 2));
        await tx.mapHistory.removeVersion('j1', 1);
        throw new Error('the edit lost its race');
      }),
    ).rejects.toThrow('the edit lost its race');
    expect((await b.repos.mapHistory.listForUser('u1', 'j1')).map((h) => h.version)).toEqual([1]);
  });
});
