import type { ContactRow, EmailLogRow, JobRow, MapHistoryRow } from '../../core/records.js';
import { decodeTrades, describeTrades } from '../../core/contacts/trades.js';
import { decodeDivisions } from '../../core/outreach/deps.js';
import { describeMoment, sendBlocker, type ProjectDetails } from '../../core/project/details.js';
import { identityBlocker, type GcIdentity } from '../../core/project/identity.js';
import type { PreviewResult } from '../../core/outreach/preview.js';
import type { ContactsMap } from '../../core/contacts/map-document.js';
import { summarizeMap, type MapSummary } from '../../core/contacts/map-summary.js';
import type { BidCoverage, InviteMoreResult } from '../../core/outreach/index.js';

/**
 * What the API returns: snake_case like the seed's columns, only fields a client may see (no
 * leases, no raw storage refs, no origin context with someone's Slack or mail thread ids).
 */
export function jobSummaryView(j: JobRow) {
  return { job_id: j.jobId, name: j.name, status: j.status, created_at: j.createdAt };
}

/** The map's counts as every channel states them (one summary, see core/contacts/map-summary). */
export function mapSummaryView(s: MapSummary) {
  return { invitations: s.invitations, companies: s.companies, trades: s.trades, trades_found: s.tradesFound, gaps: s.gaps.map((g) => g.division) };
}

export function jobView(j: JobRow, map: ContactsMap | null) {
  return {
    ...jobSummaryView(j),
    origin: j.origin,
    zip_code: j.zipCode,
    notes: j.notes,
    updated_at: j.updatedAt,
    failure_reason: j.failureReason,
    failed_stage: j.failedStage,
    artifacts: {
      pdf: j.pdfRef ? { file_name: j.pdfFileName, sha256: j.pdfSha256, page_count: j.pageCount } : null,
      scope: j.scopeRef ? { extractor: j.extractor } : null,
      contacts_map: j.contactsMapRef && map ? { version: map.version, href: `/jobs/${j.jobId}/contacts-map`, summary: mapSummaryView(summarizeMap(map)) } : null,
    },
  };
}

export function contactView(c: ContactRow) {
  return {
    contact_id: c.contactId,
    name: c.name,
    email: c.email,
    phone: c.phone,
    trades: decodeTrades(c.trades),
    trades_label: describeTrades(c.trades),
    zip_code: c.zipCode,
    website: c.website,
    contact_person: c.contactPerson,
    tags: c.tags,
    unsubscribed_at: c.unsubscribedAt,
    email_bad_at: c.emailBadAt,
    email_bad_reason: c.emailBadReason,
    created_at: c.createdAt,
    updated_at: c.updatedAt,
  };
}

export function emailLogView(e: EmailLogRow) {
  return {
    email_id: e.emailId,
    job_id: e.jobId,
    contact_id: e.contactId,
    status: e.status,
    to_email: e.toEmail,
    trades: decodeDivisions(e.trades),
    map_version: e.mapVersion,
    provider_id: e.providerId,
    message_id: e.messageId,
    attempts: e.attempts,
    last_error: e.lastError,
    sent_at: e.sentAt,
    bounced_at: e.bouncedAt,
    bounce_reason: e.bounceReason,
    bid_response: e.bidResponse,
    responded_at: e.respondedAt,
    bid_note: e.bidNote,
    kind: e.kind,
    occasion: e.occasion || null,
    parent_email_id: e.parentEmailId,
    created_at: e.createdAt,
  };
}

export function historyView(h: MapHistoryRow) {
  let operations: unknown = null;
  if (h.operations) {
    try {
      operations = JSON.parse(h.operations);
    } catch (_e) {
      // Stored by us as JSON; an unreadable value is shown as missing rather than failing the list.
      operations = null;
    }
  }
  return { version: h.version, created_at: h.createdAt, summary: h.summary, via: h.via, by_user: h.userId !== null, operations };
}

