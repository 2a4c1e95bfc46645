import { z } from 'zod';
import { AppError } from '../errors.js';
import { logger } from '../log.js';
import { milesBetween, parsePostcode, zipLocation, zipOfPlace } from '../contacts/geo.js';
import { resolveTrade } from '../scope/taxonomy.js';
import type { Fact, FactDate, ProjectFacts } from '../scope/types.js';
import type { JobRow, JobDetailsRow } from '../records.js';
import type { JobDetailsPatch, Repositories } from '../../db/repositories/index.js';
import { formatMoment, instantOf, parseMoment, parseTimeZone, zoneOfRegion, type LocalMoment } from './time.js';
import { parseReminderSetting, reminderDaysOf } from '../outreach/reminders.js';

/**
 * The project details a subcontractor acts on: where the job is, when the subs' bids are due
 * (date, time and zone: the GC's own deadline, usually days before the owner's bid date in the
 * documents), the job walk, the RFI deadline, a message and a scope note per trade. The name and
 * zip live on the job row (the contacts map reads them); the rest in job_details.
 */
export interface ProjectDetails {
  jobId: string;
  name: string;
  streetAddress: string | null;
  city: string | null;
  stateOrProvince: string | null;
  country: string | null;
  zipCode: string | null;
  timeZone: string | null;
  bidDue: LocalMoment | null;
  jobWalk: (LocalMoment & { note: string | null }) | null;
  rfiDeadline: LocalMoment | null;
  message: string | null;
  /** Two-digit division → note. */
  scopeNotes: Record<string, string>;
  /** What the documents say, shown beside the fields (never copied into the subs' due date). */
  hints: { ownerBidDate: string | null; documentLocation: string | null; documentZip: string | null };
  /** Things worth a second look (far-apart zips, RFI after the due date …). */
  warnings: string[];
  /** Bidders the estimator wants per trade (coverage); DEFAULT_BID_TARGET unless set. */
  bidTarget: number;
  /** Days before the due time the subs are reminded, largest first; [] = no reminders. */
  reminderDays: number[];
}

/** Bidders per trade an estimator usually wants. */
export const DEFAULT_BID_TARGET = 3;

/** One patch vocabulary for every channel; dates as a person writes them ("Dec 12 2pm CT"). Empty string clears. */
export const detailsPatchSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    street_address: z.string().trim().max(200).nullable(),
    city: z.string().trim().max(100).nullable(),
    state_or_province: z.string().trim().max(60).nullable(),
    country: z.string().trim().max(60).nullable(),
    zip_code: z.string().trim().max(12).nullable(),
    time_zone: z.string().trim().max(60).nullable(),
    bid_due: z.string().trim().max(120).nullable(),
    job_walk: z.string().trim().max(120).nullable(),
    job_walk_note: z.string().trim().max(300).nullable(),
    rfi_deadline: z.string().trim().max(120).nullable(),
    message: z.string().trim().max(2000).nullable(),
    scope_notes: z.record(z.string().max(80), z.string().trim().max(500).nullable()),
    /** Bidders wanted per trade (1–50); null = the default. */
    bid_target: z.coerce.number().int().min(1).max(50).nullable(),
    /** Reminder days before the due time: "3,1", "off", "default". */
    reminders: z.string().trim().max(60).nullable(),
  })
  .partial()
  .strict();
export type DetailsPatch = z.infer<typeof detailsPatchSchema>;

/** Fields that stay editable after the invitations went out. */
const FOLLOW_UP_FIELDS = new Set<string>(['bid_target', 'reminders']);

/** Fields a person can name in a patch, for help texts. */
export const DETAIL_FIELDS = Object.keys(detailsPatchSchema.shape) as (keyof DetailsPatch)[];

/** Which facts fill which details: a pure mapping, so every channel's first view is the same. */
export function jobDetailsFromFacts(
  project: ProjectFacts | null | undefined,
): Pick<ProjectDetails, 'streetAddress' | 'city' | 'stateOrProvince' | 'country' | 'zipCode' | 'timeZone' | 'jobWalk'> & { name: string | null; ownerBidDate: string | null } {
  // Scope documents written before facts had pages hold plain strings: read them as absent.
  const v = (f: Fact | null | undefined): string | null => (f && typeof f === 'object' && typeof f.value === 'string' && f.value.trim() ? f.value.trim() : null);
  const d = (f: Fact<FactDate> | null | undefined): FactDate | null => (f && typeof f === 'object' && f.value && typeof f.value === 'object' ? f.value : null);
  const p = project ?? ({} as Partial<ProjectFacts>);
  let zip: string | null = null;
  const rawZip = v(p.zipOrPostcode);
  if (rawZip) {
    try {
      zip = parsePostcode(rawZip).code;
    } catch (_e) {
      zip = null; // a zip the documents misprint is left for the estimator, not guessed at
    }
  }
  const state = v(p.stateOrProvince);
  const factZone = d(p.preBidMeeting)?.timeZone ?? d(p.bidDue)?.timeZone ?? null;
  let timeZone = zoneOfRegion(state);
  if (factZone) {
    try {
      timeZone = parseTimeZone(factZone);
    } catch (_e) {
      // a printed zone we cannot read: keep the state's
    }
  }
  const meeting = d(p.preBidMeeting);
  const owner = d(p.bidDue);
  return {
    name: v(p.name),
    streetAddress: v(p.streetAddress),
    city: v(p.city),
    stateOrProvince: state,
    country: v(p.country),
    zipCode: zip,
    timeZone,
    jobWalk: meeting?.date ? { date: meeting.date, time: meeting.time, note: null } : null,
    ownerBidDate: owner ? (owner.date ? formatMoment({ date: owner.date, time: owner.time }, null) : owner.text) : null,
  };
}

