import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, type TestBackend } from '../../helpers/backends.js';

describe.each(backends())('Slack threads repository on $name', ({ skip, open }) => {
  let b: TestBackend;
  beforeAll(async () => {
    if (!skip) b = await open();
  });
  afterAll(async () => {
    await b?.close();
  });

  it.skipIf(skip)(`a thread belongs to the newest job a file shared in it started; other threads, workspaces and unsettled files have none${skip ? ` (skipped: ${skip})` : ''}`, async () => {
    await b.raw(`INSERT INTO users (user_id, email, password_hash) VALUES ('alice', 'alice@gc.test', 'x')`);
    await b.raw(`INSERT INTO jobs (job_id, user_id, name) VALUES ('j1', 'alice', 'Clinic'), ('j2', 'alice', 'Clinic again')`);
    const file = (fileId: string, status: string, jobId: string | null, at: string, threadTs = '100.1') =>
      b.raw(`INSERT INTO slack_files (file_id, team_id, slack_user_id, channel_id, thread_ts, status, job_id, created_at) VALUES (?, 'T', 'U', 'C', ?, ?, ?, ?)`, [fileId, threadTs, status, jobId, at]);
    await file('F1', 'job', 'j1', '2026-03-01 10:00:00');
    await file('F2', 'job', 'j2', '2026-03-01 11:00:00');
    await file('F3', 'claimed', null, '2026-03-01 12:00:00');
    await file('F4', 'rejected', 'j1', '2026-03-01 13:00:00');
    await file('F5', 'claimed', null, '2026-03-01 09:00:00', '200.2');

    expect((await b.repos.slackThreads.jobOfThread('T', 'C', '100.1'))?.jobId).toBe('j2');
    expect((await b.repos.slackThreads.jobOfThread('T', 'C', '100.1'))?.name).toBe('Clinic again');
    expect(await b.repos.slackThreads.jobOfThread('T', 'C', '200.2')).toBeUndefined();
    expect(await b.repos.slackThreads.jobOfThread('T2', 'C', '100.1')).toBeUndefined();
    expect(await b.repos.slackThreads.jobOfThread('T', 'C9', '100.1')).toBeUndefined();
    // the job went away: its file no longer names it (ON DELETE SET NULL), and the thread has no job
    await b.raw(`DELETE FROM jobs WHERE job_id = 'j2'`);
    expect((await b.repos.slackThreads.jobOfThread('T', 'C', '100.1'))?.jobId).toBe('j1');
  });
});
