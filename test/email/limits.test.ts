import { afterAll, beforeAll, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dovecotAvailable } from '../helpers/dovecot.js';
import { startEmailChannel } from '../../src/channels/email/index.js';
import { buildMail, folderCounts, makeWorld, passing, smallPdf, INBOUND, MAILBOX_USER, type World } from './setup.js';
import { describeOnBothDatabases } from '../helpers/on-both-databases.js';

/** Several PDFs in one e-mail, and the size and count limits applied before downloading. */
describeOnBothDatabases.skipIf(!dovecotAvailable())('e-mail channel: several PDFs, size and count limits', (backend) => {
  let w: World;
  beforeAll(async () => {
    w = await makeWorld({}, backend);
  });
  afterAll(async () => {
    await w?.close();
  });

  it('two PDFs in one e-mail: one note, then one contacts map for the package in the same thread', async () => {
    const channel = await w.start();
    const raw = await buildMail({
      stamped: passing('gc.test'),
      from: 'est@gc.test',
      to: INBOUND,
      subject: 'Fwd: Two sets',
      messageId: '<two-sets@gc.test>',
      attachments: [
        { filename: 'E-101.pdf', content: await smallPdf(), contentType: 'application/pdf' },
        { filename: 'FP-1.pdf', content: await smallPdf('SECTION 21 13 13 - WET-PIPE SPRINKLER SYSTEMS'), contentType: 'application/pdf' },
      ],
    });
    w.dovecot.deliver(MAILBOX_USER, raw);
    await channel.pollNow();
    const note = await w.smtp.waitFor((m) => (m.parsed.subject ?? '') === 'Re: Fwd: Two sets', { what: 'start note' });
    expect(note.parsed.text).toMatch(/Got 2 PDFs as one bid package \(\d+ KB[^)]*\):\n- E-101\.pdf.*\n- FP-1\.pdf/);
    const map = await w.smtp.waitFor((m) => (m.parsed.subject ?? '') === 'Re: Fwd: Two sets' && /Contacts map version 1/.test(m.parsed.text ?? ''), { what: 'the map' });
    expect(map.parsed.inReplyTo).toBe('<two-sets@gc.test>');
    expect(map.parsed.text).toContain('21 Fire Suppression');
    expect(map.parsed.text).toContain('26 Electrical');
    await channel.idle();
    expect(w.smtp.messages.filter((m) => /Contacts map version 1/.test(m.parsed.text ?? ''))).toHaveLength(1);
    expect((await w.t.app.repos.jobs.listForUser(w.estimator.userId)).map((j) => j.name)).toEqual(['Two sets']);
  });

  it('a message over the size limit is not downloaded; the sender is told', async () => {
    const channel = await w.start({ limits: { maxMessageBytes: 20_000 } });
    const big = await buildMail({ stamped: passing('gc.test'), from: 'est@gc.test', to: INBOUND, subject: 'Huge set', messageId: '<huge@gc.test>', attachments: [{ filename: 'huge.pdf', content: Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(40_000, 0x20)]), contentType: 'application/pdf' }] });
    w.dovecot.deliver(MAILBOX_USER, big);
    const before = (await w.t.app.repos.jobs.listForUser(w.estimator.userId)).length;
    const result = await channel.pollNow();
    expect(result?.handled[0]?.outcome.kind).toBe('too_large');
    const reply = await w.smtp.waitFor((m) => (m.parsed.subject ?? '') === 'Re: Huge set', { what: 'too-large reply' });
    expect(reply.parsed.text).toMatch(/I accept messages up to/);
    expect((await w.t.app.repos.jobs.listForUser(w.estimator.userId)).length).toBe(before);
  });

  it('polls on the IMAP_POLL_CRON schedule (no IDLE, nobody calling pollNow)', async () => {
    await w.channel?.stop();
    w.channel = undefined;
    const app = { ...w.t.app, config: { ...w.t.app.config, IMAP_POLL_CRON: '* * * * * *' } }; // every second
    const channel = await startEmailChannel(app, { idle: false, pollAtStart: false });
    try {
      w.dovecot.deliver(MAILBOX_USER, await buildMail({ stamped: passing('gc.test'), from: 'est@gc.test', to: INBOUND, subject: 'Scheduled', messageId: '<scheduled@gc.test>', text: 'no attachment' }));
      const reply = await w.smtp.waitFor((m) => (m.parsed.subject ?? '') === 'Re: Scheduled', { what: 'reply from a scheduled poll' });
      expect(reply.parsed.text).toMatch(/found no PDF/);
    } finally {
      await channel.stop();
    }
  });

  it('an answer that was not sent (e.g. SMTP down when the map was ready) is sent after the next poll', async () => {
    const channel = await w.start();
    const dir = mkdtempSync(join(tmpdir(), 'rb-missed-'));
    writeFileSync(join(dir, 'm.pdf'), await smallPdf());
    const thread = { channel: 'email', messageKey: 'missed@gc.test', messageId: '<missed@gc.test>', references: [], subject: 'Missed answer', fileName: 'm.pdf', part: 1, parts: 1 };
    const job = await w.t.app.intake.submitPdf({ userId: w.estimator.userId, sourcePath: join(dir, 'm.pdf'), fileName: 'm.pdf', origin: 'email', originContext: thread });
    rmSync(dir, { recursive: true, force: true });
    // Run without emitting job events: as if the answer had failed to go out.
    expect((await w.t.app.runner.runJob(job.jobId))?.status).toBe('CONTACT_MAP_READY');
    expect(w.smtp.messages.filter((m) => m.parsed.subject === 'Re: Missed answer')).toHaveLength(0);
    await channel.pollNow();
    const map = await w.smtp.waitFor((m) => m.parsed.subject === 'Re: Missed answer' && /Contacts map version 1/.test(m.parsed.text ?? ''), { what: 'missed map' });
    expect(map.parsed.inReplyTo).toBe('<missed@gc.test>');
    await channel.pollNow();
    await channel.idle();
    expect(w.smtp.messages.filter((m) => m.parsed.subject === 'Re: Missed answer')).toHaveLength(1);
  });

  it('handles at most maxMessagesPerPoll messages per poll; the rest wait for the next one', async () => {
    const channel = await w.start({ limits: { maxMessagesPerPoll: 2 } });
    for (const n of [1, 2, 3]) {
      w.dovecot.deliver(MAILBOX_USER, await buildMail({ stamped: passing('gc.test'), from: 'est@gc.test', to: INBOUND, subject: `Batch ${n}`, messageId: `<batch-${n}@gc.test>`, text: 'no attachment' }));
    }
    const first = await channel.pollNow();
    expect(first?.handled).toHaveLength(2);
    expect((await folderCounts(w)).inbox).toBe(1);
    const second = await channel.pollNow();
    expect(second?.handled.map((h) => h.messageKey)).toEqual(['batch-3@gc.test']);
    expect((await folderCounts(w)).inbox).toBe(0);
  });
});