/** Why invitations cannot go out yet (a message a person can act on), or null when they can. */
export function sendBlocker(d: ProjectDetails, now: Date = new Date()): string | null {
  const how = 'Set it with "redbutton job edit <job> --due \'Dec 12 2pm CT\'", the review page, Slack, or an e-mail reply "due: Dec 12 2pm CT".';
  const hint = d.hints.ownerBidDate ? ` (The documents give the owner's bid date as ${d.hints.ownerBidDate}; the subs' date is usually earlier.)` : '';
  if (!d.bidDue) return `The subcontractors' bid due date is not set, so the invitation would not say when bids are due. ${how}${hint}`;
  if (!d.bidDue.time) return `The bid due date ${formatMoment(d.bidDue, null)} has no time. Add one, e.g. "due: ${d.bidDue.date} 2pm".`;
  if (!d.timeZone) return `The bid due time has no time zone. Add one, e.g. "due: ${d.bidDue.date} ${d.bidDue.time} CT" or "time zone: America/Chicago".`;
  if (instantOf(d.bidDue, d.timeZone).getTime() <= now.getTime()) {
    return `The bid due date ${formatMoment(d.bidDue, d.timeZone)} has passed. Set a future one. ${how}`;
  }
  return null;
}

/** Throws VALIDATION with `sendBlocker`'s message when invitations cannot go out. */
export function assertReadyToSend(d: ProjectDetails, now: Date = new Date()): void {
  const why = sendBlocker(d, now);
  if (why) throw new AppError('VALIDATION', `Job ${d.jobId} not ready to send: ${why}`, { userMessage: why, details: { field: 'bid_due' } });
}

/** Miles beyond which the job's zip and the place in the documents are probably not the same job. */
export const FAR_APART_MILES = 100;

export interface ProjectDetailsDeps {
  repos: Pick<Repositories, 'jobs' | 'jobDetails'>;
  /** The facts read from the job's documents, when there are any. */
  facts(job: JobRow): Promise<ProjectFacts | null>;
  /** True once invitations were queued: details are then frozen, like the map. */
  invitationsQueued(jobId: string): Promise<boolean>;
  clock?: () => Date;
}

/** Read, edit and fill a job's project details; every call checks the owner first. */
export class ProjectDetailsService {
  constructor(private readonly deps: ProjectDetailsDeps) {}

  private now(): Date {
    return this.deps.clock?.() ?? new Date();
  }

  async get(userId: string, jobId: string): Promise<ProjectDetails> {
    const job = await this.deps.repos.jobs.getForUser(userId, jobId);
    return this.compose(job, (await this.deps.repos.jobDetails.get(job.jobId)), await this.deps.facts(job));
  }

  /** Apply a patch from any channel; returns the details as they now are. */
  async edit(userId: string, jobId: string, rawPatch: unknown, via: string): Promise<ProjectDetails> {
    const parsed = detailsPatchSchema.safeParse(rawPatch);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const unknown = issue?.code === 'unrecognized_keys' ? issue.keys.join(', ') : null;
      throw new AppError('VALIDATION', `Bad details patch: ${parsed.error.message}`, {
        userMessage: unknown
          ? `Unknown field(s): ${unknown}. Fields: ${DETAIL_FIELDS.join(', ')}.`
          : `The ${issue?.path.join('.') || 'details'} value is not valid: ${issue?.message ?? 'check it'}.`,
      });
    }
    const patch = parsed.data;
    const job = await this.deps.repos.jobs.getForUser(userId, jobId);
    // The bid target and the reminders are the estimator's own follow-up, not what the subs were
    // told: they stay editable after the invitations went out.
    const followUpOnly = Object.keys(patch).every((k) => FOLLOW_UP_FIELDS.has(k));
    if (!followUpOnly && (await this.deps.invitationsQueued(job.jobId))) {
      throw new AppError('JOB_STATE', `Job ${job.jobId} details frozen`, {
        userMessage: 'The invitations for this job are already queued or sent, so its details can no longer change (the subcontractors have them).',
      });
    }
    const current = (await this.deps.repos.jobDetails.get(job.jobId));
    const row: JobDetailsPatch = {};
    const jobPatch: { name?: string; zipCode?: string | null } = {};
    const text = (s: string | null | undefined) => (s === undefined ? undefined : s === null || s === '' ? null : s);

