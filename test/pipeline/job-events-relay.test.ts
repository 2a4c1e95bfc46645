import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobEvents } from '../../src/core/pipeline/events.js';
import type { JobRow } from '../../src/core/records.js';
import type { Repositories } from '../../src/db/repositories/index.js';
import { appBackends, openTestApp, type AnyTestApp } from '../helpers/app.js';
import { openRepositories } from './connection.js';

describe.each(appBackends())('job updates reach the channel of another process through the database on $backend', ({ backend, skip }) => {
  let t: AnyTestApp;
  let worker: Awaited<ReturnType<typeof openRepositories>>;
  let serve: JobEvents;
  let workerEvents: JobEvents;
  let serveRepos: Repositories;
  let workerRepos: Repositories;
  beforeAll(async () => {
    if (skip) return;
    t = await openTestApp(backend);
    worker = await openRepositories(t.env); // another process's connection
    serveRepos = t.app.repos;
    workerRepos = worker.repos;
    await t.raw("INSERT INTO users (user_id, email, password_hash) VALUES ('u1', 'a@b.test', 'x')");
    // `serve` has the Slack channel; the worker has no channel at all.
    serve = new JobEvents({ outbox: serveRepos.jobEvents, job: (id) => serveRepos.jobs.getInternal(id) });
    workerEvents = new JobEvents({ outbox: workerRepos.jobEvents, job: (id) => workerRepos.jobs.getInternal(id) });
    serve.on('slack', (job: JobRow) => void heard.push(`${job.name}:${job.status}`));
  });
  afterAll(async () => {
    await worker?.close();
    await t?.cleanup();
  });
  const heard: string[] = [];
  it.skipIf(skip)('what a worker finishes is told once, with the job as it is now, by the process that has the channel', async () => {
    const job = await workerRepos.jobs.create({ userId: 'u1', name: 'Riverside', origin: 'slack' });
    for (const [from, to] of [['NEW', 'PDF_SAVED'], ['PDF_SAVED', 'IMAGES_EXTRACTED'], ['IMAGES_EXTRACTED', 'CONTACT_MAP_READY']] as const) {
      await workerRepos.jobs.transition(job.jobId, from, to, {});
      await workerEvents.emit((await workerRepos.jobs.getInternal(job.jobId))!);
    }
    expect(heard).toEqual([]); // nobody in the worker listens
    // Two relays at once (two serve processes): the job is told once, in its current state.
    const relayed = await Promise.all([serve.relayOnce(), serve.relayOnce()]);
    expect(relayed.reduce((a, b) => a + b, 0)).toBe(1);
    expect(heard).toEqual(['Riverside:CONTACT_MAP_READY']);
    expect(await serve.relayOnce()).toBe(0);
  });

  it.skipIf(skip)('an update emitted where the channel is goes to it at once and is not relayed again', async () => {
    heard.length = 0;
    const job = await serveRepos.jobs.create({ userId: 'u1', name: 'Lakeside', origin: 'slack' });
    await serve.emit(job);
    expect(heard).toEqual(['Lakeside:NEW']);
    expect(await serve.relayOnce()).toBe(0);
    expect(heard).toEqual(['Lakeside:NEW']);
  });
});
