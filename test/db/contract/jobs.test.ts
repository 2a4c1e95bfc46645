import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../helpers/backends.js';
import { onlyUsers, skipNote, useBackend } from './use-backend.js';
import { setTimeout as sleep } from 'node:timers/promises';
import type { JobStatus } from '../../../src/core/domain/status.js';
import { PipelineRunner } from '../../../src/core/pipeline/runner.js';
import type { StageDefinition } from '../../../src/core/pipeline/stage.js';
import { openPostgres, type PgHandle } from '../../../src/db/pg/client.js';
import { createPgRepositories } from '../../../src/db/pg/repositories/index.js';
import { JOBS_QUEUED_CHANNEL } from '../../../src/db/pg/repositories/jobs.js';
import pg from 'pg';
import { freshDatabase, postgresAvailable, postgresSkipReason, type TestDatabase } from '../../helpers/postgres.js';

const SQLITE_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
const secondsFromNow = (text: string | null): number => (Date.parse(`${text!.replace(' ', 'T')}Z`) - Date.now()) / 1000;

describe.each(backends())('jobs and their leases on $name', (kind) => {
  const { skip } = kind;
  const skipped = skipNote(kind);
  const b = useBackend(kind, (db) => onlyUsers(db, 'u1', 'u2'));
  const setStatus = (jobId: string, status: JobStatus) => b.raw('UPDATE jobs SET status = ? WHERE job_id = ?', [status, jobId]);

  it.skipIf(skip)(`creates a job with its defaults and gives its context back as the JSON it was${skipped}`, async () => {
    const job = await b.repos.jobs.create({ userId: 'u1', name: 'Clinic', origin: 'email', originContext: { messageId: '<a@b>', thread: [1, 2] }, zipCode: '55303' });
    expect(job).toMatchObject({ userId: 'u1', name: 'Clinic', status: 'NEW', origin: 'email', zipCode: '55303', jsonsMode: 'LOCAL', attempts: 0, notes: null, leaseOwner: null });
    expect(JSON.parse(job.originContext!)).toEqual({ messageId: '<a@b>', thread: [1, 2] });
    expect(job.createdAt).toMatch(SQLITE_TIME);
    expect(Math.abs(secondsFromNow(job.createdAt))).toBeLessThan(120);
    expect(await b.repos.jobs.getInternal(job.jobId)).toEqual(job);
    const plain = await b.repos.jobs.create({ userId: 'u1', name: 'School' });
    expect(plain).toMatchObject({ origin: 'cli', originContext: null, zipCode: null });
  });

  it.skipIf(skip)(`keeps a job to its owner: another user's id is not found${skipped}`, async () => {
    const job = await b.repos.jobs.create({ userId: 'u1', name: 'Clinic' });
    expect(await b.repos.jobs.findForUser('u2', job.jobId)).toBeUndefined();
    await expect(b.repos.jobs.getForUser('u2', job.jobId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(b.repos.jobs.resolveForUser('u2', job.jobId.slice(0, 8))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await b.repos.jobs.getForUser('u1', job.jobId)).jobId).toBe(job.jobId);
    expect(await b.repos.jobs.listForUser('u2')).toEqual([]);
  });

  it.skipIf(skip)(`resolves a typed id: whole, a unique prefix in any case, and names the matches of an ambiguous one${skipped}`, async () => {
    await b.raw(
      `INSERT INTO jobs (job_id, user_id, name) VALUES ('abcd1111-0000-4000-8000-000000000001', 'u1', 'Library'), ('abcd2222-0000-4000-8000-000000000002', 'u1', 'Museum'), ('abcd3333-0000-4000-8000-000000000003', 'u2', 'Depot')`,
    );
    expect((await b.repos.jobs.resolveForUser('u1', ' ABCD1 ')).name).toBe('Library');
    expect((await b.repos.jobs.resolveForUser('u1', 'abcd2222-0000-4000-8000-000000000002')).name).toBe('Museum');
    const ambiguous = b.repos.jobs.resolveForUser('u1', 'abcd');
    await expect(ambiguous).rejects.toMatchObject({ code: 'VALIDATION' });
    const message = await ambiguous.catch((e: { userMessage: string }) => e.userMessage);
    expect(message).toContain('abcd1111 Library');
    expect(message).toContain('abcd2222 Museum');
    expect(message).not.toContain('Depot'); // another user's job is never named
    await expect(b.repos.jobs.resolveForUser('u1', 'abcd3')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(b.repos.jobs.resolveForUser('u1', 'abc')).rejects.toMatchObject({ code: 'NOT_FOUND' }); // too short to guess from
    await expect(b.repos.jobs.resolveForUser('u1', 'ab%d')).rejects.toMatchObject({ code: 'NOT_FOUND' }); // no wildcards
  });

  it.skipIf(skip)(`lists a user's jobs newest first, also jobs made in one transaction, and finds the newest unfailed one of a PDF${skipped}`, async () => {
    const made = await b.repos.transaction(async (tx) => {
      const out = [];
      for (const name of ['first', 'second', 'third']) out.push(await tx.jobs.create({ userId: 'u1', name }));
      return out;
    });
    const fourth = await b.repos.jobs.create({ userId: 'u1', name: 'fourth' });
    expect((await b.repos.jobs.listForUser('u1')).map((j) => j.name)).toEqual(['fourth', 'third', 'second', 'first']);
    expect((await b.repos.jobs.listForUser('u1', 2)).map((j) => j.name)).toEqual(['fourth', 'third']);

    for (const j of [...made, fourth]) await b.repos.jobs.patchInState(j.jobId, 'NEW', { pdfSha256: 'f00d' });
    await b.repos.jobs.fail(fourth.jobId, 'read_pages', 'broken');
    expect((await b.repos.jobs.findSamePdf('u1', 'f00d'))?.name).toBe('third'); // the newest that did not fail
    expect(await b.repos.jobs.findSamePdf('u2', 'f00d')).toBeUndefined();
    expect(await b.repos.jobs.findSamePdf('u1', 'beef')).toBeUndefined();
  });

  it.skipIf(skip)(`lists unfinished jobs oldest first, leaving out maps, sent and failed jobs${skipped}`, async () => {
    const names = ['new', 'saved', 'map', 'sent', 'failed', 'submitted'];
    const jobs = await b.repos.transaction(async (tx) => {
      const out = [];
      for (const name of names) out.push(await tx.jobs.create({ userId: name === 'saved' ? 'u2' : 'u1', name }));
      return out;
    });
    const statuses: JobStatus[] = ['NEW', 'PDF_SAVED', 'CONTACT_MAP_READY', 'EMAILED', 'FAILED', 'LLM_SUBMITTED'];
    for (const [i, job] of jobs.entries()) await setStatus(job.jobId, statuses[i]!);
    expect((await b.repos.jobs.listUnfinished()).map((j) => j.name)).toEqual(['new', 'saved', 'submitted']);
  });

  it.skipIf(skip)(`moves a job only out of the state the caller expects: the loser of a race gets false${skipped}`, async () => {
    const job = await b.repos.jobs.create({ userId: 'u1', name: 'Clinic' });
    const ref = JSON.stringify({ mode: 'LOCAL', location: 'users/u1/jobs/x/plan.pdf' });
    const results = await Promise.all([
      b.repos.jobs.transition(job.jobId, 'NEW', 'PDF_SAVED', { pdfRef: ref, pageCount: 12 }),
      b.repos.jobs.transition(job.jobId, 'NEW', 'PDF_SAVED', { pdfRef: ref, pageCount: 99 }),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
    const moved = (await b.repos.jobs.getInternal(job.jobId))!;
    expect(moved.status).toBe('PDF_SAVED');
    expect(JSON.parse(moved.pdfRef!)).toEqual(JSON.parse(ref));
    expect(await b.repos.jobs.transition(job.jobId, 'NEW', 'FAILED')).toBe(false);
    expect(await b.repos.jobs.patchInState(job.jobId, 'NEW', { name: 'renamed' })).toBe(false);
    expect(await b.repos.jobs.patchInState(job.jobId, 'PDF_SAVED', { name: 'renamed', usage: JSON.stringify({ tokens: 5 }) })).toBe(true);
    const patched = (await b.repos.jobs.getInternal(job.jobId))!;
    expect(patched).toMatchObject({ name: 'renamed', status: 'PDF_SAVED', pageCount: moved.pageCount });
    expect(JSON.parse(patched.usage!)).toEqual({ tokens: 5 });
  });

  it.skipIf(skip)(`replaces the map's ref only from the version the edit started from, for the owner, in an allowed state${skipped}`, async () => {
    const job = await b.repos.jobs.create({ userId: 'u1', name: 'Clinic' });
    const v = (n: number) => JSON.stringify({ mode: 'LOCAL', location: `users/u1/jobs/${job.jobId}/contacts-map/v000${n}.json` });
    expect(await b.repos.jobs.replaceMapRef(job.jobId, 'u1', null, v(1), ['CONTACT_MAP_READY'])).toBe(false); // not in an allowed state
    await setStatus(job.jobId, 'CONTACT_MAP_READY');
    expect(await b.repos.jobs.replaceMapRef(job.jobId, 'u2', null, v(1), ['CONTACT_MAP_READY'])).toBe(false); // not the owner
    expect(await b.repos.jobs.replaceMapRef(job.jobId, 'u1', null, v(1), ['CONTACT_MAP_READY'])).toBe(true);
    expect(await b.repos.jobs.replaceMapRef(job.jobId, 'u1', null, v(2), ['CONTACT_MAP_READY'])).toBe(false); // the map is no longer empty
    // The ref as read back (whatever the database did to its text) is what the next edit starts from.
    const current = (await b.repos.jobs.getInternal(job.jobId))!.contactsMapRef;
    const race = await Promise.all([
      b.repos.jobs.replaceMapRef(job.jobId, 'u1', current, v(2), ['CONTACT_MAP_READY']),
      b.repos.jobs.replaceMapRef(job.jobId, 'u1', current, v(3), ['CONTACT_MAP_READY']),
    ]);
    expect(race.filter(Boolean)).toHaveLength(1);
    const winner = race[0] ? v(2) : v(3);
    expect(JSON.parse((await b.repos.jobs.getInternal(job.jobId))!.contactsMapRef!)).toEqual(JSON.parse(winner));
  });

  it.skipIf(skip)(`counts a stage's attempts once per call, even when calls overlap, and resets them${skipped}`, async () => {
    const job = await b.repos.jobs.create({ userId: 'u1', name: 'Clinic' });
    const counts = await Promise.all([1, 2, 3, 4, 5].map(() => b.repos.jobs.bumpAttempts(job.jobId)));
    expect(counts.sort()).toEqual([1, 2, 3, 4, 5]);
    await b.repos.jobs.resetAttempts(job.jobId);
    expect(await b.repos.jobs.bumpAttempts(job.jobId)).toBe(1);
    expect(await b.repos.jobs.bumpAttempts('no-such-job')).toBe(0);
  });

  it.skipIf(skip)(`fails a job with its reason from any state but a final one${skipped}`, async () => {
    const job = await b.repos.jobs.create({ userId: 'u1', name: 'Clinic' });
    expect(await b.repos.jobs.fail(job.jobId, 'read_pages', 'The PDF is password protected.')).toBe(true);
    expect(await b.repos.jobs.getInternal(job.jobId)).toMatchObject({ status: 'FAILED', failedStage: 'read_pages', failureReason: 'The PDF is password protected.' });
    expect(await b.repos.jobs.fail(job.jobId, 'other', 'again')).toBe(false);
    const sent = await b.repos.jobs.create({ userId: 'u1', name: 'Sent' });
    await setStatus(sent.jobId, 'EMAILED');
    expect(await b.repos.jobs.fail(sent.jobId, 'x', 'y')).toBe(false);
    expect((await b.repos.jobs.getInternal(sent.jobId))?.status).toBe('EMAILED');
  });

  it.skipIf(skip)(`leaves nothing of a job made in a transaction that rolled back${skipped}`, async () => {
    await expect(
      b.repos.transaction(async (tx) => {
        const job = await tx.jobs.create({ userId: 'u1', name: 'Doomed' });
        expect(await tx.jobs.getInternal(job.jobId)).toBeDefined();
        throw new Error('upload failed');
      }),
    ).rejects.toThrow('upload failed');
    expect(await b.repos.jobs.listForUser('u1')).toEqual([]);
  });

  it.skipIf(skip)(`leases a job in the expected state to one owner at a time, until it runs out or is given back${skipped}`, async () => {
    const job = await b.repos.jobs.create({ userId: 'u1', name: 'Clinic' });
    await setStatus(job.jobId, 'PDF_SAVED');
    expect(await b.repos.leases.claim(job.jobId, 'NEW', 'host:1:a', 60)).toBe(false); // not in that state any more
    expect(await b.repos.leases.claim(job.jobId, 'PDF_SAVED', 'host:1:a', 60)).toBe(true);
    const held = (await b.repos.jobs.getInternal(job.jobId))!;
    expect(held.leaseOwner).toBe('host:1:a');
    expect(held.leaseUntil).toMatch(SQLITE_TIME);
    expect(secondsFromNow(held.leaseUntil)).toBeGreaterThan(30);
    expect(secondsFromNow(held.leaseUntil)).toBeLessThan(90);
    expect(await b.repos.leases.claim(job.jobId, 'PDF_SAVED', 'host:2:b', 60)).toBe(false);
    expect(await b.repos.leases.claim(job.jobId, 'PDF_SAVED', 'host:1:a', 600)).toBe(true); // the owner renews
    expect(secondsFromNow((await b.repos.jobs.getInternal(job.jobId))!.leaseUntil)).toBeGreaterThan(300);

    await b.repos.leases.release(job.jobId, 'host:2:b'); // not the owner: nothing happens
    expect((await b.repos.jobs.getInternal(job.jobId))!.leaseOwner).toBe('host:1:a');
    await b.raw(`UPDATE jobs SET lease_until = '2000-01-01 00:00:00' WHERE job_id = ?`, [job.jobId]);
    expect(await b.repos.leases.claim(job.jobId, 'PDF_SAVED', 'host:2:b', 60)).toBe(true); // ran out: anyone may take it
    await b.repos.leases.release(job.jobId, 'host:2:b');
    expect(await b.repos.jobs.getInternal(job.jobId)).toMatchObject({ leaseOwner: null, leaseUntil: null });
  });

  it.skipIf(skip)(`breaks only the named dead owner's lease${skipped}`, async () => {
    const job = await b.repos.jobs.create({ userId: 'u1', name: 'Clinic' });
    expect(await b.repos.leases.claim(job.jobId, 'NEW', 'host:1:dead', 600)).toBe(true);
    expect(await b.repos.leases.breakLease(job.jobId, 'host:2:alive')).toBe(false);
    expect((await b.repos.jobs.getInternal(job.jobId))!.leaseOwner).toBe('host:1:dead');
    expect(await b.repos.leases.breakLease(job.jobId, 'host:1:dead')).toBe(true);
    expect(await b.repos.jobs.getInternal(job.jobId)).toMatchObject({ leaseOwner: null, leaseUntil: null });
    expect(await b.repos.leases.claim(job.jobId, 'NEW', 'host:3:next', 600)).toBe(true);
    expect(await b.repos.leases.breakLease(job.jobId, 'host:1:dead')).toBe(false); // someone else's now
  });

  it.skipIf(skip)(`claims the next job a sweep may take, oldest first: free, lease ended or holder known gone — never a live holder's, its own or a finished one${skipped}`, async () => {
    const make = async (name: string, status: JobStatus, owner: string | null, leaseUntil: string | null) => {
      const job = await b.repos.jobs.create({ userId: 'u1', name });
      await b.raw('UPDATE jobs SET status = ?, lease_owner = ?, lease_until = ? WHERE job_id = ?', [status, owner, leaseUntil, job.jobId]);
      return job.jobId;
    };
    const later = '2999-01-01 00:00:00';
    await make('held by a live worker', 'PDF_SAVED', 'host:2:live', later);
    const free = await make('free', 'NEW', null, null);
    await make('finished', 'CONTACT_MAP_READY', null, null);
    await make('mine already', 'PDF_SAVED', 'host:1:me', '2000-01-01 00:00:00');
    const ranOut = await make('lease ran out', 'IMAGES_EXTRACTED', 'host:3:slow', '2000-01-01 00:00:00');
    const dead = await make('holder gone', 'LLM_SUBMITTED', 'host:4:dead', later);

    expect((await b.repos.leases.holders()).sort()).toEqual(['host:2:live', 'host:4:dead']); // live leases on unfinished jobs
    const first = await b.repos.leases.claimNext('host:1:me', 60);
    expect(first?.previousOwner).toBeNull();
    expect(first?.job).toMatchObject({ jobId: free, leaseOwner: 'host:1:me', status: 'NEW', name: 'free' });
    expect(first!.job.leaseUntil).toMatch(SQLITE_TIME);
    expect(secondsFromNow(first!.job.leaseUntil)).toBeGreaterThan(30);
    expect(secondsFromNow(first!.job.leaseUntil)).toBeLessThan(90);
    expect(await b.repos.leases.claimNext('host:1:me', 60)).toMatchObject({ job: { jobId: ranOut }, previousOwner: 'host:3:slow' });
    expect(await b.repos.leases.claimNext('host:1:me', 60)).toBeUndefined();
    expect(await b.repos.leases.claimNext('host:1:me', 60, ['host:9:other-dead'])).toBeUndefined();
    expect(await b.repos.leases.claimNext('host:1:me', 60, ['host:4:dead'])).toMatchObject({ job: { jobId: dead }, previousOwner: 'host:4:dead' });
    expect(await b.repos.jobs.getInternal(dead)).toMatchObject({ leaseOwner: 'host:1:me', status: 'LLM_SUBMITTED' });
    expect((await b.repos.leases.holders()).sort()).toEqual(['host:1:me', 'host:2:live']);
  });

  it.skipIf(skip)(`gives each job to exactly one of two owners claiming all of them at once${skipped}`, async () => {
    const jobs = await Promise.all(Array.from({ length: 12 }, (_, i) => b.repos.jobs.create({ userId: 'u1', name: `job ${i}` })));
    const wins = await Promise.all(
      jobs.flatMap((j) => [b.repos.leases.claim(j.jobId, 'NEW', 'host:1:a', 60).then((ok) => (ok ? 'a' : '')), b.repos.leases.claim(j.jobId, 'NEW', 'host:2:b', 60).then((ok) => (ok ? 'b' : ''))]),
    );
    for (const [i, job] of jobs.entries()) {
      const pair = wins.slice(2 * i, 2 * i + 2).filter(Boolean);
      expect(pair).toHaveLength(1);
      expect((await b.repos.jobs.getInternal(job.jobId))!.leaseOwner).toBe(pair[0] === 'a' ? 'host:1:a' : 'host:2:b');
    }
  });
});

describe.skipIf(!postgresAvailable())(`job leases across processes on Postgres${postgresAvailable() ? '' : ` (skipped: ${postgresSkipReason})`}`, () => {
  let db: TestDatabase;
  const handles: PgHandle[] = [];
  beforeAll(async () => {
    db = await freshDatabase();
  });
  afterAll(async () => {
    for (const h of handles) await h.close();
    await db?.drop();
  });

  it('gives 40 jobs to 4 claimers on their own pools (4 hosts) claiming at once: each job to exactly one, none twice', async () => {
    const pools = await Promise.all(Array.from({ length: 4 }, () => openPostgres(db.url, { max: 1 })));
    handles.push(...pools);
    const claimers = pools.map((h) => createPgRepositories(h));
    const user = await claimers[0]!.users.create('race@gc.test', 'long enough password');
    for (let i = 0; i < 40; i++) await claimers[0]!.jobs.create({ userId: user.userId, name: `race ${i}` });
    const taken = await Promise.all(
      claimers.map(async (repos, i) => {
        const mine: string[] = [];
        for (let c = await repos.leases.claimNext(`host${i}:1:c`, 60); c; c = await repos.leases.claimNext(`host${i}:1:c`, 60)) mine.push(c.job.jobId);
        return mine;
      }),
    );
    const all = taken.flat();
    expect(all).toHaveLength(40);
    expect(new Set(all).size).toBe(40);
    for (const [i, mine] of taken.entries()) for (const id of mine) expect((await claimers[0]!.jobs.getInternal(id))?.leaseOwner).toBe(`host${i}:1:c`);
    await claimers[0]!.jobs.create({ userId: user.userId, name: 'left' }); // the others stay held: only the new one is free
    expect((await claimers[1]!.leases.claimNext('host9:1:late', 60))?.job.name).toBe('left');
    await pools[0]!.pool.query('DELETE FROM users WHERE user_id = $1', [user.userId]); // its jobs go too: the next test lists all unfinished jobs
  });

  it('announces a job released with stages still to run, and one queued by a channel, on the queued-jobs channel; not one released when done', async () => {
    const handle = await openPostgres(db.url, { max: 2 });
    handles.push(handle);
    const repos = createPgRepositories(handle);
    const listener = new pg.Client({ connectionString: db.url });
    await listener.connect();
    const heard: string[] = [];
    let hear: () => void = () => {};
    listener.on('notification', (n) => {
      heard.push(n.payload ?? '');
      hear();
    });
    await listener.query(`LISTEN ${JOBS_QUEUED_CHANNEL}`);
    const heardCount = (n: number) => new Promise<void>((resolve) => (hear = () => heard.length >= n && resolve()));
    try {
      const user = await repos.users.create('notify@gc.test', 'long enough password');
      const done = await repos.jobs.create({ userId: user.userId, name: 'done' });
      const stopped = await repos.jobs.create({ userId: user.userId, name: 'stopped half-way' });
      for (const j of [done, stopped]) expect(await repos.leases.claim(j.jobId, 'NEW', 'host:1:w', 60)).toBe(true);
      await repos.jobs.transition(done.jobId, 'NEW', 'CONTACT_MAP_READY');
      const two = heardCount(2);
      await repos.leases.release(done.jobId, 'host:1:w'); // finished: nothing to announce
      await repos.leases.release(stopped.jobId, 'host:2:not-the-holder'); // not released: nothing either
      await repos.leases.release(stopped.jobId, 'host:1:w');
      await repos.jobs.announceQueued('queued-by-a-channel');
      await two;
      expect(heard).toEqual([stopped.jobId, 'queued-by-a-channel']);
      expect(await repos.jobs.getInternal(stopped.jobId)).toMatchObject({ leaseOwner: null, leaseUntil: null });
      await handle.pool.query('DELETE FROM users WHERE user_id = $1', [user.userId]);
    } finally {
      await listener.end();
    }
  });

  it('runs every stage of every job once when two runners, each with its own pool (two hosts), are asked for all of them at once', async () => {
    // Each "process" has its own pool and repositories, as two workers on two hosts would.
    for (let i = 0; i < 2; i++) handles.push(await openPostgres(db.url, { max: 3 }));
    const [one, two] = handles.map((h) => createPgRepositories(h));
    await one!.users.create('est@gc.test', 'long enough password').then(async (u) => {
      for (let i = 0; i < 10; i++) {
        const job = await one!.jobs.create({ userId: u.userId, name: `job ${i}` });
        await one!.jobs.transition(job.jobId, 'NEW', 'PDF_SAVED');
      }
    });
    const ran: string[] = [];
    const stages = (who: string): StageDefinition[] => [
      { name: 'read', from: 'PDF_SAVED', to: 'IMAGES_EXTRACTED', run: async (job) => { ran.push(`${job.jobId} read ${who}`); await sleep(5); return {}; } },
      { name: 'map', from: 'IMAGES_EXTRACTED', to: 'CONTACT_MAP_READY', run: async (job) => { ran.push(`${job.jobId} map ${who}`); await sleep(5); return {}; } },
    ];
    const runners = [new PipelineRunner({ jobs: one!.jobs, leases: one!.leases, stages: stages('one') }), new PipelineRunner({ jobs: two!.jobs, leases: two!.leases, stages: stages('two') })];
    const jobs = await one!.jobs.listUnfinished();
    await Promise.all(jobs.flatMap((j) => runners.map((r) => r.runJob(j.jobId))));
    const perStage = ran.map((line) => line.split(' ').slice(0, 2).join(' '));
    expect(new Set(perStage).size).toBe(perStage.length); // no stage ran twice
    expect(perStage).toHaveLength(2 * jobs.length);
    for (const j of jobs) expect(await two!.jobs.getInternal(j.jobId)).toMatchObject({ status: 'CONTACT_MAP_READY', leaseOwner: null });
  });
});
