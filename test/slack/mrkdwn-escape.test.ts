import { describe, expect, it } from 'vitest';
import type { ContactsMap } from '../../src/core/contacts/map-document.js';
import { progressMessage, renderMapMessages, type Block } from '../../src/channels/slack/blocks.js';
import { joinText, mrkdwn, slackLink, truncateText } from '../../src/channels/slack/mrkdwn.js';

/** What a hostile job or company name tries to smuggle into a Slack message. */
const HOSTILE = '<!channel> <@U0BOSS> <https://evil.test/login|Open the plans> & co';
const JOB = '0f8fad5b-d9cb-469f-a165-70867728950e';

/** Every string Slack would read as mrkdwn: fallback text and the mrkdwn text objects in blocks. */
function mrkdwnTexts(msg: { text: unknown; blocks: Block[] }): string[] {
  const out = [String(msg.text)];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (o.type === 'mrkdwn' && typeof o.text === 'string') out.push(o.text);
      Object.values(o).forEach(walk);
    }
  };
  walk(msg.blocks);
  return out;
}

function expectInert(texts: string[]): void {
  for (const t of texts) {
    expect(t).not.toMatch(/<[!@#]|<https?:/);
    expect(t).not.toMatch(/&(?!amp;|lt;|gt;)/);
  }
}

describe('Slack mrkdwn escaping of user-controlled text', () => {
  it('the map message (fallback text included) shows a hostile job and company name as text', () => {
    const map: ContactsMap = {
      schema: 'redbutton.contacts-map',
      version: 2,
      job_id: JOB,
      created_at: new Date().toISOString(),
      project: { name: HOSTILE, zip_code: '55401', location: HOSTILE, bid_due_date: null },
      settings: { radius_miles: 150, max_per_trade: 6, one_per_company: true },
      trades: [
        {
          division: '26',
          name: 'Electrical',
          source: 'detected',
          confidence: 0.9,
          evidence_summary: HOSTILE,
          evidence: [{ page: 1, snippet: HOSTILE }],
          candidates: [{ contact_id: 'c1', name: HOSTILE, email: 'a@b.test', company_key: 'b.test', zip_code: '55401', distance_miles: 1, selected: true, reason: 'x', status: 'ok', added_by_user: false }],
          beyond_radius: 0,
          possible: false,
          not_listed: 0,
        },
      ],
    };
    const draft = renderMapMessages(map, JOB);
    const sent = renderMapMessages(map, JOB, { sent: { approvedVersion: 2, invitations: [{ contactId: 'c1', name: HOSTILE, email: 'a@b.test', status: 'BOUNCED', divisions: ['26'], detail: HOSTILE }] } });
    for (const m of [...draft, ...sent]) expectInert(mrkdwnTexts(m));
    expect(String(draft[0]!.text)).toContain('&lt;!channel&gt;');
  });

  it('progress and failure messages escape the job name and the failure reason', () => {
    for (const status of ['NEW', 'FAILED', 'CONTACT_MAP_READY']) expectInert(mrkdwnTexts(progressMessage({ name: HOSTILE, status, failureReason: HOSTILE, trades: 1 })));
  });

  it('builders: values are escaped, our own links and fragments are kept, truncation never splits an entity', () => {
    expect(mrkdwn`*${HOSTILE}*`.value).toBe('*&lt;!channel&gt; &lt;@U0BOSS&gt; &lt;https://evil.test/login|Open the plans&gt; &amp; co*');
    expect(mrkdwn`see ${slackLink('https://rb.test/r/abc?x=1|<b>', 'the <map>')}`.value).toBe('see <https://rb.test/r/abc?x=1%7C%3Cb%3E|the &lt;map&gt;>');
    expect(joinText([mrkdwn`*a*`, '<!here>'], '\n').value).toBe('*a*\n&lt;!here&gt;');
    expect(truncateText(mrkdwn`${'x'.repeat(8) + '&'}`, 10).value).toBe('xxxxxxxx…');
  });
});
