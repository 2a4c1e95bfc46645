import type { ContactsMap, MapTrade, Candidate } from '../../core/contacts/map-document.js';
import { CANDIDATE_STATUS_LABEL, isSelectable, plural, selectionPhrase, summarizeMap } from '../../core/contacts/map-summary.js';
import { DIVISIONS } from '../../core/scope/taxonomy.js';
import { esc, mrkdwn, truncateText, type SlackText } from './mrkdwn.js';

export { esc } from './mrkdwn.js';

/**
 * Block Kit for the contacts map, as pure functions (no Slack client, no database): the map
 * message(s), the "Add contact" and evidence modals, progress text. Everything stays inside
 * Slack's documented limits (see LIMITS); a large map is split over several messages.
 *
 * Ids carried in blocks (job id, version, division) are only hints: handlers re-resolve the Slack
 * user to a Red Button user and call owner-scoped core methods with them.
 */

// ---- Slack limits (https://docs.slack.dev/reference/block-kit) -----------------------------------
export const LIMITS = {
  blocksPerMessage: 50,
  blocksPerModal: 100,
  sectionText: 3000,
  contextElements: 10,
  contextText: 3000,
  headerText: 150,
  optionText: 75,
  optionValue: 150,
  optionsPerSelect: 100,
  overflowOptions: 5,
  placeholder: 150,
  actionId: 255,
  blockId: 255,
  buttonText: 75,
  buttonValue: 2000,
  actionsElements: 25,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  modalTitle: 24,
  modalButton: 24,
  privateMetadata: 3000,
  messageText: 40000,
  inputLabel: 2000,
} as const;

// ---- Block Kit types (the subset used here) -------------------------------------------------------
export interface PlainText {
  type: 'plain_text';
  text: string;
  emoji?: boolean;
}
export interface Mrkdwn {
  type: 'mrkdwn';
  text: string;
}
export type TextObject = PlainText | Mrkdwn;
export interface OptionObject {
  text: PlainText;
  value: string;
  description?: PlainText;
}
export interface ConfirmObject {
  title: PlainText;
  text: PlainText | Mrkdwn;
  confirm: PlainText;
  deny: PlainText;
  style?: 'primary' | 'danger';
}
export type Element = { type: string; action_id?: string; [k: string]: unknown };
export interface Block {
  type: string;
  block_id?: string;
  [k: string]: unknown;
}
export interface SlackMessage {
  /** Fallback/notification text: Slack parses it as mrkdwn too. */
  text: SlackText;
  blocks: Block[];
}
export interface ModalView {
  type: 'modal';
  callback_id: string;
  title: PlainText;
  submit?: PlainText;
  close?: PlainText;
  private_metadata?: string;
  blocks: Block[];
}

// ---- Action ids --------------------------------------------------------------------------------------
export const ACTION = {
  selectStatic: 'rb_select',
  selectExternal: 'rb_select_ext',
  tradeMenu: 'rb_trade_menu',
  addContact: 'rb_add_contact',
  addTrade: 'rb_add_trade',
  send: 'rb_send',
  pickContact: 'rb_pick_contact',
  pickContactExternal: 'rb_pick_contact_ext',
  newEmail: 'rb_new_email',
  newName: 'rb_new_name',
  details: 'rb_details',
  preview: 'rb_preview',
} as const;
export const VIEW = { addContact: 'rb_add_contact_view', evidence: 'rb_evidence_view' } as const;
export const MODAL_BLOCK = { pick: 'rb_pick', email: 'rb_email', name: 'rb_name' } as const;

/** What a map block, button or modal carries: which job, which version was shown, which trade. */
export interface MapRef {
  jobId: string;
  version: number;
  division?: string;
}

export function encodeRef(r: MapRef): string {
  return [r.jobId, String(r.version), r.division ?? ''].join('|');
}

export function decodeRef(s: string | undefined | null): MapRef | null {
  if (!s) return null;
  const parts = s.split('|');
  // block ids may be prefixed ("t|<ref>"), skip a short prefix
  const [jobId, v, division] = parts.length === 4 ? parts.slice(1) : parts;
  const version = Number(v);
  if (!jobId || !/^[\w-]{1,64}$/.test(jobId) || !Number.isInteger(version) || version < 1) return null;
  if (division && !/^\d{2}$/.test(division)) return null;
  return { jobId, version, division: division || undefined };
}

