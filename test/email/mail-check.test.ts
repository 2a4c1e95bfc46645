import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dovecotAvailable, startDovecot, type DovecotServer } from '../helpers/dovecot.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';
import { loadConfig } from '../../src/config.js';
import { runMailCheck } from '../../src/cli/commands/mail.js';

describe.skipIf(!dovecotAvailable())('redbutton mail check', () => {
  let dovecot: DovecotServer;
  let smtp: SmtpSink;
  const env = () => ({
    IMAP_HOST: dovecot.host,
    IMAP_PORT: String(dovecot.port),
    IMAP_USER: 'plans',
    IMAP_PASSWORD: 'right-password',
    IMAP_TLS: 'false',
    IMAP_DONE_MAILBOX: 'Processed',
    SMTP_URL: smtp.url,
    REDBUTTON_MAIL_FROM: 'Red Button <plans@rb.test>',
    REDBUTTON_INBOUND_ADDRESS: 'plans@rb.test',
    EMAIL_TRUSTED_AUTHSERV_ID: 'mx.rb.test',
  });
  beforeAll(async () => {
    dovecot = await startDovecot({ plans: 'right-password' });
    // The sink plays the MTA: mail for plans+anything@rb.test is delivered into the mailbox.
    smtp = await startSmtpSink({
      onMessage: (m) => {
        if (m.envelope.to.some((t) => /^plans\+[^@]+@rb\.test$/i.test(t))) dovecot.deliver('plans', m.raw);
      },
    });
  });
  afterAll(async () => {
    await smtp?.close();
    await dovecot?.stop();
  });

  it('passes with working settings, and proves plus-addressing with --roundtrip', async () => {
    const checks = await runMailCheck(loadConfig({ ...env(), REDBUTTON_DATA_DIR: '/tmp/unused' }), { roundtrip: true, timeoutMs: 20_000 });
    expect(checks.filter((c) => !c.ok)).toEqual([]);
    expect(checks.map((c) => c.name)).toEqual(expect.arrayContaining(['IMAP login', 'IMAP IDLE', 'mailbox', 'SMTP', 'plus-addressing']));
  });

  it('says what is wrong: bad password, closed port, missing settings', async () => {
    const bad = await runMailCheck(loadConfig({ ...env(), IMAP_PASSWORD: 'wrong', REDBUTTON_DATA_DIR: '/tmp/unused' }));
    expect(bad.find((c) => c.name === 'IMAP login')).toMatchObject({ ok: false, detail: expect.stringMatching(/login refused.*app password/s) });
    const closed = await runMailCheck(loadConfig({ ...env(), IMAP_PORT: '1', SMTP_URL: 'smtp://127.0.0.1:1', REDBUTTON_DATA_DIR: '/tmp/unused' }));
    expect(closed.find((c) => c.name === 'IMAP login')?.detail).toMatch(/nothing accepts IMAP connections/);
    expect(closed.find((c) => c.name === 'SMTP')?.detail).toMatch(/nothing accepts SMTP connections/);
    const missing = await runMailCheck(loadConfig({ REDBUTTON_DATA_DIR: '/tmp/unused' }));
    expect(missing.find((c) => c.name === 'settings')).toMatchObject({ ok: false, detail: expect.stringContaining('IMAP_HOST') });
  });
});
