import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobEvents } from '../../src/core/pipeline/events.js';
import type { JobRow } from '../../src/core/records.js';
import { JobEventsWakeUps } from '../../src/db/pg/repositories/job-events.js';
import { postgresAvailable, postgresSkipReason } from '../helpers/postgres.js';
import { pgProcesses, type PgProcesses } from '../helpers/pg-processes.js';

describe.skipIf(!postgresAvailable())(`job updates wake the relay of another process on Postgres${postgresAvailable() ? '' : ` (skipped: ${postgresSkipReason})`}`, () => {
  let p: PgProcesses;
  beforeAll(async () => {
    p = await pgProcesses(2);
    await p.raw(`INSERT INTO users (user_id, email, password_hash) VALUES ('u1', 'est@gc.test', 'x')`);
    await p.raw(`INSERT INTO jobs (job_id, user_id, name, origin, status) VALUES ('j1', 'u1', 'Riverside', 'slack', 'CONTACT_MAP_READY')`);
  });
  afterAll(async () => {
    await p?.close();
  });

  it('an update a worker records reaches the channel at once, not at the next poll (the poll here is an hour)', async () => {
    const [serveRepos, workerRepos] = p.repos as [PgProcesses['repos'][0], PgProcesses['repos'][0]];
    // The job as it is now, read directly: this test is about the wake-up, not the jobs repository.
    const current = async (id: string) => (await p.raw<JobRow>(`SELECT job_id AS "jobId", origin, name, status FROM jobs WHERE job_id = $1`, [id]))[0];
    const wake = new JobEventsWakeUps(p.url);
    const hour = 60 * 60_000;
    await wake.listen(hour); // LISTENing before the worker records, as a running serve is
    // The relay's first round (nothing to relay yet) is over when it first waits.
    let waiting!: () => void;
    const relayWaits = new Promise<void>((resolve) => (waiting = resolve));
    const serve = new JobEvents({
      outbox: serveRepos.jobEvents,
      job: current,
      wait: (ms) => {
        waiting();
        return wake.wait(ms);
      },
    });
    const worker = new JobEvents({ outbox: workerRepos.jobEvents, job: current });
    let heard!: (job: JobRow) => void;
    const told = new Promise<JobRow>((resolve) => (heard = resolve));
    serve.on('slack', (job) => heard(job));
    const stop = serve.startRelay(hour);
    try {
      await relayWaits;
      await worker.emit((await current('j1'))!); // the worker has no channel: it only records the update
      expect(await told).toMatchObject({ jobId: 'j1', status: 'CONTACT_MAP_READY' });
    } finally {
      await wake.close(); // ends the relay's wait, so stop() returns at once
      await stop();
    }
  });
});
