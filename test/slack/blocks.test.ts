import { describe, expect, it } from 'vitest';
import { DIVISIONS } from '../../src/core/scope/taxonomy.js';
import type { Candidate, ContactsMap, MapTrade } from '../../src/core/contacts/map-document.js';
import {
  ACTION,
  addContactModal,
  decodeMenu,
  decodeRef,
  encodeRef,
  evidenceModal,
  parseAddContactMetadata,
  renderMapMessages,
  summarize,
  truncate,
  type Block,
} from '../../src/channels/slack/blocks.js';
import { parseCommand } from '../../src/channels/slack/commands.js';
import { checkMessage, checkModal } from './blockkit.js';

const JOB = '0f8fad5b-d9cb-469f-a165-70867728950e';

function cand(i: number, o: Partial<Candidate> = {}): Candidate {
  return {
    contact_id: `c-${i}-${'x'.repeat(30)}`,
    name: `Subcontractor number ${i} with a rather long company name that goes on and on Incorporated`,
    email: `bids${i}@sub${i}.example.com`,
    company_key: `sub${i}.example.com`,
    zip_code: '47907',
    distance_miles: i * 1.5,
    selected: i % 3 === 0,
    reason: 'x',
    status: 'ok',
    added_by_user: false,
    ...o,
  };
}

function trade(code: string, n: number): MapTrade {
  return {
    division: code,
    name: DIVISIONS.find((d) => d.code === code)?.name ?? 'Trade',
    source: 'detected',
    confidence: 0.87,
    possible: false,
    evidence_summary: `Sheets ${'E101, '.repeat(900)}`, // far beyond 3000 chars
    evidence: Array.from({ length: 8 }, (_, i) => ({ page: i + 1, sheet: `E10${i}`, snippet: `snippet <${i}> & "${'z'.repeat(400)}"` })),
    candidates: Array.from({ length: n }, (_, i) => cand(i)),
    beyond_radius: 2,
    not_listed: 0,
  };
}

function map(trades: MapTrade[], version = 3): ContactsMap {
  return {
    schema: 'redbutton.contacts-map',
    version,
    job_id: JOB,
    created_at: new Date().toISOString(),
    project: { name: `Lilly Hall ${'renovation '.repeat(30)}`, zip_code: '47907', location: 'West Lafayette, IN', bid_due_date: '2026-12-15' },
    settings: { radius_miles: 150, max_per_trade: 6, one_per_company: true },
    trades,
  };
}

const allBlocks = (msgs: { blocks: Block[] }[]) => msgs.flatMap((m) => m.blocks);
const elementsOf = (msgs: { blocks: Block[] }[]) => allBlocks(msgs).flatMap((b) => [...((b.elements as Block[] | undefined) ?? []), ...(b.accessory ? [b.accessory as Block] : [])]);

