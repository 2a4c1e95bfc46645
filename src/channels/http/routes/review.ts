import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, isAppError } from '../../../core/errors.js';
import { sign, verifySignature } from '../../../core/secret.js';
import type { ContactsMap, MapTrade } from '../../../core/contacts/map-document.js';
import { CANDIDATE_STATUS_LABEL, isSelectable, plural, selectionPhrase, summarizeMap } from '../../../core/contacts/map-summary.js';
import type { MapEdit } from '../../../core/contacts/map-edits.js';
import { approveJob } from '../../../core/outreach/approve.js';
import { previewInvitations, type PreviewResult } from '../../../core/outreach/preview.js';
import { DETAIL_FIELDS, describeMoment, sendBlocker, type ProjectDetails } from '../../../core/project/details.js';
import type { JobRow } from '../../../core/records.js';
import { bidCoverage, inviteMore, type BidCoverage, type InviteeState } from '../../../core/outreach/index.js';
import type { App } from '../../../app.js';
import type { HttpContext } from '../context.js';
import { HTML_HEADERS, html, messagePage, page, type Html } from '../html.js';
import { assertReviewLinkLive, verifyReviewToken, type ReviewClaims } from '../../../core/auth/review-link.js';
import { sendLinkError } from './public-links.js';

/*
 * The review page, reached from the map e-mail by a signed link (review-link.ts). No JavaScript:
 * one form holds the checkboxes, the "add a contact" fields and the buttons, so whatever the
 * estimator ticked is saved with whichever button they press. Every POST carries a CSRF token
 * (HMAC of the review token and an issue time, with the app secret) and the map version it was
 * rendered from; a stale version gets a friendly "the map changed" page, never a silent overwrite.
 */

const CSRF_PURPOSE = 'review-csrf';
const CSRF_TTL_MS = 24 * 3600_000;

export function csrfToken(secret: Buffer, reviewToken: string, now: Date = new Date()): string {
  const ts = Math.floor(now.getTime() / 1000).toString(36);
  return `${ts}.${sign(secret, CSRF_PURPOSE, `${reviewToken}|${ts}`)}`;
}

function checkCsrf(secret: Buffer, reviewToken: string, given: string | undefined, now: Date = new Date()): void {
  const bad = () => new AppError('FORBIDDEN', 'CSRF token missing or invalid', { userMessage: 'This form has expired or did not come from the review page. Go back to the page, reload it, and try again.' });
  if (!given) throw bad();
  const m = /^([0-9a-z]{1,12})\.([A-Za-z0-9_-]{43})$/.exec(given);
  if (!m) throw bad();
  const issued = parseInt(m[1]!, 36) * 1000;
  if (!(now.getTime() - issued < CSRF_TTL_MS && issued - now.getTime() < 60_000)) throw bad();
  if (!verifySignature(secret, CSRF_PURPOSE, `${reviewToken}|${m[1]!}`, m[2]!)) throw bad();
}

const many = z.union([z.string(), z.array(z.string())]).optional().transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]));
const reviewForm = z.object({
  csrf: z.string().max(200).optional(),
  version: z.coerce.number().int().min(1),
  action: z.enum(['save', 'add', 'send']).default('save'),
  sel: many,
  shown: many,
  add_email: z.string().trim().max(320).optional(),
  add_name: z.string().trim().max(200).optional(),
  add_trade: z.string().trim().max(100).optional(),
});
const approveForm = z.object({ csrf: z.string().max(200).optional(), version: z.coerce.number().int().min(1) });
const detailsForm = z.object({
  csrf: z.string().max(200).optional(),
  name: z.string().max(200).optional(),
  street_address: z.string().max(200).optional(),
  city: z.string().max(100).optional(),
  state_or_province: z.string().max(60).optional(),
  zip_code: z.string().max(12).optional(),
  time_zone: z.string().max(60).optional(),
  bid_due: z.string().max(120).optional(),
  job_walk: z.string().max(120).optional(),
  job_walk_note: z.string().max(300).optional(),
  rfi_deadline: z.string().max(120).optional(),
  message: z.string().max(2000).optional(),
});
const inviteForm = z.object({ csrf: z.string().max(200).optional(), contact: many });
const followUpForm = z.object({ csrf: z.string().max(200).optional(), bid_target: z.string().max(10).optional(), reminders: z.string().max(60).optional() });
const tokenParams = z.object({ token: z.string().min(1).max(1100) });
const MESSAGES = {
  saved: { kind: 'ok', text: 'Saved.' },
  details: { kind: 'ok', text: 'Project details saved.' },
  added: { kind: 'ok', text: 'Contact added and selected.' },
  nochange: { kind: 'ok', text: 'Nothing changed.' },
  sent: { kind: 'ok', text: 'Invitations queued — they are being sent now.' },
  already: { kind: 'warn', text: 'These invitations were already sent; nothing was sent twice.' },
  invited: { kind: 'ok', text: 'More invitations queued — they are being sent now.' },
  followup: { kind: 'ok', text: 'Target and reminders saved.' },
} as const;
const reviewQuery = z.object({ msg: z.enum(Object.keys(MESSAGES) as [keyof typeof MESSAGES]).optional() });

