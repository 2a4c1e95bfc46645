import { describe, expect, it } from 'vitest';
import { contactsMapSchema, mapGaps, type ContactsMap } from '../../src/core/contacts/map-document.js';
import { formatMap } from '../../src/cli/format.js';
import { renderMapMail } from '../../src/channels/email/render.js';
import { renderMapMessages } from '../../src/channels/slack/blocks.js';

/** A map with one confident trade (a contact ticked) and one possible trade (a contact shown, unticked). */
function map(): ContactsMap {
  const cand = (name: string, selected: boolean) => ({
    contact_id: `c-${name}`,
    name,
    email: `${name.toLowerCase()}@subs.test`,
    company_key: `${name.toLowerCase()}.test`,
    zip_code: '55303',
    distance_miles: 3,
    selected,
    reason: 'x · 3 mi',
    status: 'ok' as const,
    added_by_user: false,
  });
  return contactsMapSchema.parse({
    schema: 'redbutton.contacts-map',
    version: 1,
    job_id: 'job-1',
    created_at: '2026-12-01T00:00:00.000Z',
    project: { name: 'Clinic', zip_code: '55303', location: null, bid_due_date: null },
    settings: { radius_miles: 150, max_per_trade: 6, one_per_company: true },
    trades: [
      { division: '26', name: 'Electrical', source: 'detected', confidence: 0.97, evidence_summary: 'Sheets E101', evidence: [], candidates: [cand('Volt', true)] },
      { division: '28', name: 'Electronic Safety and Security', source: 'detected', confidence: 0.7, possible: true, evidence_summary: 'page 3', evidence: [], candidates: [cand('Alarmco', false)] },
    ],
  });
}

describe('possible trades in every rendering of the contacts map', () => {
  it('old map documents without the flag read as confident trades', () => {
    const m = map();
    expect(m.trades[0]!.possible).toBe(false);
    expect(mapGaps(m)).toEqual([]);
  });

  it('the CLI, the e-mail and Slack flag the possible trade and report no gap for it', () => {
    const m = map();
    const cli = formatMap(m);
    expect(cli).toContain('(possible)');
    expect(cli).toContain('nobody is pre-selected');
    expect(cli).not.toContain('Gaps');
    const mail = renderMapMail({ map: m });
    expect(mail.text).toMatch(/28 Electronic Safety and Security \(possible trade: check the evidence; nobody pre-selected\)/);
    expect(mail.text).not.toContain('GAP');
    expect(mail.html).toContain('possible trade');
    const slack = JSON.stringify(renderMapMessages(m, 'job-1'));
    expect(slack).toContain('possible · 70%');
  });
});