    if (patch.name !== undefined) jobPatch.name = patch.name;
    if (patch.zip_code !== undefined) jobPatch.zipCode = text(patch.zip_code) === null ? null : parsePostcode(patch.zip_code!).code;
    for (const [key, col] of [['street_address', 'streetAddress'], ['city', 'city'], ['state_or_province', 'stateOrProvince'], ['country', 'country'], ['message', 'message'], ['job_walk_note', 'jobWalkNote']] as const) {
      const value = text(patch[key]);
      if (value !== undefined) row[col] = value;
    }
    if (patch.time_zone !== undefined) row.timeZone = text(patch.time_zone) === null ? null : parseTimeZone(patch.time_zone!);

    // One zone per job: a zone written with a date ("2pm CT") becomes the job's zone.
    const zoneNow = () => (row.timeZone !== undefined ? row.timeZone : (current?.timeZone ?? zoneOfRegion(row.stateOrProvince ?? current?.stateOrProvince ?? null)));
    const moment = (value: string, what: string) => {
      const m = parseMoment(value, what, this.now());
      if (m.timeZone) row.timeZone = m.timeZone;
      const zone = zoneNow() ?? 'UTC';
      if (instantOf(m, zone).getTime() <= this.now().getTime()) {
        throw new AppError('VALIDATION', `${what} in the past: ${value}`, {
          userMessage: `The ${what} "${value}" (${formatMoment(m, zone)}) is in the past. Give a future date.`,
        });
      }
      return m;
    };
    if (patch.bid_due !== undefined) {
      const m = text(patch.bid_due) === null ? null : moment(patch.bid_due!, 'bid due date');
      row.dueDate = m?.date ?? null;
      row.dueTime = m?.time ?? null;
    }
    if (patch.job_walk !== undefined) {
      const m = text(patch.job_walk) === null ? null : moment(patch.job_walk!, 'job walk');
      row.jobWalkDate = m?.date ?? null;
      row.jobWalkTime = m?.time ?? null;
    }
    if (patch.rfi_deadline !== undefined) {
      const m = text(patch.rfi_deadline) === null ? null : moment(patch.rfi_deadline!, 'RFI deadline');
      row.rfiDate = m?.date ?? null;
      row.rfiTime = m?.time ?? null;
    }
    if (patch.bid_target !== undefined) row.bidTarget = patch.bid_target;
    if (patch.reminders !== undefined) row.reminderDays = patch.reminders === null || patch.reminders === '' ? null : parseReminderSetting(patch.reminders);
    if (patch.scope_notes !== undefined) {
      const notes = decodeNotes(current?.scopeNotes);
      for (const [trade, note] of Object.entries(patch.scope_notes)) {
        const division = resolveTrade(trade)?.code;
        if (!division) {
          throw new AppError('UNKNOWN_TRADE', `Unknown trade ${trade}`, { userMessage: `"${trade}" is not a trade I know. Use a division number (26) or a name (Electrical).` });
        }
        if (note) notes[division] = note;
        else delete notes[division];
      }
      row.scopeNotes = JSON.stringify(notes);
    }
    if (row.timeZone === undefined && !current?.timeZone && (row.dueDate || row.jobWalkDate || row.rfiDate)) {
      row.timeZone = zoneNow(); // from the state, when the estimator gave none
    }
    row.updatedVia = via;
    if (jobPatch.name !== undefined || jobPatch.zipCode !== undefined) await this.deps.repos.jobs.patchInState(job.jobId, job.status, jobPatch);
    await this.deps.repos.jobDetails.upsert(job.jobId, row);
    logger.info({ jobId: job.jobId, userId, via, fields: Object.keys(patch) }, 'project details edited');
    return this.get(userId, job.jobId);
  }

  /**
   * After the documents are read: fill what the estimator has not set from the facts. The name
   * replaces one taken from the file name; nothing the estimator typed is overwritten.
   */
  async fillFromFacts(job: JobRow, facts: ProjectFacts | null): Promise<{ name?: string; zipCode?: string }> {
    const f = jobDetailsFromFacts(facts);
    const current = (await this.deps.repos.jobDetails.get(job.jobId));
    const row: JobDetailsPatch = {};
    const keep = <K extends keyof JobDetailsRow>(col: K, value: JobDetailsRow[K] | null) => {
      if (value !== null && (current?.[col] ?? null) === null) (row as Record<string, unknown>)[col] = value;
    };
    keep('streetAddress', f.streetAddress);
    // Documents that print only a zip: the post office's city and state for it.
    const place = zipLocation(job.zipCode ?? f.zipCode);
    keep('city', f.city ?? (place ? titleCase(place.city) : null));
    keep('stateOrProvince', f.stateOrProvince ?? place?.state ?? null);
    keep('country', f.country);
    keep('timeZone', zoneOfRegion(job.zipCode ? (zipLocation(job.zipCode)?.state ?? null) : null) ?? f.timeZone);
    if (f.jobWalk && !current?.jobWalkDate) {
      row.jobWalkDate = f.jobWalk.date;
      row.jobWalkTime = f.jobWalk.time;
    }
    if (Object.keys(row).length) await this.deps.repos.jobDetails.upsert(job.jobId, { ...row, updatedVia: current?.updatedVia ?? 'facts' });
    const jobPatch: { name?: string; zipCode?: string } = {};
    if (f.name && nameCameFromFile(job)) jobPatch.name = f.name;
    if (!job.zipCode && f.zipCode) jobPatch.zipCode = f.zipCode;
    // Documents that name the city but print no zip still place the job (distances need a zip).
    else if (!job.zipCode) {
      const zip = zipOfPlace(f.city, f.stateOrProvince);
      if (zip) jobPatch.zipCode = zip;
    }
    return jobPatch;
  }

  private compose(job: JobRow, row: JobDetailsRow | undefined, facts: ProjectFacts | null): ProjectDetails {
    const f = jobDetailsFromFacts(facts);
    const timeZone = row?.timeZone ?? null;
    const details: ProjectDetails = {
      jobId: job.jobId,
      name: job.name,
      streetAddress: row?.streetAddress ?? null,
      city: row?.city ?? null,
      stateOrProvince: row?.stateOrProvince ?? null,
      country: row?.country ?? null,
      zipCode: job.zipCode,
      timeZone,
      bidDue: row?.dueDate ? { date: row.dueDate, time: row.dueTime ?? null } : null,
      jobWalk: row?.jobWalkDate ? { date: row.jobWalkDate, time: row.jobWalkTime ?? null, note: row.jobWalkNote ?? null } : null,
      rfiDeadline: row?.rfiDate ? { date: row.rfiDate, time: row.rfiTime ?? null } : null,
      message: row?.message ?? null,
      scopeNotes: decodeNotes(row?.scopeNotes),
      hints: {
        ownerBidDate: f.ownerBidDate,
        documentLocation: [f.streetAddress, f.city, [f.stateOrProvince, f.zipCode].filter(Boolean).join(' ')].filter(Boolean).join(', ') || null,
        documentZip: f.zipCode,
      },
      warnings: [],
      bidTarget: row?.bidTarget ?? DEFAULT_BID_TARGET,
      reminderDays: reminderDaysOf(row?.reminderDays),
    };
    const miles = job.zipCode && f.zipCode ? milesBetween(job.zipCode, f.zipCode) : null;
    if (miles !== null && miles > FAR_APART_MILES) {
      details.warnings.push(
        `The job's zip ${job.zipCode} is ${miles.toLocaleString('en-US')} miles from the location in the documents (${details.hints.documentLocation}). Check the zip: subcontractors are chosen by distance from it.`,
      );
    }
    if (details.bidDue && details.rfiDeadline && timeZone && instantOf(details.rfiDeadline, timeZone) > instantOf(details.bidDue, timeZone)) {
      details.warnings.push('The RFI deadline is after the bid due date.');
    }
    return details;
  }
}

/** "Plans 2026-11" from "Plans 2026-11.pdf": the intake's default, which facts may replace. */
function nameCameFromFile(job: JobRow): boolean {
  if (!job.pdfFileName) return false;
  return job.name === job.pdfFileName.replace(/\.pdf$/i, '').slice(0, 200);
}

const titleCase = (s: string) => s.toLowerCase().replace(/\b[a-z]/g, (c) => c.toUpperCase());

function decodeNotes(stored: string | null | undefined): Record<string, string> {
  if (!stored) return {};
  try {
    const v: unknown = JSON.parse(stored);
    if (!v || typeof v !== 'object' || Array.isArray(v)) return {};
    return Object.fromEntries(Object.entries(v).filter((e): e is [string, string] => typeof e[1] === 'string'));
  } catch (_e) {
    return {}; // written by us as JSON; unreadable means none rather than a failed page
  }
}

/** A moment for people: "Friday, December 12, 2026 at 2:00 PM CST". */
export function describeMoment(m: LocalMoment | null, zone: string | null): string {
  return m ? formatMoment(m, zone) : '';
}
