import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appBackends, openTestApp, type AnyTestApp } from '../helpers/app.js';
import { readyJob } from '../helpers/jobs.js';
import { summarizeMap, isSelectable, CANDIDATE_STATUS_LABEL } from '../../src/core/contacts/map-summary.js';
import { candidateStatusSchema } from '../../src/core/contacts/map-document.js';
import { renderMapMail } from '../../src/channels/email/render.js';
import { renderMapMessages, ACTION } from '../../src/channels/slack/blocks.js';
import { confirmPage, reviewPage } from '../../src/channels/http/routes/review.js';
import { jobView } from '../../src/channels/http/views.js';
import { formatMap } from '../../src/cli/format.js';
import { previewInvitations } from '../../src/core/outreach/preview.js';

// One firm (one e-mail domain) with a different person for each of two trades, plus nobody else:
// the red button sends 2 invitations, both to 1 company.
const CONTACTS = `name,email,trades,zip
Anoka Mechanical (plumbing),plumbing@anokamech.test,Plumbing,55303
Anoka Mechanical (HVAC),hvac@anokamech.test,HVAC,55303
`;

describe.each(appBackends())('one map summary, rendered by every channel on $backend', ({ backend, skip }) => {
  let t: AnyTestApp;
  let userId: string;

  beforeEach(async () => {
    if (skip) return;
    t = await openTestApp(backend);
    userId = (await t.app.repos.users.create('est@gc.test', 'password123')).userId;
    await t.app.addressBook.importCsv(userId, CONTACTS);
  });
  afterEach(async () => {
    if (!skip) await t.cleanup();
  });

  it.skipIf(skip)('one company invited for two trades: every channel says 2 invitations to 1 company', async () => {
    const { jobId, map } = await readyJob(t.app, userId, ['22', '23']);
    expect(map.trades.map((x) => x.candidates.filter((c) => c.selected).length)).toEqual([1, 1]);
    const s = summarizeMap(map);
    expect({ invitations: s.invitations, companies: s.companies, trades: s.trades }).toEqual({ invitations: 2, companies: 1, trades: 2 });

    const phrase = '2 invitations to 1 company';
    // E-mail reply with the map
    expect(renderMapMail({ map }).text).toContain(`${phrase} selected`);
    // Slack: header, notification text and the red button's confirm
    const [msg] = renderMapMessages(map, jobId);
    expect(JSON.stringify(msg!.blocks)).toContain(`${phrase} selected`);
    expect(String(msg!.text)).toContain(`${phrase} selected`);
    const send = msg!.blocks
      .flatMap((b) => (b.elements as { action_id?: string; confirm?: { text: { text: string } } }[] | undefined) ?? [])
      .find((e) => e.action_id === ACTION.send)!;
    expect(send.confirm!.text.text).toContain(`${phrase} across 2 trades`);
    // Review page and its confirmation page
    const job = await t.app.repos.jobs.getForUser(userId, jobId);
    const details = await t.app.details.get(userId, jobId);
    expect(reviewPage(t.app, 'tok', job, map, details).html).toContain(`${phrase} selected`);
    const preview = await previewInvitations(t.app, userId, jobId);
    expect(confirmPage(t.app, 'tok', job, map, preview).html).toContain(`Send ${phrase} across 2 trades?`);
    // HTTP job view (and `jobs show --json`)
    expect(jobView(job, map).artifacts.contacts_map?.summary).toMatchObject({ invitations: 2, companies: 1, trades: 2, trades_found: 2, gaps: [] });
    // CLI
    expect(formatMap(map)).toContain(`${phrase} selected across 2 of 2 trades`);
  });

  it.skipIf(skip)('defines which statuses can be ticked and how each reads, for every status', () => {
    for (const status of candidateStatusSchema.options) {
      expect(isSelectable({ status })).toBe(['ok', 'same_company', 'over_cap'].includes(status));
      expect(status === 'ok' || CANDIDATE_STATUS_LABEL[status]).toBeTruthy();
    }
  });
});
