import { mkdirSync, mkdtempSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_TEMPLATES_DIR, loadInvitationTemplates, renderInvitation, type InvitationInput } from '../../src/core/outreach/index.js';

const input = (extra: Partial<InvitationInput> = {}): InvitationInput => ({
  map: { project: { name: 'Riverside Clinic' }, trades: [{ division: '26', name: 'Electrical', evidence: [{ sheet: 'E-101' }] }] } as unknown as InvitationInput['map'],
  divisions: ['26'],
  contactName: 'Acme Electric',
  details: {
    jobId: 'j1', name: 'Riverside Clinic', streetAddress: '2300 Elm Street', city: 'Anoka', stateOrProvince: 'MN', country: 'US', zipCode: '55303',
    timeZone: 'America/Chicago', bidDue: { date: '2026-12-12', time: '14:00' }, jobWalk: null, rfiDeadline: null, message: null, scopeNotes: {},
    hints: { ownerBidDate: null, documentLocation: null, documentZip: null }, warnings: [], bidTarget: 3, reminderDays: [3, 1],
  },
  identity: { company: { name: 'GC Builders', address: '400 Main St', phone: null, logoUrl: null }, estimator: { name: 'Jane Doe', title: null, phone: '(612) 555-0142', email: 'jane@gc-builders.test' } },
  plans: { kind: 'link', url: 'https://rb.gc-builders.test/plans/abc', expiresAt: new Date('2026-12-20T00:00:00Z') },
  bidUrl: 'https://rb.gc-builders.test/bid/abc',
  nobidUrl: 'https://rb.gc-builders.test/nobid/abc',
  unsubscribeUrl: 'https://rb.gc-builders.test/unsubscribe/abc',
  addendum: { number: 1, fileName: 'Addendum 1.pdf', changes: ['Sheet E-201 revised'], generalChanges: [] },
  now: new Date('2026-12-09T15:00:00Z'),
  ...extra,
});

const KINDS = ['invitation', 'reminder', 'addendum'] as const;
const dirs: string[] = [];
function templatesDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rb-templates-'));
  dirs.push(dir);
  for (const k of KINDS) for (const ext of ['txt', 'html']) copyFileSync(join(DEFAULT_TEMPLATES_DIR, `${k}.${ext}`), join(dir, `${k}.${ext}`));
  return dir;
}
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('the HTML e-mails share their pieces (templates/partials)', () => {
  it('every kind of e-mail carries the same signature, answer buttons and unsubscribe link', () => {
    for (const k of KINDS) {
      const { html } = renderInvitation(loadInvitationTemplates(DEFAULT_TEMPLATES_DIR, k), input());
      expect(html, k).toContain('<a href="https://rb.gc-builders.test/unsubscribe/abc" style="color:#777;">Unsubscribe</a>');
      expect(html, k).toContain('<a href="mailto:jane@gc-builders.test">jane@gc-builders.test</a>');
      expect(html, k).toMatch(/<a href="https:\/\/rb\.gc-builders\.test\/bid\/abc"[^>]*>Bidding<\/a>/);
      expect(html, k).toContain('<meta name="viewport"');
      expect(html, k).not.toContain('{{');
    }
  });

  it('one edited piece changes all three e-mails; pieces a folder does not have come from the built-in ones', () => {
    const dir = templatesDir();
    mkdirSync(join(dir, 'partials'));
    writeFileSync(join(dir, 'partials', 'unsubscribe.html'), '<a href="{{unsubscribe_url}}">Stop these e-mails</a>');
    for (const k of KINDS) {
      const { html } = renderInvitation(loadInvitationTemplates(dir, k), input());
      expect(html, k).toContain('<a href="https://rb.gc-builders.test/unsubscribe/abc">Stop these e-mails</a>');
      expect(html, k).not.toContain('>Unsubscribe</a>');
      expect(html, k).toContain('<a href="mailto:jane@gc-builders.test">'); // the signature, built in
    }
  });

  it('a template naming a piece that does not exist, or a path, is refused by name before anything is sent', () => {
    const dir = templatesDir();
    writeFileSync(join(dir, 'invitation.html'), '<p>Hi</p>{{> footer-v2}}');
    expect(() => loadInvitationTemplates(dir)).toThrow(expect.objectContaining({ code: 'MAIL_CONFIG', userMessage: expect.stringMatching(/\{\{> footer-v2\}\}.*no partials\/footer-v2\.html.*signature/) }));
    writeFileSync(join(dir, 'invitation.html'), '<p>Hi</p>{{#bid_url}}{{> ../invitation}}{{/bid_url}}');
    expect(() => loadInvitationTemplates(dir)).toThrow(expect.objectContaining({ code: 'MAIL_CONFIG', message: expect.stringContaining('"../invitation"') }));
    mkdirSync(join(dir, 'partials'));
    writeFileSync(join(dir, 'invitation.html'), '{{> logo}}');
    writeFileSync(join(dir, 'partials', 'logo.html'), '{{#company_logo_url}}<img src="{{company_logo_url}}">');
    expect(() => loadInvitationTemplates(dir)).toThrow(expect.objectContaining({ code: 'MAIL_CONFIG', userMessage: expect.stringContaining('partials/logo.html has a syntax error') }));
  });
});