type Banner = { kind: 'ok' | 'warn' | 'err'; text: string };

interface Opened {
  claims: ReviewClaims;
  job: JobRow;
}

/** The job a review token opens: signature, expiry, and the owner bound in the token. */
async function open(app: App, token: string): Promise<Opened> {
  const claims = verifyReviewToken(app.secret, token);
  const job = await app.repos.jobs.findForUser(claims.userId, claims.jobId);
  if (!job) throw new AppError('LINK_INVALID', 'Review token for a missing job', { userMessage: 'This review link is not valid (the job no longer exists).' });
  await assertReviewLinkLive(app, claims, job);
  return { claims, job };
}

/** What the pages need of the app: the key their forms' CSRF tokens are signed with. */
type Signer = Pick<App, 'secret'>;

const sendPage = (reply: FastifyReply, p: { status: number; html: string }) => reply.code(p.status).headers(HTML_HEADERS).send(p.html);

function header(job: JobRow, map?: ContactsMap): Html {
  const p = map?.project;
  const facts = [p?.location ?? job.zipCode ?? p?.zip_code, p?.bid_due_date ? `bids due ${p.bid_due_date}` : null, job.pdfFileName, job.pageCount ? plural(job.pageCount, 'page') : null].filter(Boolean);
  return html`<p class="muted">Red Button · review before sending</p><h1>${p?.name ?? job.name}</h1><p class="muted">${facts.join(' · ')}</p>`;
}

function tradeCard(t: MapTrade, radiusMiles: number): Html {
  const cands = t.candidates.map((c) => {
    const selectable = isSelectable(c);
    const label = CANDIDATE_STATUS_LABEL[c.status];
    const id = `c-${t.division}-${c.contact_id}`;
    return html`<li><label for="${id}"><input type="checkbox" id="${id}" name="sel" value="${t.division}:${c.contact_id}"${c.selected ? html` checked` : ''}${selectable ? '' : html` disabled`}>
<span><strong>${c.name}</strong>${c.added_by_user ? html`<span class="tag">added by you</span>` : ''}${label ? html`<span class="tag${selectable ? '' : ' bad'}">${label}</span>` : ''}<br><span class="muted">${c.email ? `${c.email} · ` : ''}${c.reason}</span></span></label></li>`;
  });
  const evidence = t.evidence.map((e) => html`<li>${[e.sheet ? `Sheet ${e.sheet}` : null, e.section ? `Section ${e.section}` : null, `page ${e.page}`].filter(Boolean).join(' · ')}: “${e.snippet}”</li>`);
  return html`<section class="card" id="trade-${t.division}">
<input type="hidden" name="shown" value="${t.division}">
<h2>${t.division} ${t.name}${t.possible ? html` <span class="tag">possible — nobody pre-selected</span>` : ''}</h2>
<p class="evidence">${t.source === 'added' ? 'Added by you' : t.evidence_summary}${t.confidence !== null ? ` · confidence ${Math.round(t.confidence * 100)}%` : ''}</p>
${evidence.length ? html`<details><summary>Evidence (${evidence.length})</summary><ul class="evidence">${evidence}</ul></details>` : ''}
${cands.length ? html`<ul class="cands">${cands}</ul>` : html`<p class="banner warn">No contacts for this trade yet — add one below.</p>`}
${t.not_listed ? html`<p class="muted">${plural(t.not_listed, 'more contact')} for this trade ranked lower and ${t.not_listed === 1 ? 'is' : 'are'} not listed — add one below by e-mail.</p>` : ''}
${t.beyond_radius ? html`<p class="muted">${plural(t.beyond_radius, 'more contact')} for this trade ${t.beyond_radius === 1 ? 'is' : 'are'} more than ${radiusMiles} miles away (not listed).</p>` : ''}
</section>`;
}