describe('Block Kit for the contacts map', () => {
  it('renders a small map as one valid message with selects, menus and a red button with a counting confirm', () => {
    const m = map([trade('21', 4), trade('26', 3)]);
    m.trades[1]!.candidates.push(cand(90, { status: 'unsubscribed', selected: false, name: 'Gone Electric' }));
    const msgs = renderMapMessages(m, JOB);
    expect(msgs).toHaveLength(1);
    expect(checkMessage(msgs[0]!)).toEqual([]);
    const els = elementsOf(msgs);
    const selects = els.filter((e) => e.type === 'multi_static_select');
    expect(selects).toHaveLength(2);
    // pre-selected as the map says (i % 3 === 0 → candidates 0 and 3 of trade 21)
    expect((selects[0]!.initial_options as { value: string }[]).map((o) => o.value)).toEqual([cand(0).contact_id, cand(3).contact_id]);
    // an unsubscribed contact is not offered
    expect(JSON.stringify(selects[1])).not.toContain('c-90-');
    expect(JSON.stringify(msgs[0]!.blocks)).toContain('Gone Electric (unsubscribed)');
    const send = els.find((e) => e.action_id === ACTION.send)!;
    expect(send.style).toBe('danger');
    const s = summarize(m);
    expect(s).toMatchObject({ invitations: 2, companies: 2, trades: 2 }); // c0 (in both trades) + c3: distinct contacts at distinct firms
    expect((send.confirm as { text: { text: string } }).text.text).toContain(`${s.companies} companies across 2 trades`);
    expect(decodeRef(send.value as string)).toEqual({ jobId: JOB, version: 3, division: undefined });
    const menu = els.find((e) => e.type === 'overflow')!;
    const values = (menu.options as { value: string }[]).map((o) => decodeMenu(o.value));
    expect(values).toEqual([
      { verb: 'evidence', ref: { jobId: JOB, version: 3, division: '21' } },
      { verb: 'remove', ref: { jobId: JOB, version: 3, division: '21' } },
    ]);
  });

  it('paginates a large map across messages, each within 50 blocks, with the red button only on the last', () => {
    const big = map(DIVISIONS.slice(0, 30).map((d) => trade(d.code, 20)));
    const msgs = renderMapMessages(big, JOB);
    expect(msgs.length).toBeGreaterThan(1);
    for (const msg of msgs) expect(checkMessage(msg)).toEqual([]);
    const sendButtons = msgs.map((msg) => elementsOf([msg]).filter((e) => e.action_id === ACTION.send).length);
    expect(sendButtons.slice(0, -1).every((n) => n === 0)).toBe(true);
    expect(sendButtons.at(-1)).toBe(1);
    // every trade appears exactly once across the pages
    const tradeSections = allBlocks(msgs).filter((b) => typeof b.block_id === 'string' && b.block_id.startsWith('t|'));
    expect(tradeSections.map((b) => decodeRef(b.block_id as string)?.division)).toEqual(big.trades.map((t) => t.division));
  });

  it('switches to an external multi-select beyond 100 contacts and keeps the selection', () => {
    const m = map([trade('09', 150)]);
    const msgs = renderMapMessages(m, JOB);
    expect(checkMessage(msgs[0]!)).toEqual([]);
    const ext = elementsOf(msgs).find((e) => e.type === 'multi_external_select')!;
    expect(ext.action_id).toBe(ACTION.selectExternal);
    expect((ext.initial_options as unknown[]).length).toBe(50);
  });

  it('a map with no trades and nobody selected still renders; the button has no confirm and a hint says why', () => {
    const msgs = renderMapMessages(map([]), JOB);
    expect(checkMessage(msgs[0]!)).toEqual([]);
    const send = elementsOf(msgs).find((e) => e.action_id === ACTION.send)!;
    expect(send.confirm).toBeUndefined();
    expect(JSON.stringify(msgs[0])).toContain('Select at least one contact');
  });

  it('after sending, shows per-contact status and no controls', () => {
    const m = map([trade('21', 2)]);
    const msgs = renderMapMessages(m, JOB, {
      sent: {
        approvedVersion: 3,
        invitations: [
          { contactId: 'a', name: 'Acme Fire', email: 'a@acme.test', status: 'SENT', divisions: ['21'] },
          { contactId: 'b', name: 'Blaze <Co>', email: 'b@blaze.test', status: 'BOUNCED', divisions: ['21'], detail: '550 no such user' },
        ],
      },
    });
    expect(checkMessage(msgs[0]!)).toEqual([]);
    const json = JSON.stringify(msgs[0]);
    expect(json).toContain(':white_check_mark: sent');
    expect(json).toContain(':warning: bounced (550 no such user)');
    expect(json).toContain('Blaze &lt;Co&gt;');
    expect(elementsOf(msgs).filter((e) => e.action_id)).toEqual([]);
  });

  it('modals are valid and carry their reference in private_metadata', () => {
    const contacts = Array.from({ length: 30 }, (_, i) => ({ contactId: `id${i}`, name: `Contact ${i}`, email: `c${i}@x.test` }));
    const view = addContactModal({ jobId: JOB, version: 3, division: '21' }, 'Fire Suppression', contacts);
    expect(checkModal(view)).toEqual([]);
    expect(parseAddContactMetadata(view.private_metadata)).toEqual({ jobId: JOB, version: 3, division: '21', channel: undefined });
    expect(parseAddContactMetadata('{"jobId":"../x","version":1,"division":"21"}')).toBeNull();
    const many = Array.from({ length: 250 }, (_, i) => ({ contactId: `id${i}`, name: `Contact ${i}`, email: `c${i}@x.test` }));
    const bigView = addContactModal({ jobId: JOB, version: 3, division: '21' }, 'Fire Suppression', many);
    expect(checkModal(bigView)).toEqual([]);
    expect(JSON.stringify(bigView)).toContain('"external_select"');
    const m = map([trade('21', 1)]);
    expect(checkModal(evidenceModal(m, m.trades[0]!))).toEqual([]);
  });

  it('refs round-trip and reject junk', () => {
    expect(decodeRef(encodeRef({ jobId: JOB, version: 7, division: '26' }))).toEqual({ jobId: JOB, version: 7, division: '26' });
    expect(decodeRef('x|0|')).toBeNull();
    expect(decodeRef('a b|1|')).toBeNull();
    expect(decodeRef(`${JOB}|2|2x`)).toBeNull();
    expect(truncate('abcdef', 4)).toBe('abc…');
  });

  it('parses /redbutton commands', () => {
    expect(parseCommand('')).toEqual({ kind: 'help' });
    expect(parseCommand('new  Lilly Hall lab')).toEqual({ kind: 'new', name: 'Lilly Hall lab' });
    expect(parseCommand('status')).toMatchObject({ kind: 'usage' });
    expect(parseCommand('contacts add <mailto:a@b.co|a@b.co> 26,27 Sparky Electric')).toEqual({ kind: 'contacts_add', email: 'a@b.co', trades: '26,27', name: 'Sparky Electric' });
    expect(parseCommand('link confirm ABCD2345')).toEqual({ kind: 'link_confirm', code: 'ABCD2345' });
    expect(parseCommand('link me@x.co')).toEqual({ kind: 'link', email: 'me@x.co' });
    expect(parseCommand('frobnicate')).toMatchObject({ kind: 'usage' });
  });
});
