import { describe, expect, it } from 'vitest';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type Mail from 'nodemailer/lib/mailer/index.js';
import { PDFDocument } from 'pdf-lib';
import { classifyEnvelope, classifyRequest, readInbound, type InboundMessage } from '../../src/channels/email/classify.js';
import { collectPackage } from '../../src/channels/email/mail-package.js';
import type { JobRow } from '../../src/core/records.js';

// The classifier on its own: messages composed here, parsed as the mailbox poller parses them.
const OWN = { sender: 'redbutton@rb.test', inbound: 'plans@rb.test' };

async function message(mail: Mail.Options, extraHeaders: string[] = []): Promise<InboundMessage> {
  const raw = await new MailComposer(mail).compile().build();
  return readInbound(Buffer.concat([Buffer.from(extraHeaders.map((h) => `${h}\r\n`).join('')), raw]));
}

async function pdf(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.addPage([612, 792]);
  return Buffer.from(await doc.save());
}

/** Only the two fields the classifier reads of a job. */
const job = (jobId: string, userId: string) => ({ jobId, userId }) as JobRow;

async function request(mail: Mail.Options, keyed: JobRow | null | undefined, userId = 'u1') {
  const msg = await message(mail);
  return classifyRequest(msg, { userId, keyed, incoming: await collectPackage(msg.parsed, 2) });
}

describe('classifying an inbound message by its envelope', () => {
  it('tells a loop, a delivery report, automatic mail, mail without a sender and a person apart', async () => {
    expect(classifyEnvelope(await message({ from: 'plans+k1@rb.test', to: 'plans@rb.test', subject: 'x', text: 'x' }), OWN)).toEqual({ kind: 'loop' });
    expect(classifyEnvelope(await message({ from: 'RedButton@rb.test', to: 'plans@rb.test', subject: 'x', text: 'x' }), OWN)).toEqual({ kind: 'loop' });
    expect(classifyEnvelope(await message({ from: 'mailer-daemon@mx.gc.test', to: 'plans@rb.test', subject: 'Undelivered Mail Returned to Sender', text: 'x' }), OWN)).toEqual({ kind: 'bounce' });
    expect(classifyEnvelope(await message({ from: 'sub@elec.test', to: 'plans@rb.test', subject: 'Out of office', text: 'back Monday' }), OWN)).toEqual({ kind: 'automatic', reason: 'auto-reply subject' });
    expect(classifyEnvelope(await message({ from: 'sub@elec.test', to: 'plans@rb.test', subject: 'Re: bid', text: 'x', headers: { 'Auto-Submitted': 'auto-replied' } }), OWN)).toEqual({ kind: 'automatic', reason: 'Auto-Submitted: auto-replied' });
    expect(classifyEnvelope(await message({ to: 'plans@rb.test', subject: 'x', text: 'x' }), OWN)).toEqual({ kind: 'no_from' });
    expect(classifyEnvelope(await message({ from: 'Est <Est@GC.test>', to: 'plans@rb.test', subject: 'Fwd: plans', text: 'see attached' }), OWN)).toEqual({ kind: 'person', from: 'est@gc.test' });
  });

  it('a delivery report that is also marked automatic is a delivery report', async () => {
    const dsn = await message({ from: 'postmaster@mx.gc.test', to: 'plans@rb.test', subject: 'Delivery Status Notification (Failure)', text: 'x', headers: { 'Auto-Submitted': 'auto-replied' } });
    expect(classifyEnvelope(dsn, OWN).kind).toBe('bounce');
  });
});

describe("classifying what a user's message asks for", () => {
  const mine = job('j1', 'u1');

  it('a reply with a command to the key of their job is a reply; to another user\'s job it is refused; a gone job is said so', async () => {
    const r = await request({ subject: 'Re: contacts map', text: 'approve' }, mine);
    expect(r.kind).toBe('reply');
    expect(r.kind === 'reply' && r.commands.approve).toBe(true);
    expect((await request({ subject: 'Re: contacts map', text: 'approve' }, job('j2', 'u2'))).kind).toBe('foreign_job');
    expect((await request({ subject: 'Re: contacts map', text: 'approve' }, null)).kind).toBe('deleted_job');
  });

  it('plans replied into a job\'s thread are an addendum, unless the reply asks for a new job or also carries a command', async () => {
    const attachments = [{ filename: 'addendum 1.pdf', content: await pdf(), contentType: 'application/pdf' }];
    const addendum = await request({ subject: 'Re: contacts map', text: 'here is addendum 1', attachments }, mine);
    expect(addendum.kind).toBe('addendum');
    expect(addendum.kind === 'addendum' && addendum.files.map((f) => f.fileName)).toEqual(['addendum 1.pdf']);
    expect((await request({ subject: 'Re: contacts map — new job', text: 'a different project', attachments }, mine)).kind).toBe('plans');
    expect((await request({ subject: 'Re: contacts map', text: 'approve', attachments }, mine)).kind).toBe('reply');
  });

  it('without a key: plans start a job, a contacts list goes to the address book, a bare command is refused, anything else has no plans', async () => {
    expect((await request({ subject: 'Fwd: bid set', text: 'plans attached', attachments: [{ filename: 'a.pdf', content: await pdf() }] }, undefined)).kind).toBe('plans');
    expect((await request({ subject: 'Fwd: bid set', text: 'plans at https://www.dropbox.com/s/abc123/plans.pdf?dl=0' }, undefined)).kind).toBe('plans');
    const contacts = await request({ subject: 'our contacts', text: 'list attached', attachments: [{ filename: 'subs.csv', content: 'name,email\nA,a@x.test\n', contentType: 'text/csv' }] }, undefined);
    expect(contacts.kind === 'contacts' && contacts.files.map((f) => f.filename)).toEqual(['subs.csv']);
    expect((await request({ subject: 'job', text: 'approve' }, undefined)).kind).toBe('command_without_key');
    expect((await request({ subject: 'hello', text: 'how are you' }, undefined)).kind).toBe('no_plans');
  });
});