/** Overflow / menu values: `<verb>|<ref>`. */
export function encodeMenu(verb: 'remove' | 'evidence', r: MapRef): string {
  return `${verb}|${encodeRef(r)}`;
}
export function decodeMenu(s: string): { verb: 'remove' | 'evidence'; ref: MapRef } | null {
  const i = s.indexOf('|');
  const verb = s.slice(0, i);
  const ref = decodeRef(s.slice(i + 1));
  if ((verb !== 'remove' && verb !== 'evidence') || !ref) return null;
  return { verb, ref };
}

// ---- text helpers --------------------------------------------------------------------------------------
/** Cut to `max` characters (code points), with an ellipsis. */
export function truncate(s: string, max: number): string {
  const chars = [...s];
  if (chars.length <= max) return s;
  return chars.slice(0, Math.max(0, max - 1)).join('') + '…';
}

const plain = (text: string, max: number = LIMITS.sectionText): PlainText => ({ type: 'plain_text', text: truncate(text || ' ', max), emoji: true });
const md = (text: string, max: number = LIMITS.sectionText): Mrkdwn => ({ type: 'mrkdwn', text: truncate(text || ' ', max) });

export function candidateLabel(c: Candidate): string {
  const dist = c.distance_miles === null ? '' : ` · ${Math.round(c.distance_miles)} mi`;
  return truncate(`${c.name}${dist}`, LIMITS.optionText);
}

export function candidateOption(c: Candidate): OptionObject {
  const opt: OptionObject = { text: plain(c.name + (c.distance_miles === null ? '' : ` · ${Math.round(c.distance_miles)} mi`), LIMITS.optionText), value: c.contact_id };
  if (c.email) opt.description = plain(c.email, LIMITS.optionText);
  return opt;
}

// ---- the map message -----------------------------------------------------------------------------------
export interface InvitationStatus {
  contactId: string;
  name: string;
  email: string | null;
  status: string;
  divisions: string[];
  detail?: string | null;
}

export interface RenderOptions {
  /** After the red button: per-contact status instead of selects and buttons. */
  sent?: { invitations: InvitationStatus[]; approvedVersion: number };
  /** Blocks per message (tests lower it); never above Slack's 50. */
  maxBlocks?: number;
  /** The owner's signed review-page link — only for a DM with the owner (it is a credential). */
  reviewUrl?: string;
}

/** What the red button would send — the one summary every channel shows. */
export const summarize = summarizeMap;

/** One trade = a section (title, evidence, menu) + an actions block (select, add) [+ a context]. */
function tradeBlocks(map: ContactsMap, jobId: string, t: MapTrade): Block[] {
  const ref: MapRef = { jobId, version: map.version, division: t.division };
  const conf = t.confidence === null ? '' : ` · ${Math.round(t.confidence * 100)}%`;
  const origin = t.source === 'added' ? 'added by you' : t.possible ? `possible${conf} — check the evidence; nobody pre-selected` : `detected${conf}`;
  const selected = t.candidates.filter((c) => c.selected);
  const title = `*${esc(t.division)} ${esc(t.name)}*  _${origin}_\n${esc(t.evidence_summary)}`;
  const gap = selected.length === 0 && !t.possible ? '\n:warning: Nobody selected — pick a contact or add one.' : '';
  const blocks: Block[] = [
    {
      type: 'section',
      block_id: truncate(`t|${encodeRef(ref)}`, LIMITS.blockId),
      text: md(title + gap),
      accessory: {
        type: 'overflow',
        action_id: ACTION.tradeMenu,
        options: [
          { text: plain('Show the evidence', LIMITS.optionText), value: encodeMenu('evidence', ref) },
          { text: plain('Remove this trade', LIMITS.optionText), value: encodeMenu('remove', ref) },
        ],
      },
    },
  ];
  const selectable = t.candidates.filter(isSelectable);
  const elements: Element[] = [];
  const placeholder = plain(selectable.length ? `Contacts for ${t.name}` : 'No contacts for this trade yet', LIMITS.placeholder);
  if (selectable.length > LIMITS.optionsPerSelect) {
    const initial = selectable.filter((c) => c.selected).slice(0, LIMITS.optionsPerSelect).map(candidateOption);
    elements.push({
      type: 'multi_external_select',
      action_id: ACTION.selectExternal,
      placeholder,
      min_query_length: 0,
      ...(initial.length ? { initial_options: initial } : {}),
    });
  } else if (selectable.length > 0) {
    const options = selectable.map(candidateOption);
    const initial = options.filter((o) => selectable.find((c) => c.contact_id === o.value)?.selected);
    elements.push({
      type: 'multi_static_select',
      action_id: ACTION.selectStatic,
      placeholder,
      options,
      ...(initial.length ? { initial_options: initial } : {}),
    });
  }
  elements.push({ type: 'button', action_id: ACTION.addContact, text: plain('Add contact', LIMITS.buttonText), value: encodeRef(ref) });
  blocks.push({ type: 'actions', block_id: truncate(`a|${encodeRef(ref)}`, LIMITS.blockId), elements });

  const notes: string[] = [];
  const blocked = t.candidates.filter((c) => !isSelectable(c));
  if (blocked.length) notes.push(`Not invitable: ${blocked.map((c) => `${esc(c.name)} (${CANDIDATE_STATUS_LABEL[c.status] ?? c.status})`).join(', ')}`);
  if (t.not_listed > 0) notes.push(`${plural(t.not_listed, 'more contact')} ranked lower, not listed (add one by e-mail)`);
  if (t.beyond_radius > 0) notes.push(`${plural(t.beyond_radius, 'contact')} beyond ${map.settings.radius_miles} mi not listed`);
  if (notes.length) blocks.push({ type: 'context', elements: [md(notes.join(' · '), LIMITS.contextText)] });
  return blocks;
}