/** A job's project details as the API, CLI --json and review page show them. */
export function projectDetailsView(d: ProjectDetails, now: Date = new Date()) {
  const moment = (m: { date: string; time: string | null } | null) => (m ? { date: m.date, time: m.time, text: describeMoment(m, d.timeZone) } : null);
  return {
    name: d.name,
    street_address: d.streetAddress,
    city: d.city,
    state_or_province: d.stateOrProvince,
    country: d.country,
    zip_code: d.zipCode,
    time_zone: d.timeZone,
    bid_due: moment(d.bidDue),
    job_walk: d.jobWalk ? { ...moment(d.jobWalk)!, note: d.jobWalk.note } : null,
    rfi_deadline: moment(d.rfiDeadline),
    message: d.message,
    scope_notes: d.scopeNotes,
    bid_target: d.bidTarget,
    reminder_days: d.reminderDays,
    hints: { owner_bid_date: d.hints.ownerBidDate, document_location: d.hints.documentLocation, document_zip: d.hints.documentZip },
    warnings: d.warnings,
    send_blocker: sendBlocker(d, now),
  };
}

export function identityView(id: GcIdentity) {
  return {
    full_name: id.estimator.name,
    title: id.estimator.title,
    phone: id.estimator.phone,
    email: id.estimator.email,
    company: id.company ? { name: id.company.name, address: id.company.address, phone: id.company.phone, logo_url: id.company.logoUrl } : null,
    send_blocker: identityBlocker(id),
  };
}

export function previewView(p: PreviewResult) {
  return {
    job_id: p.jobId,
    map_version: p.mapVersion,
    blockers: p.blockers,
    warnings: p.warnings,
    trades_without_recipient: p.tradesWithoutRecipient,
    previews: p.previews.map((v) => ({ division: v.division, trade: v.tradeName, to: v.to, from: v.from, subject: v.subject, text: v.text, html: v.html, divisions: v.divisions })),
  };
}

/** GET /jobs/{id}/coverage: the coverage view model in the API's snake_case. */
export function coverageView(c: BidCoverage) {
  const t = (x: BidCoverage['totals']) => ({ invited: x.invited, opened: x.opened, bidding: x.bidding, not_bidding: x.notBidding, no_answer: x.noAnswer, sending: x.sending, bounced_or_failed: x.bouncedOrFailed });
  return {
    job_id: c.jobId,
    name: c.jobName,
    life: { phase: c.life.phase, words: c.life.words, sent: c.life.sent, total: c.life.total },
    approved: c.approved,
    target: c.target,
    bid_due: c.bidDue ? { text: c.bidDue.text, at: c.bidDue.at.toISOString() } : null,
    reminder_days: c.reminderDays,
    totals: t(c.totals),
    trades: c.trades.map((tr) => ({
      division: tr.division,
      name: tr.name,
      target: tr.target,
      ...t(tr),
      possible: tr.possible,
      short: tr.short,
      invitees: tr.invitees.map((i) => ({
        email_id: i.emailId,
        contact_id: i.contactId,
        name: i.name,
        email: i.email,
        state: i.state,
        downloads: i.downloads,
        answered_at: i.answeredAt,
        note: i.note,
        problem: i.problem,
        next_reminders: i.nextReminders.map((r) => ({ occasion: r.occasion, at: r.at.toISOString() })),
        reminders_sent: i.remindersSent,
      })),
      suggestions: tr.suggestions.map((s) => ({ contact_id: s.contactId, name: s.name, email: s.email, distance_miles: s.distanceMiles, reason: s.reason })),
    })),
    under_target: c.underTarget.map((tr) => tr.division),
    reminders: c.reminders.map((r) => ({ occasion: r.occasion, days_before: r.days, at: r.at.toISOString(), recipients: r.recipients, sent: r.sent })),
    answers: c.answers.map((a) => ({ name: a.name, trades: a.divisions, state: a.state, note: a.note, at: a.at })),
  };
}

export function inviteMoreView(r: InviteMoreResult) {
  return {
    job_id: r.jobId,
    queued: r.queued.map((q) => ({ email_id: q.emailId, contact_id: q.contactId, name: q.name, email: q.email, trades: q.divisions })),
    already_invited: r.alreadyInvited,
  };
}