/** The project details form: what the invitation will say, with what the documents say as hints. */
function detailsCard(app: Signer, token: string, d: ProjectDetails): Html {
  const field = (name: string, label: string, value: string | null, hint?: string | null, placeholder = '') =>
    html`<label>${label}<br><input type="text" name="${name}" value="${value ?? ''}" placeholder="${placeholder}" autocomplete="off">${hint ? html`<br><span class="muted">${hint}</span>` : ''}</label>`;
  const blocker = sendBlocker(d);
  const when = (m: { date: string; time: string | null } | null) => (m ? describeMoment(m, d.timeZone) : '');
  return html`<form method="post" action="/review/${token}/details" class="card" id="details">
<input type="hidden" name="csrf" value="${csrfToken(app.secret, token)}">
<h2>Project details in the invitation</h2>
${blocker ? html`<div class="banner err" role="alert">${blocker}</div>` : ''}
${d.warnings.map((w) => html`<div class="banner warn">${w}</div>`)}
<div class="row">${field('name', 'Project name', d.name)}</div>
<div class="row">${field('street_address', 'Street address', d.streetAddress, d.hints.documentLocation ? `Documents: ${d.hints.documentLocation}` : null)}${field('city', 'City', d.city)}</div>
<div class="row">${field('state_or_province', 'State / province', d.stateOrProvince)}${field('zip_code', 'Zip / postal code', d.zipCode)}${field('time_zone', 'Time zone', d.timeZone, null, 'CT or America/Chicago')}</div>
<div class="row">${field('bid_due', "Subs' bids due (date, time, zone)", when(d.bidDue), d.hints.ownerBidDate ? `The documents give the owner's bid date: ${d.hints.ownerBidDate}` : null, 'Dec 12 2pm CT')}</div>
<div class="row">${field('job_walk', 'Job walk / pre-bid meeting', when(d.jobWalk), null, 'Dec 3 10am')}${field('job_walk_note', 'Where to meet', d.jobWalk?.note ?? null)}</div>
<div class="row">${field('rfi_deadline', 'RFI deadline', when(d.rfiDeadline), null, 'Dec 8 5pm')}</div>
<div class="row"><label>Message to the subcontractors<br><input type="text" name="message" value="${d.message ?? ''}" autocomplete="off"></label></div>
<div class="actions"><button type="submit">Save details</button></div>
</form>`;
}

/** The e-mail one recipient per trade gets: From, To, Subject and the text, the HTML a link away. */
function previewCards(token: string, p: PreviewResult): Html {
  return html`${p.previews.map(
    (v) => html`<section class="card preview"><h2>Preview · ${v.division} ${v.tradeName}</h2>
<p class="muted">From: ${v.from}<br>To: ${v.to.name} &lt;${v.to.email}&gt;<br>Subject: <strong>${v.subject}</strong></p>
<pre style="white-space:pre-wrap;overflow-wrap:anywhere;font-size:.85rem">${v.text}</pre>
<p><a href="/review/${token}/preview/${v.division}">See the HTML e-mail</a></p></section>`,
  )}`;
}

export function reviewPage(app: Signer, token: string, job: JobRow, map: ContactsMap, details: ProjectDetails, banner?: Banner, status = 200): { status: number; html: string } {
  const c = summarizeMap(map);
  const body = html`${header(job, map)}
${banner ? html`<div class="banner ${banner.kind}" role="status">${banner.text}</div>` : ''}
${detailsCard(app, token, details)}
<form method="post" action="/review/${token}">
<input type="hidden" name="csrf" value="${csrfToken(app.secret, token)}">
<input type="hidden" name="version" value="${map.version}">
<p class="muted">Contacts map version ${map.version} · ${plural(map.trades.length, 'trade')} · ${selectionPhrase(c)} selected. Untick anyone you do not want to invite.</p>
${map.trades.map((t) => tradeCard(t, map.settings.radius_miles))}
${map.trades.length === 0 ? html`<div class="banner warn">No trades were detected in this plan set.</div>` : ''}
<fieldset><legend>Add a contact</legend>
<div class="row">
<label>E-mail<br><input type="email" name="add_email" autocomplete="off" placeholder="estimating@example.com"></label>
<label>Company (optional)<br><input type="text" name="add_name" autocomplete="off"></label>
<label>Trade<br><select name="add_trade">${map.trades.map((t) => html`<option value="${t.division}">${t.division} ${t.name}</option>`)}</select></label>
</div>
<div class="actions"><button type="submit" name="action" value="add">Add contact</button></div>
</fieldset>
<div class="actions">
<button type="submit" name="action" value="save">Save changes</button>
<button type="submit" name="action" value="send" class="red">Send invitations</button>
</div>
</form>`;
  return page(`Review ${map.project.name}`, body, { status });
}

export function confirmPage(app: Signer, token: string, job: JobRow, map: ContactsMap, preview: PreviewResult): { status: number; html: string } {
  const c = summarizeMap(map);
  const rows = map.trades.map((t) => {
    const names = t.candidates.filter((x) => x.selected && x.email).map((x) => x.name);
    return html`<tr><td>${t.division} ${t.name}</td><td>${names.length ? names.join(', ') : '— nobody —'}</td></tr>`;
  });
  const body = html`${header(job, map)}
<div class="card">
<h2>Send ${selectionPhrase(c)} across ${plural(c.trades, 'trade')}?</h2>
<table><thead><tr><th>Trade</th><th>Invited</th></tr></thead><tbody>${rows}</tbody></table>
${preview.blockers.map((b) => html`<div class="banner err" role="alert">${b}</div>`)}
${preview.warnings.map((w) => html`<div class="banner warn">${w}</div>`)}
<form method="post" action="/review/${token}/approve">
<input type="hidden" name="csrf" value="${csrfToken(app.secret, token)}">
<input type="hidden" name="version" value="${map.version}">
<div class="actions">${preview.blockers.length ? '' : html`<button type="submit" class="red">Confirm</button>`}<a class="button" href="/review/${token}">Back to the map</a></div>
</form>
</div>
${previewCards(token, preview)}`;
  return page('Confirm sending', body);
}

const STATE_TAG: Record<InviteeState, string> = { sending: 'sending', bidding: 'bidding', not_bidding: 'not bidding', no_answer: 'no answer yet', bounced: 'bounced', failed: 'failed' };
const when = (d: Date, zone: string | null) =>
  new Intl.DateTimeFormat('en-US', { timeZone: zone ?? 'UTC', weekday: 'short', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' }).format(d);

/**
 * After the red button the review link opens the job's coverage page: per trade who was invited,
 * opened the plans, answers bidding or not, has not answered, bounced or failed; the trades under
 * target with the next best contacts to tick and invite; the target and the reminders, still editable.
 */
function coveragePage(app: App, token: string, job: JobRow, map: ContactsMap | undefined, c: BidCoverage, banner?: Banner): { status: number; html: string } {
  const csrf = csrfToken(app.secret, token);
  const tradeCards = c.trades.map((t) => {
    const people = t.invitees.map(
      (i) => html`<li><strong>${i.name}</strong> <span class="tag${i.state === 'bounced' || i.state === 'failed' ? ' bad' : ''}">${STATE_TAG[i.state]}</span>${i.downloads ? html`<span class="tag">opened the plans</span>` : ''}
<br><span class="muted">${i.email ?? ''}${i.problem ? ` · ${i.problem}` : ''}${i.nextReminders.length ? ` · reminder ${when(i.nextReminders[0]!.at, c.timeZone)}` : ''}</span>${i.note ? html`<br>“${i.note}”` : ''}</li>`,
    );
    const next = t.suggestions.map(
      (s) => html`<li><label for="inv-${t.division}-${s.contactId}"><input type="checkbox" id="inv-${t.division}-${s.contactId}" name="contact" value="${s.contactId}" checked><span><strong>${s.name}</strong><br><span class="muted">${s.email} · ${s.reason}</span></span></label></li>`,
    );
    return html`<section class="card" id="trade-${t.division}">
<h2>${t.division} ${t.name} ${t.short > 0 ? html`<span class="tag bad">${t.short} short of ${t.target}</span>` : html`<span class="tag">on target</span>`}</h2>
<p class="muted">${t.invited} invited · ${t.opened} opened the plans · ${t.bidding} bidding · ${t.notBidding} not bidding · ${t.noAnswer + t.sending} no answer yet · ${t.bouncedOrFailed} bounced or failed</p>
${people.length ? html`<ul class="cands">${people}</ul>` : html`<p class="banner warn">Nobody invited for this trade.</p>`}
${next.length ? html`<p><strong>Next best, not invited yet:</strong></p><ul class="cands">${next}</ul>` : t.short > 0 ? html`<p class="muted">No more contacts for this trade in your list.</p>` : ''}
</section>`;
  });
  const anyNext = c.underTarget.some((t) => t.suggestions.length);
  const reminders = c.reminders.map((r) => html`<li>${when(r.at, c.timeZone)} (${plural(r.days, 'day')} before): ${r.sent ? `${r.sent} sent; ` : ''}${r.recipients.length ? `${plural(r.recipients.length, 'sub')} to go — ${r.recipients.join(', ')}` : 'nobody to go'}</li>`);
  const body = html`<p class="muted">Red Button · bid coverage</p><h1>${map?.project.name ?? job.name}</h1>
<p class="life"><strong>${c.life.words}</strong>${c.bidDue ? html` · due ${c.bidDue.text}` : ''}</p>
${banner ? html`<div class="banner ${banner.kind}" role="status">${banner.text}</div>` : ''}
<p class="muted">${c.totals.invited} invited · ${c.totals.bidding} bidding · ${c.totals.notBidding} not bidding · ${c.totals.noAnswer + c.totals.sending} no answer yet · ${c.totals.bouncedOrFailed} bounced or failed · target ${c.target} per trade</p>
<form method="post" action="/review/${token}/invite">
<input type="hidden" name="csrf" value="${csrf}">
${tradeCards}
${anyNext && c.life.phase !== 'closed' ? html`<div class="actions"><button type="submit" class="red">Invite these too</button></div><p class="muted">Only the ticked contacts get an invitation; anyone already invited gets nothing again.</p>` : ''}
</form>
<section class="card"><h2>Reminders</h2>
${reminders.length ? html`<ul>${reminders}</ul>` : html`<p class="muted">${c.reminderDays.length ? 'No reminders ahead.' : 'Reminders are off for this job.'}</p>`}
<form method="post" action="/review/${token}/followup">
<input type="hidden" name="csrf" value="${csrf}">
<div class="row"><label>Bidders wanted per trade<br><input type="number" name="bid_target" min="1" max="50" value="${String(c.target)}"></label>
<label>Reminders, days before the due time<br><input type="text" name="reminders" value="${c.reminderDays.length ? c.reminderDays.join(', ') : 'off'}" placeholder="3, 1 or off" autocomplete="off"></label></div>
<div class="actions"><button type="submit">Save</button></div>
</form></section>`;
  return page(`Bid coverage for ${job.name}`, body);
}

async function renderGet(app: App, token: string, job: JobRow, banner?: Banner, status = 200): Promise<{ status: number; html: string }> {
  if (job.status === 'FAILED') return messagePage(job.name, `This job failed: ${job.failureReason ?? 'unknown reason'}`, 'err', 200);
  if (!job.contactsMapRef) {
    // No JavaScript: the page reloads itself until the map is ready.
    return page(job.name, html`${header(job)}<div class="banner warn" role="status">Still reading the plan set (step: ${job.status}). This page refreshes by itself.</div>`, { refreshSeconds: 10 });
  }
  const map = await app.maps.load(job.contactsMapRef);
  if (job.status === 'EMAILED' || (await app.maps.invitationsQueued(job.jobId))) return coveragePage(app, token, job, map, await bidCoverage(app, job.userId, job.jobId), banner);
  return reviewPage(app, token, job, map, await app.details.get(job.userId, job.jobId), banner, status);
}

/** AppErrors a person can fix on the page become a banner on the current map. */
async function rerenderWithError(app: App, token: string, job: JobRow, e: unknown): Promise<{ status: number; html: string }> {
  if (!isAppError(e)) throw e;
  const fresh = await app.repos.jobs.getInternal(job.jobId) ?? job;
  const kind = e.code === 'STALE_VERSION' ? 'warn' : 'err';
  const status = e.code === 'STALE_VERSION' || e.code === 'ALREADY_SENT' ? 409 : 400;
  const text =
    e.code === 'STALE_VERSION'
      ? 'The contacts map changed since you opened this page (someone else edited it, maybe from e-mail or Slack). Here is the current version — check it and make your change again.'
      : e.userMessage;
  return renderGet(app, token, fresh, { kind, text }, status);
}

function editsFromForm(map: ContactsMap, form: z.infer<typeof reviewForm>): MapEdit[] {
  const edits: MapEdit[] = [];
  const shown = new Set(form.shown);
  const wanted = new Map<string, Set<string>>();
  for (const s of form.sel) {
    const i = s.indexOf(':');
    if (i < 1) continue;
    const set = wanted.get(s.slice(0, i)) ?? new Set<string>();
    set.add(s.slice(i + 1));
    wanted.set(s.slice(0, i), set);
  }
  for (const t of map.trades) {
    if (!shown.has(t.division)) continue;
    const want = wanted.get(t.division) ?? new Set<string>();
    const have = new Set(t.candidates.filter((c) => c.selected).map((c) => c.contact_id));
    const same = want.size === have.size && [...want].every((id) => have.has(id));
    if (!same) edits.push({ op: 'set_selection', trade: t.division, contacts: [...want] });
  }
  if (form.add_email) {
    if (!z.email().safeParse(form.add_email).success) {
      throw new AppError('VALIDATION', 'Bad e-mail in add form', { userMessage: `"${form.add_email}" is not a valid e-mail address.` });
    }
    if (!form.add_trade) throw new AppError('VALIDATION', 'No trade in add form', { userMessage: 'Choose the trade to add the contact to.' });
    edits.push({ op: 'add_contact', trade: form.add_trade, contact: form.add_email, ...(form.add_name ? { name: form.add_name } : {}) });
  } else if (form.action === 'add') {
    throw new AppError('VALIDATION', 'Empty add form', { userMessage: 'Enter the e-mail address of the contact to add.' });
  }
  return edits;
}

export function registerReviewRoutes(server: FastifyInstance, ctx: HttpContext): void {
  const r = server.withTypeProvider<ZodTypeProvider>();
  const { app } = ctx;
  const hide = { hide: true } as const;

  r.get('/review/:token', { schema: { ...hide, params: tokenParams, querystring: reviewQuery } }, async (req, reply) => {
    let opened: Opened;
    try {
      opened = await open(app, req.params.token);
    } catch (e) {
      return sendLinkError(reply, e);
    }
    const msg = req.query.msg ? MESSAGES[req.query.msg] : undefined;
    return sendPage(reply, await renderGet(app, req.params.token, opened.job, msg));
  });

  r.post('/review/:token', { schema: { ...hide, params: tokenParams } }, async (req, reply) => {
    const token = req.params.token;
    const start = await startPost(app, req, reply, token, reviewForm);
    if ('sent' in start) return start.sent;
    const { opened: { claims, job }, form } = start;
    const log = req.log.child({ jobId: job.jobId, userId: claims.userId });
    try {
      let map = await app.maps.current(claims.userId, job.jobId);
      if (form.data.version !== map.version) {
        throw new AppError('STALE_VERSION', `Form version ${form.data.version}, map ${map.version}`, { userMessage: 'The contacts map changed.' });
      }
      if (await app.maps.invitationsQueued(job.jobId)) return reply.redirect(`/review/${token}?msg=already`, 303);
      const edits = editsFromForm(map, form.data);
      if (edits.length > 0) {
        map = await app.maps.edit(claims.userId, job.jobId, edits, { expectedVersion: form.data.version, via: 'http' });
        log.info({ version: map.version, edits: edits.length }, 'map edited on the review page');
      }
      if (form.data.action === 'send') {
        if (summarizeMap(map).invitations === 0) {
          return sendPage(reply, await renderGet(app, token, (await app.repos.jobs.getInternal(job.jobId))!, { kind: 'err', text: 'Nobody is selected. Tick at least one contact, then press Send invitations.' }, 400));
        }
        return sendPage(reply, confirmPage(app, token, (await app.repos.jobs.getInternal(job.jobId))!, map, await previewInvitations(app, claims.userId, job.jobId)));
      }
      const msg = edits.length === 0 ? 'nochange' : form.data.add_email ? 'added' : 'saved';
      return reply.redirect(`/review/${token}?msg=${msg}`, 303);
    } catch (e) {
      log.info({ code: isAppError(e) ? e.code : undefined }, 'review edit refused');
      return sendPage(reply, await rerenderWithError(app, token, job, e));
    }
  });

  r.post('/review/:token/details', { schema: { ...hide, params: tokenParams } }, async (req, reply) => {
    const token = req.params.token;
    const start = await startPost(app, req, reply, token, detailsForm);
    if ('sent' in start) return start.sent;
    const { opened: { claims, job }, form } = start;
    try {
      // Only fields that changed: a date shown as "Friday, December 12 …" is not re-read unless edited.
      const before = await app.details.get(claims.userId, job.jobId);
      const shown: Record<string, string> = {
        name: before.name, street_address: before.streetAddress ?? '', city: before.city ?? '', state_or_province: before.stateOrProvince ?? '',
        zip_code: before.zipCode ?? '', time_zone: before.timeZone ?? '', bid_due: before.bidDue ? describeMoment(before.bidDue, before.timeZone) : '',
        job_walk: before.jobWalk ? describeMoment(before.jobWalk, before.timeZone) : '', job_walk_note: before.jobWalk?.note ?? '',
        rfi_deadline: before.rfiDeadline ? describeMoment(before.rfiDeadline, before.timeZone) : '', message: before.message ?? '',
      };
      const patch: Record<string, string | null> = {};
      for (const key of DETAIL_FIELDS) {
        const value = (form.data as Record<string, string | undefined>)[key];
        if (value === undefined || value.trim() === (shown[key] ?? '').trim()) continue;
        patch[key] = value.trim() === '' && key !== 'name' ? null : value.trim();
      }
      if (Object.keys(patch).length) await app.details.edit(claims.userId, job.jobId, patch, 'http');
      return reply.redirect(`/review/${token}?msg=details`, 303);
    } catch (e) {
      return sendPage(reply, await rerenderWithError(app, token, job, e));
    }
  });

  r.get('/review/:token/preview/:division', { schema: { ...hide, params: tokenParams.extend({ division: z.string().regex(/^\d{2}$/) }) } }, async (req, reply) => {
    let opened: Opened;
    try {
      opened = await open(app, req.params.token);
    } catch (e) {
      return sendLinkError(reply, e);
    }
    const p = await previewInvitations(app, opened.claims.userId, opened.job.jobId);
    const v = p.previews.find((x) => x.division === req.params.division);
    if (!v) return sendPage(reply, messagePage('No preview', 'Nobody is selected for this trade, so there is no e-mail to show.', 'warn', 404));
    // The invitation exactly as rendered; a company logo may come from any https address.
    return reply
      .code(200)
      .headers({ ...HTML_HEADERS, 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src https: data:; form-action 'none'; frame-ancestors 'none'; base-uri 'none'" })
      .send(v.html);
  });

  r.post('/review/:token/invite', { schema: { ...hide, params: tokenParams } }, async (req, reply) => {
    const token = req.params.token;
    const start = await startPost(app, req, reply, token, inviteForm);
    if ('sent' in start) return start.sent;
    const { opened: { claims, job }, form } = start;
    try {
      if (form.data.contact.length === 0) throw new AppError('VALIDATION', 'invite without contacts', { userMessage: 'Tick at least one contact to invite.' });
      const res = await inviteMore(app, claims.userId, job.jobId, { contactIds: form.data.contact, via: 'http' });
      if (res.queued.length) {
        ctx.onApproved(job.jobId);
        await app.events.emit(await app.repos.jobs.getInternal(job.jobId) ?? job);
      }
      return reply.redirect(`/review/${token}?msg=${res.queued.length ? 'invited' : 'already'}`, 303);
    } catch (e) {
      return sendPage(reply, await rerenderWithError(app, token, job, e));
    }
  });

  r.post('/review/:token/followup', { schema: { ...hide, params: tokenParams } }, async (req, reply) => {
    const token = req.params.token;
    const start = await startPost(app, req, reply, token, followUpForm);
    if ('sent' in start) return start.sent;
    const { opened: { claims, job }, form } = start;
    try {
      const patch: Record<string, unknown> = {};
      if (form.data.bid_target?.trim()) patch.bid_target = form.data.bid_target.trim();
      if (form.data.reminders !== undefined) patch.reminders = form.data.reminders.trim() || null;
      if (Object.keys(patch).length) await app.details.edit(claims.userId, job.jobId, patch, 'http');
      return reply.redirect(`/review/${token}?msg=followup`, 303);
    } catch (e) {
      return sendPage(reply, await rerenderWithError(app, token, job, e));
    }
  });

  r.post('/review/:token/approve', { schema: { ...hide, params: tokenParams } }, async (req, reply) => {
    const token = req.params.token;
    const start = await startPost(app, req, reply, token, approveForm);
    if ('sent' in start) return start.sent;
    const { opened: { claims, job }, form } = start;
    try {
      const s = await approveJob(app, claims.userId, job.jobId, { version: form.data.version, via: 'http' });
      ctx.onApproved(s.jobId);
      req.log.info({ jobId: job.jobId, queued: s.queued, mapVersion: s.mapVersion }, 'approved on the review page');
      return reply.redirect(`/review/${token}?msg=sent`, 303);
    } catch (e) {
      if (isAppError(e) && e.code === 'ALREADY_SENT') return reply.redirect(`/review/${token}?msg=already`, 303);
      return sendPage(reply, await rerenderWithError(app, token, job, e));
    }
  });
}

/**
 * The start every review-page POST shares: a valid link, a complete form, a valid CSRF token.
 * Returns the parsed parts, or the reply already sent when one of them is missing.
 */
async function startPost<T extends z.ZodType<{ csrf?: string }>>(
  app: App,
  req: FastifyRequest,
  reply: FastifyReply,
  token: string,
  schema: T,
): Promise<{ opened: Opened; form: { data: z.infer<T> } } | { sent: FastifyReply }> {
  let opened: Opened;
  try {
    opened = await open(app, token);
  } catch (e) {
    return { sent: sendLinkError(reply, e) };
  }
  const form = parseForm(req, schema);
  if (!form.ok) return { sent: sendPage(reply, messagePage('Form not valid', form.message, 'err', 400)) };
  try {
    checkCsrf(app.secret, token, form.data.csrf);
  } catch (e) {
    return { sent: sendPage(reply, messagePage('Form expired', (e as AppError).userMessage, 'err', 403)) };
  }
  return { opened, form };
}

function parseForm<T extends z.ZodType>(req: FastifyRequest, schema: T): { ok: true; data: z.infer<T> } | { ok: false; message: string } {
  const parsed = schema.safeParse(req.body ?? {});
  if (parsed.success) return { ok: true, data: parsed.data };
  return { ok: false, message: `The form was not complete (${parsed.error.issues.map((i) => i.path.join('.') || 'form').join(', ')}). Go back, reload the page and try again.` };
}