const STATUS_ICON: Record<string, string> = {
  QUEUED: ':hourglass_flowing_sand: queued',
  SENDING: ':outbox_tray: sending',
  SENT: ':white_check_mark: sent',
  FAILED: ':x: failed',
  BOUNCED: ':warning: bounced',
  UNCERTAIN: ':grey_question: uncertain',
};

function sentTradeBlocks(t: MapTrade, invitations: InvitationStatus[]): Block[] {
  const mine = invitations.filter((i) => i.divisions.includes(t.division));
  const lines = mine.map((i) => `• ${esc(i.name)}${i.email ? ` <${esc(i.email)}>` : ''} — ${STATUS_ICON[i.status] ?? i.status}${i.detail ? ` (${esc(truncate(i.detail, 120))})` : ''}`);
  let text = `*${esc(t.division)} ${esc(t.name)}*\n`;
  let shown = 0;
  for (const l of lines) {
    if (text.length + l.length + 40 > LIMITS.sectionText) break;
    text += `${l}\n`;
    shown++;
  }
  if (shown < lines.length) text += `…and ${lines.length - shown} more`;
  if (lines.length === 0) text += '_nobody invited for this trade_';
  return [{ type: 'section', text: md(text.trimEnd()) }];
}

function headerBlocks(map: ContactsMap, jobId: string, opts: RenderOptions, part: number, parts: number): Block[] {
  const s = summarize(map);
  const where = [map.project.location, map.project.zip_code].filter(Boolean).join(' ');
  const facts = [
    `Version ${map.version}`,
    where ? `near ${esc(where)}` : null,
    map.project.bid_due_date ? `bids due ${esc(map.project.bid_due_date)}` : null,
    plural(map.trades.length, 'trade'),
    opts.sent ? `${plural(opts.sent.invitations.length, 'invitation')} (version ${opts.sent.approvedVersion})` : `${selectionPhrase(s)} selected`,
    parts > 1 ? `part ${part}/${parts}` : null,
    opts.reviewUrl && part === 1 && opts.reviewUrl.length < 2000 ? `<${opts.reviewUrl}|open in the browser>` : null,
  ].filter(Boolean);
  const blocks: Block[] = [];
  if (part === 1) blocks.push({ type: 'header', text: plain(`${opts.sent ? 'Invitations' : 'Contacts map'}: ${map.project.name}`, LIMITS.headerText) });
  blocks.push({ type: 'context', block_id: truncate(`h|${encodeRef({ jobId, version: map.version })}`, LIMITS.blockId), elements: [md(facts.join(' · '), LIMITS.contextText)] });
  return blocks;
}

