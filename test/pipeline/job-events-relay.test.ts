import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openDatabase } from '../../src/db/client.js';
import { migrate } from '../../src/db/migrate.js';
import { createRepositories } from '../../src/db/repositories/index.js';
import { JobEvents } from '../../src/core/pipeline/events.js';
import type { JobRow } from '../../src/core/records.js';
import { makeTempDir } from '../helpers/app.js';

describe('job updates reach the channel of another process through the database', () => {
  const t = makeTempDir();
  const file = join(t.dir, 'db.sqlite');
  const serveDb = openDatabase(file);
  migrate(serveDb.sqlite);
  const workerDb = openDatabase(file); // another process's connection
  afterAll(() => {
    serveDb.close();
    workerDb.close();
    t.cleanup();
  });
  const serveRepos = createRepositories(serveDb.db);
  const workerRepos = createRepositories(workerDb.db);
  serveDb.sqlite.prepare("INSERT INTO users (user_id, email, password_hash) VALUES ('u1', 'a@b.test', 'x')").run();
  // `serve` has the Slack channel; the worker has no channel at all.
  const serve = new JobEvents({ outbox: serveRepos.jobEvents, job: (id) => serveRepos.jobs.getInternal(id) });
  const worker = new JobEvents({ outbox: workerRepos.jobEvents, job: (id) => workerRepos.jobs.getInternal(id) });
  const heard: string[] = [];
  serve.on('slack', (job: JobRow) => void heard.push(`${job.name}:${job.status}`));

  it('what a worker finishes is told once, with the job as it is now, by the process that has the channel', async () => {
    const job = await workerRepos.jobs.create({ userId: 'u1', name: 'Riverside', origin: 'slack' });
    for (const [from, to] of [['NEW', 'PDF_SAVED'], ['PDF_SAVED', 'IMAGES_EXTRACTED'], ['IMAGES_EXTRACTED', 'CONTACT_MAP_READY']] as const) {
      await workerRepos.jobs.transition(job.jobId, from, to, {});
      await worker.emit((await workerRepos.jobs.getInternal(job.jobId))!);
    }
    expect(heard).toEqual([]); // nobody in the worker listens
    // Two relays at once (two serve processes): the job is told once, in its current state.
    const relayed = await Promise.all([serve.relayOnce(), serve.relayOnce()]);
    expect(relayed.reduce((a, b) => a + b, 0)).toBe(1);
    expect(heard).toEqual(['Riverside:CONTACT_MAP_READY']);
    expect(await serve.relayOnce()).toBe(0);
  });

  it('an update emitted where the channel is goes to it at once and is not relayed again', async () => {
    heard.length = 0;
    const job = await serveRepos.jobs.create({ userId: 'u1', name: 'Lakeside', origin: 'slack' });
    await serve.emit(job);
    expect(heard).toEqual(['Lakeside:NEW']);
    expect(await serve.relayOnce()).toBe(0);
    expect(heard).toEqual(['Lakeside:NEW']);
  });
});
