import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { auth, CONTACTS_CSV, startHttpTest, uploadAndProcess, writePlanSet, type HttpTestEnv } from './helpers.js';
import { repoRoot } from '../helpers/app.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';
import { reviewLink } from '../../src/core/auth/review-link.js';
import { OutreachSender } from '../../src/core/outreach/sender.js';

/**
 * The whole review flow in a real browser (headless Chromium, no JavaScript needed by the page):
 * open the link from the map e-mail, untick a contact, add one, press the red button, confirm —
 * and the invitations arrive at a real SMTP server through the outreach sender.
 */
const ARTIFACTS = join(repoRoot, 'test-artifacts');

let env: HttpTestEnv;
let sink: SmtpSink;
let browser: Browser;
let sender: OutreachSender;
let sending: Promise<void>;
let jobId: string;
let base: string;

// SQLite only: the slow part is Chromium rendering; the review page's database path (map, CSRF,
// save, approve, revocation by a second App) runs on both databases in review.test.ts.
beforeAll(async () => {
  sink = await startSmtpSink();
  let poke: () => void = () => undefined;
  env = await startHttpTest({ SMTP_URL: sink.url }, { onApproved: () => poke() });
  sender = new OutreachSender(env.app, { pollMs: 60_000 });
  poke = () => sender.poke();
  sending = sender.run();
  await env.server.inject({ method: 'POST', url: '/contacts/import', payload: CONTACTS_CSV, headers: { ...auth(env.alice.token), 'content-type': 'text/csv' } });
  jobId = await uploadAndProcess(env, readFileSync(await writePlanSet(env.dir)), undefined, undefined, { sendable: false });
  // Who signs: set once through the API, as a new user would.
  const profile = await env.server.inject({
    method: 'PUT',
    url: '/profile',
    headers: auth(env.alice.token),
    payload: { full_name: 'Alice Morgan', title: 'Chief Estimator', phone: '(612) 555-0142', company_name: 'Acme Builders', company_address: '400 Main St, Minneapolis, MN 55401' },
  });
  expect(profile.statusCode, profile.body).toBe(200);
  base = await env.server.listen({ host: '127.0.0.1', port: 0 });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  mkdirSync(ARTIFACTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await sender?.stop();
  await sending;
  await env?.close();
  await sink?.close();
});

describe('review page in a browser', () => {
  it('untick, add a contact, press the red button, confirm: the invitations arrive', async () => {
    const link = reviewLink(env.app, jobId, env.alice.userId);
    const url = base + new URL(link).pathname;
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(url);

    await expect(page.locator('h1').textContent()).resolves.toContain('Test Clinic');
    const bolt = page.getByRole('checkbox', { name: /Bolt Electrical/ });
    const acme = page.getByRole('checkbox', { name: /Acme Electric/ });
    expect(await bolt.isChecked()).toBe(true);
    expect(await acme.isChecked()).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'review-page.png'), fullPage: true });

    // Untick Bolt, then add a new electrician; the add submits the ticks with it.
    await bolt.uncheck();
    await page.getByRole('textbox', { name: 'E-mail' }).fill('bids@new-sparks.test');
    await page.getByRole('textbox', { name: 'Company (optional)' }).fill('New Sparks <Inc>');
    await page.getByLabel('Trade').selectOption('26');
    await page.getByRole('button', { name: 'Add contact' }).click();
    await page.waitForURL(/msg=added/);
    await expect(page.getByRole('status').textContent()).resolves.toContain('Contact added');
    expect(await page.getByRole('checkbox', { name: /Bolt Electrical/ }).isChecked()).toBe(false);
    expect(await page.getByRole('checkbox', { name: /New Sparks <Inc>/ }).isChecked()).toBe(true);

    // Without the subs' due date the page says what is missing; set it in the details form.
    await expect(page.locator('#details').textContent()).resolves.toContain("bid due date is not set");
    const year = new Date().getUTCFullYear() + 1;
    await page.getByRole('textbox', { name: /Subs' bids due/ }).fill(`Dec 15 ${year} 2pm CT`);
    await page.getByRole('textbox', { name: 'Street address' }).fill('2300 Elm Street');
    await page.getByRole('button', { name: 'Save details' }).click();
    await page.waitForURL(/msg=details/);
    expect(await page.getByRole('textbox', { name: /Subs' bids due/ }).inputValue()).toMatch(new RegExp(`December 15, ${year} at 2:00 PM CST`));

    // The red button, then the confirmation step with the e-mail each trade's first recipient gets.
    await page.getByRole('button', { name: 'Send invitations' }).click();
    const question = await page.locator('h2').first().textContent();
    expect(question).toBe('Send 3 invitations to 3 companies across 2 trades?');
    const preview = page.locator('section.preview').first();
    await expect(preview.textContent()).resolves.toMatch(/Subject: Acme Builders invites you to bid: Test Clinic/);
    await expect(preview.textContent()).resolves.toContain('From: "Alice Morgan at Acme Builders"');
    await page.screenshot({ path: join(ARTIFACTS, 'review-confirm.png'), fullPage: true });

    // The HTML e-mail itself on a 390 px phone: nothing wider than the screen, big answer buttons.
    const phone = await browser.newContext({ javaScriptEnabled: true, viewport: { width: 390, height: 844 } });
    const mailPage = await phone.newPage();
    await mailPage.goto(base + (await preview.getByRole('link', { name: 'See the HTML e-mail' }).getAttribute('href'))!);
    // (evaluated in the page: the test's own TypeScript has no DOM types)
    const widths = (await mailPage.evaluate('({ doc: document.documentElement.scrollWidth, body: document.body.scrollWidth, view: window.innerWidth })')) as { doc: number; body: number; view: number };
    expect(widths.view).toBe(390);
    expect(widths.doc).toBeLessThanOrEqual(390);
    expect(widths.body).toBeLessThanOrEqual(390);
    const button = await mailPage.getByRole('link', { name: 'Bidding', exact: true }).boundingBox();
    expect(button!.height).toBeGreaterThanOrEqual(44); // a thumb-sized target
    expect(button!.width).toBeGreaterThan(300);
    await expect(mailPage.locator('body').textContent()).resolves.toContain(`December 15, ${year} at 2:00 PM CST`);
    await mailPage.screenshot({ path: join(ARTIFACTS, 'invitation-390px.png'), fullPage: true });
    await phone.close();

    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.waitForURL(/msg=sent/);
    await expect(page.getByRole('status').textContent()).resolves.toContain('Invitations queued');
    await page.screenshot({ path: join(ARTIFACTS, 'review-sent.png'), fullPage: true });

    const mails = await sink.waitForCount(() => true, 3, { what: 'invitation' });
    const to = mails.flatMap((m) => m.envelope.to).sort();
    expect(to).toEqual(['bid@pipepros.test', 'bids@acme-electric.test', 'bids@new-sparks.test']);
    expect(sink.to('estimating@bolt-electric.test')).toEqual([]);
    expect(mails.every((m) => (m.parsed.subject ?? '').startsWith('Acme Builders invites you to bid: Test Clinic'))).toBe(true);
    // The e-mail as received, rendered at 390 px: still no horizontal scrolling.
    const received = await browser.newContext({ javaScriptEnabled: true, viewport: { width: 390, height: 844 } });
    const rp = await received.newPage();
    await rp.setContent(String(mails[0]!.parsed.html));
    expect(await rp.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await received.close();

    // After the red button the same link opens the job's coverage page; nothing there sends the map twice.
    await page.goto(url);
    await expect(page.locator('h1').textContent()).resolves.toContain('Test Clinic');
    await expect(page.locator('.life').textContent()).resolves.toMatch(/(sending, )?sent [0-3]\/3 · bids due in \d+ days/);
    expect(await page.getByRole('button', { name: 'Send invitations' }).count()).toBe(0);
    // Electrical has two subs who may bid, one short of 3: the contact unticked earlier is proposed.
    await expect(page.locator('#trade-26').textContent()).resolves.toContain('1 short of 3');
    expect(await page.getByRole('checkbox', { name: /Bolt Electrical/ }).isChecked()).toBe(true);
    const phoneWidth = (await page.evaluate('({ doc: document.documentElement.scrollWidth, view: window.innerWidth })')) as { doc: number; view: number };
    expect(phoneWidth.doc).toBeLessThanOrEqual(phoneWidth.view);
    await page.screenshot({ path: join(ARTIFACTS, 'coverage-390px.png'), fullPage: true });
    await context.close();

    // At a desktop width: "Invite these too" sends only to the proposed contact, once.
    const desktop = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
    const dp = await desktop.newPage();
    await dp.goto(url);
    const deskWidth = (await dp.evaluate('({ doc: document.documentElement.scrollWidth, view: window.innerWidth })')) as { doc: number; view: number };
    expect(deskWidth.doc).toBeLessThanOrEqual(deskWidth.view);
    await dp.screenshot({ path: join(ARTIFACTS, 'coverage-desktop.png'), fullPage: true });
    await dp.getByRole('button', { name: 'Invite these too' }).click();
    await dp.waitForURL(/msg=invited/);
    await expect(dp.getByRole('status').textContent()).resolves.toContain('More invitations queued');
    await sink.waitFor((m) => m.envelope.to.includes('estimating@bolt-electric.test'), { what: 'the added invitation' });
    for (const addr of ['bid@pipepros.test', 'bids@acme-electric.test', 'bids@new-sparks.test', 'estimating@bolt-electric.test']) expect(sink.to(addr), addr).toHaveLength(1);
    // Target and reminders stay editable after sending.
    await dp.getByRole('spinbutton', { name: 'Bidders wanted per trade' }).fill('2');
    await dp.getByRole('textbox', { name: /Reminders, days before/ }).fill('2');
    await dp.getByRole('button', { name: 'Save', exact: true }).click();
    await dp.waitForURL(/msg=followup/);
    await expect(dp.locator('#trade-26').textContent()).resolves.toContain('on target');
    await expect(dp.locator('body').textContent()).resolves.toContain('(2 days before)');
    await desktop.close();
    const emails = (await env.server.inject({ method: 'GET', url: `/jobs/${jobId}/emails`, headers: auth(env.alice.token) })).json() as { emails: { to_email: string }[] };
    expect(emails.emails).toHaveLength(4);
  });
});