function footerBlocks(map: ContactsMap, jobId: string): Block[] {
  const s = summarize(map);
  const ref: MapRef = { jobId, version: map.version };
  const present = new Set(map.trades.map((t) => t.division));
  const addable = DIVISIONS.filter((d) => !present.has(d.code)).slice(0, LIMITS.optionsPerSelect);
  const elements: Element[] = [];
  if (addable.length) {
    elements.push({
      type: 'static_select',
      action_id: ACTION.addTrade,
      placeholder: plain('Add a trade…', LIMITS.placeholder),
      options: addable.map((d) => ({ text: plain(`${d.code} ${d.name}`, LIMITS.optionText), value: `${encodeRef(ref)}${d.code}` })),
    });
  }
  const button: Element = {
    type: 'button',
    action_id: ACTION.send,
    style: 'danger',
    text: plain('Send invitations', LIMITS.buttonText),
    value: encodeRef(ref),
  };
  if (s.invitations > 0) {
    button.confirm = {
      title: plain('Send bid invitations?', LIMITS.confirmTitle),
      text: plain(
        `This e-mails ${selectionPhrase(s)} across ${plural(s.trades, 'trade')} for "${map.project.name}" (map version ${map.version}). It cannot be undone.`,
        LIMITS.confirmText,
      ),
      confirm: plain(`Send ${s.invitations}`, LIMITS.confirmButton),
      deny: plain('Not yet', LIMITS.confirmButton),
      style: 'danger',
    } satisfies ConfirmObject;
  }
  // Before the red button: what the invitation says, and the e-mail itself.
  elements.push(
    { type: 'button', action_id: ACTION.details, text: plain('Project details', LIMITS.buttonText), value: encodeRef(ref) },
    { type: 'button', action_id: ACTION.preview, text: plain('Preview e-mail', LIMITS.buttonText), value: encodeRef(ref) },
  );
  elements.push(button);
  const hint = s.invitations === 0 ? 'Select at least one contact before sending.' : s.gaps.length ? `${plural(s.gaps.length, 'trade')} without anyone selected.` : 'Every trade has someone selected.';
  return [
    { type: 'divider' },
    { type: 'actions', block_id: truncate(`f|${encodeRef(ref)}`, LIMITS.blockId), elements },
    { type: 'context', elements: [md(hint, LIMITS.contextText)] },
  ];
}

/**
 * The map as one or more messages (pages). Each page: header context [+ header on page 1], trades,
 * and the footer (trade picker + red button) on the last page. Never more than 50 blocks a message.
 */
export function renderMapMessages(map: ContactsMap, jobId: string, opts: RenderOptions = {}): SlackMessage[] {
  const maxBlocks = Math.min(opts.maxBlocks ?? LIMITS.blocksPerMessage, LIMITS.blocksPerMessage);
  const groups = map.trades.map((t) => (opts.sent ? sentTradeBlocks(t, opts.sent.invitations) : tradeBlocks(map, jobId, t)));
  const footer = opts.sent ? [] : footerBlocks(map, jobId);
  if (map.trades.length === 0) groups.push([{ type: 'section', text: md('_No trades in this map. Add one below._') }]);
  // Lay out pages: header (≤2) + groups; the footer must fit on the last page.
  const headerSize = 2;
  const pages: Block[][][] = [[]];
  let used = headerSize;
  for (const g of groups) {
    if (used + g.length > maxBlocks) {
      pages.push([]);
      used = 1;
    }
    pages[pages.length - 1]!.push(g);
    used += g.length;
  }
  if (used + footer.length > maxBlocks) pages.push([]);
  const s = summarize(map);
  return pages.map((groupsOnPage, i) => {
    const last = i === pages.length - 1;
    const blocks = [...headerBlocks(map, jobId, opts, i + 1, pages.length), ...groupsOnPage.flat(), ...(last ? footer : [])];
    const text = opts.sent
      ? mrkdwn`Invitations for ${map.project.name}: ${opts.sent.invitations.length} sent or queued`
      : mrkdwn`Contacts map for ${map.project.name} (version ${map.version}): ${plural(map.trades.length, 'trade')}, ${selectionPhrase(s)} selected${pages.length > 1 ? ` — part ${i + 1}/${pages.length}` : ''}`;
    return { text: truncateText(text, 3000), blocks };
  });
}

// ---- modals ---------------------------------------------------------------------------------------------
export interface AddContactMetadata extends MapRef {
  division: string;
  channel?: string;
}

export interface ContactChoice {
  contactId: string;
  name: string;
  email: string | null;
}

export function addContactModal(meta: AddContactMetadata, tradeName: string, contacts: ContactChoice[]): ModalView {
  const withEmail = contacts.filter((c) => c.email);
  const pickElement: Element =
    withEmail.length > LIMITS.optionsPerSelect
      ? { type: 'external_select', action_id: ACTION.pickContactExternal, placeholder: plain('Search your contacts', LIMITS.placeholder), min_query_length: 1 }
      : {
          type: 'static_select',
          action_id: ACTION.pickContact,
          placeholder: plain('Choose a contact', LIMITS.placeholder),
          options: withEmail.map((c) => ({ text: plain(c.name, LIMITS.optionText), value: c.contactId, description: plain(c.email!, LIMITS.optionText) })),
        };
  const blocks: Block[] = [
    { type: 'section', text: md(`Add a contact to *${esc(meta.division)} ${esc(tradeName)}*: pick one from your address book, or type a new e-mail address.`) },
  ];
  if (withEmail.length > 0) blocks.push({ type: 'input', block_id: MODAL_BLOCK.pick, optional: true, label: plain('Existing contact', 2000), element: pickElement });
  blocks.push(
    { type: 'input', block_id: MODAL_BLOCK.email, optional: true, label: plain('…or a new e-mail address', 2000), element: { type: 'email_text_input', action_id: ACTION.newEmail, placeholder: plain('bids@example-sub.com', LIMITS.placeholder) } },
    { type: 'input', block_id: MODAL_BLOCK.name, optional: true, label: plain('Company name (new contact)', 2000), element: { type: 'plain_text_input', action_id: ACTION.newName, max_length: 200 } },
  );
  return {
    type: 'modal',
    callback_id: VIEW.addContact,
    title: plain('Add contact', LIMITS.modalTitle),
    submit: plain('Add', LIMITS.modalButton),
    close: plain('Cancel', LIMITS.modalButton),
    private_metadata: JSON.stringify(meta),
    blocks,
  };
}

export function parseAddContactMetadata(s: string | undefined): AddContactMetadata | null {
  if (!s || s.length > LIMITS.privateMetadata) return null;
  try {
    const v = JSON.parse(s) as Partial<AddContactMetadata>;
    const ref = decodeRef(encodeRef({ jobId: String(v.jobId ?? ''), version: Number(v.version), division: String(v.division ?? '') }));
    if (!ref?.division) return null;
    return { jobId: ref.jobId, version: ref.version, division: ref.division, channel: typeof v.channel === 'string' ? v.channel : undefined };
  } catch (_e) {
    // not ours / tampered: the handler answers with an error in the modal
    return null;
  }
}

export function evidenceModal(map: ContactsMap, t: MapTrade): ModalView {
  const blocks: Block[] = [{ type: 'section', text: md(`*${esc(t.division)} ${esc(t.name)}* — ${esc(t.evidence_summary)}`) }];
  for (const e of t.evidence.slice(0, LIMITS.blocksPerModal - 2)) {
    const where = [`page ${e.page}`, e.sheet ? `sheet ${e.sheet}` : null, e.section ? `section ${e.section}` : null].filter(Boolean).join(' · ');
    blocks.push({ type: 'section', text: md(`*${esc(where)}*\n>${esc(e.snippet).replace(/\n/g, '\n>')}`) });
  }
  if (t.evidence.length === 0) blocks.push({ type: 'context', elements: [md(t.source === 'added' ? 'You added this trade by hand.' : 'No evidence was recorded.')] });
  return { type: 'modal', callback_id: VIEW.evidence, title: plain('Evidence', LIMITS.modalTitle), close: plain('Close', LIMITS.modalButton), private_metadata: JSON.stringify({ jobId: map.job_id }), blocks };
}

// ---- progress ----------------------------------------------------------------------------------------------
const STAGE_WORDS: Record<string, string> = {
  NEW: 'Received',
  PDF_SAVED: 'Saved the PDF, reading pages',
  IMAGES_EXTRACTED: 'Read the pages, detecting trades',
  LLM_SUBMITTED: 'Trades detected, matching your contacts',
  CONTACT_MAP_READY: 'Contacts map ready',
  EMAILED: 'Invitations sent',
  FAILED: 'Failed',
};
const PROGRESS_STAGE_WORDS: Record<string, string> = { read_pages: 'Reading pages', detect_trades: 'Detecting trades', build_map: 'Matching contacts' };

export function progressMessage(p: { name: string; status: string; done?: number; total?: number; stage?: string; failureReason?: string | null; trades?: number }): SlackMessage {
  let line: SlackText;
  if (p.status === 'FAILED') line = mrkdwn`:x: *${p.name}*: ${p.failureReason ?? 'the job failed'}`;
  else if (p.status === 'CONTACT_MAP_READY') line = mrkdwn`:white_check_mark: *${p.name}*: contacts map ready${p.trades === undefined ? '' : ` (${plural(p.trades, 'trade')})`} — see below.`;
  else if (p.stage && p.total) line = mrkdwn`:hourglass_flowing_sand: *${p.name}*: ${PROGRESS_STAGE_WORDS[p.stage] ?? p.stage} ${p.done ?? 0}/${p.total}…`;
  else line = mrkdwn`:hourglass_flowing_sand: *${p.name}*: ${STAGE_WORDS[p.status] ?? p.status}…`;
  const short = truncateText(line, 3000);
  return { text: short, blocks: [{ type: 'section', text: md(short.value) }] };
}

export function errorBlocks(text: string): SlackMessage {
  const line = truncateText(mrkdwn`:warning: ${text}`, 3000);
  return { text: line, blocks: [{ type: 'section', text: md(line.value) }] };
}
