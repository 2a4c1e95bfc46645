import { randomUUID } from 'node:crypto';
import { AppError, notFound } from '../errors.js';
import { logger } from '../log.js';
import { parseRef, serializeRef, storageKeys, type BlobStorage } from '../storage/index.js';
import type { Repositories } from '../../db/repositories/index.js';
import type { ContactRow, JobRow, MapHistoryRow } from '../records.js';
import { divisionByCode, resolveTrade } from '../scope/taxonomy.js';
import type { DetectedTrade, ScopeDocument } from '../scope/types.js';
import { factDateLine, placeLine } from '../scope/format.js';
import { defaultJobName } from '../pipeline/intake.js';
import type { AddressBook } from './address-book.js';
import { isPossibleTrade } from '../scope/confidence.js';
import { buildTrade, contactStatus, companyKey, tradeLabel, type MatchSettings } from './match.js';
import { contactsMapSchema, MAP_SCHEMA, type ContactsMap, type MapTrade, type Candidate } from './map-document.js';
import { describeEdit, mapEditsSchema, type MapEdit } from './map-edits.js';
import { diffMaps, type MapDiff } from './map-diff.js';
import { decodeTrades, encodeTrades } from './trades.js';

export interface MapServiceDeps {
  repos: Repositories;
  storage: BlobStorage;
  addressBook: AddressBook;
  settings: MatchSettings;
  /** Versions one job's map may have (MAP_MAX_VERSIONS); unlimited when absent. */
  maxVersions?: number;
}

/** Stored compact: a version is read and written on every edit. */
const serializeMap = (map: ContactsMap) => JSON.stringify(map);

export interface EditOptions {
  /** Refuse the edit unless the current version is this one (HTTP If-Match, Slack message version). */
  expectedVersion?: number;
  /** The channel the edit came through, recorded in history. */
  via?: string;
  /**
   * An addendum's new trades joining a map whose invitations already went out: allowed after
   * approval, and only for adding trades (the invited trades' selections stay as they were sent).
   */
  addendum?: boolean;
}

/**
 * The contacts map of a job: build the first version from detected trades, apply edits (each a new
 * version file + a contacts_map_history row), show/diff/roll back versions. Every method that a
 * user reaches checks the owner first; edits stop once invitations are queued.
 */
export class ContactsMapService {
  constructor(private readonly deps: MapServiceDeps) {}

  /** Version 1, from the scope document (the pipeline's last stage). Safe to re-run after a crash. */
  async buildInitial(job: JobRow, scope: ScopeDocument): Promise<{ ref: string; map: ContactsMap }> {
    const contacts = await this.deps.repos.contacts.listForUser(job.userId);
    const facts = scope.project;
    const zip = job.zipCode ?? facts.zipOrPostcode?.value ?? null;
    // The documents' project name beats the file name; a name the sender typed stays.
    const name = facts.name && job.name === defaultJobName(job.pdfFileName) ? facts.name.value : job.name;
    const map: ContactsMap = {
      schema: MAP_SCHEMA,
      version: 1,
      job_id: job.jobId,
      created_at: new Date().toISOString(),
      project: {
        name,
        zip_code: zip,
        location: placeLine(facts) || null,
        bid_due_date: facts.bidDue ? factDateLine(facts.bidDue.value) : null,
      },
      settings: { radius_miles: this.deps.settings.radiusMiles, max_per_trade: this.deps.settings.maxPerTrade, one_per_company: this.deps.settings.onePerCompany },
      trades: scope.trades
        .filter((t) => divisionByCode(t.division))
        .sort((a, b) => a.division.localeCompare(b.division))
        .map((t) => buildTrade(tradeBase(t), contacts, zip, this.deps.settings)),
    };
    const ref = await this.putVersion(job, map);
    const replaced = await this.commitOrRemove(ref, async (tx) => {
      // A re-run after a crash replaces its own first version instead of failing on (job, version).
      const earlier = (await tx.mapHistory.findVersion(job.userId, job.jobId, 1))?.ref;
      await tx.mapHistory.removeVersion(job.jobId, 1);
      await tx.mapHistory.append({ jobId: job.jobId, version: 1, ref, userId: null, summary: 'first map from detected trades', via: 'pipeline' });
      return earlier;
    });
    if (replaced && replaced !== ref) await this.removeFile(replaced);
    return { ref, map };
  }

  async current(userId: string, jobId: string): Promise<ContactsMap> {
    const job = await this.deps.repos.jobs.getForUser(userId, jobId);
    if (!job.contactsMapRef) {
      throw new AppError('JOB_STATE', `Job ${jobId} has no contacts map yet (status ${job.status})`, {
        userMessage: job.status === 'FAILED' ? `This job failed: ${job.failureReason ?? 'unknown reason'}` : `The contacts map is not ready yet (the job is at ${job.status}). Try again in a minute.`,
      });
    }
    return this.load(job.contactsMapRef);
  }

  async version(userId: string, jobId: string, version: number): Promise<ContactsMap> {
    const row = await this.deps.repos.mapHistory.findVersion(userId, jobId, version);
    if (!row) throw notFound('contacts map version', `${jobId} v${version}`);
    return this.load(row.ref);
  }

  async history(userId: string, jobId: string): Promise<MapHistoryRow[]> {
    await this.deps.repos.jobs.getForUser(userId, jobId);
    return this.deps.repos.mapHistory.listForUser(userId, jobId);
  }

  async diff(userId: string, jobId: string, from: number, to: number): Promise<MapDiff> {
    return diffMaps(await this.version(userId, jobId, from), await this.version(userId, jobId, to));
  }

  /** Apply edits as one new version. */
  async edit(userId: string, jobId: string, rawEdits: MapEdit[], opts: EditOptions = {}): Promise<ContactsMap> {
    const edits = mapEditsSchema.parse(rawEdits);
    if (opts.addendum && edits.some((e) => e.op !== 'add_trade')) throw new AppError('VALIDATION', 'An addendum only adds trades', { userMessage: 'An addendum can only add trades to the contacts map.' });
    const { job, map } = await this.editable(userId, jobId, opts.expectedVersion, opts.addendum);
    const next: ContactsMap = structuredClone(map);
    for (const e of edits) await this.applyOne(userId, next, e);
    return this.commit(userId, job, map, next, edits.map(describeEdit).join('; '), edits, opts.via, opts.addendum);
  }

  /** A new version whose content is an earlier one's. */
  async rollback(userId: string, jobId: string, toVersion: number, opts: EditOptions = {}): Promise<ContactsMap> {
    const { job, map } = await this.editable(userId, jobId, opts.expectedVersion);
    const old = await this.version(userId, jobId, toVersion);
    return this.commit(userId, job, map, structuredClone(old), `roll back to version ${toVersion}`, [{ op: 'rollback', version: toVersion }], opts.via);
  }

  /** True once approval has queued invitations: the map is then frozen. */
  async invitationsQueued(jobId: string): Promise<boolean> {
    return (await this.deps.repos.emailLogs.countForJob(jobId)) > 0;
  }

  async load(refText: string): Promise<ContactsMap> {
    const data = await this.deps.storage.get(parseRef(refText));
    return contactsMapSchema.parse(JSON.parse(data.toString('utf8')));
  }

  private async editable(userId: string, jobId: string, expectedVersion?: number, addendum = false): Promise<{ job: JobRow; map: ContactsMap }> {
    const job = await this.deps.repos.jobs.getForUser(userId, jobId);
    if (!addendum && (job.status === 'EMAILED' || (await this.invitationsQueued(jobId)))) {
      throw new AppError('ALREADY_SENT', `Job ${jobId} already sent invitations`, {
        userMessage: 'Invitations for this job have already gone out, so the contacts map can no longer be changed.',
      });
    }
    const map = await this.current(userId, jobId);
    if (expectedVersion !== undefined && expectedVersion !== map.version) {
      throw new AppError('STALE_VERSION', `Map is at version ${map.version}, not ${expectedVersion}`, {
        userMessage: `The contacts map changed since you looked at it (now version ${map.version}, you edited version ${expectedVersion}). Reload it and make your change again.`,
        details: { currentVersion: map.version },
      });
    }
    return { job, map };
  }

  private async commit(userId: string, job: JobRow, base: ContactsMap, next: ContactsMap, summary: string, operations: unknown, via?: string, addendum = false): Promise<ContactsMap> {
    if (this.deps.maxVersions !== undefined && base.version >= this.deps.maxVersions) {
      throw new AppError('CONFLICT', `Map of ${job.jobId} has ${base.version} versions (limit ${this.deps.maxVersions})`, {
        userMessage: `This contacts map already has ${base.version} versions, the most one job may have. Approve it as it is, or ask your administrator to raise MAP_MAX_VERSIONS.`,
        details: { limit: this.deps.maxVersions },
      });
    }
    next.version = base.version + 1;
    next.created_at = new Date().toISOString();
    next.job_id = job.jobId;
    const ref = await this.putVersion(job, next);
    await this.commitOrRemove(ref, async (tx) => {
      // Conditional on the map we edited still being current, and on nothing queued meanwhile.
      const moved = await tx.jobs.replaceMapRef(job.jobId, userId, job.contactsMapRef, ref, addendum ? ['CONTACT_MAP_READY', 'EMAILED'] : ['CONTACT_MAP_READY']);
      if (!moved || (!addendum && (await tx.emailLogs.countForJob(job.jobId)) > 0)) {
        throw new AppError('STALE_VERSION', `Map of ${job.jobId} changed during the edit`, {
          userMessage: 'Someone changed this contacts map (or sent the invitations) at the same moment. Reload it and try again.',
        });
      }
      await tx.mapHistory.append({ jobId: job.jobId, version: next.version, ref, userId, summary, operations, via });
    });
    return next;
  }

  /** A new, uniquely named file for this version (see storageKeys.jobMapVersion). */
  private async putVersion(job: JobRow, map: ContactsMap): Promise<string> {
    const key = storageKeys.jobMapVersion(job.userId, job.jobId, map.version, randomUUID());
    return serializeRef(await this.deps.storage.put(key, serializeMap(map)));
  }

  /**
   * Runs the conditional update that makes `ref` a version. When it refuses (another edit won the
   * race), the file just written is referenced by nothing and is removed before the error goes out.
   */
  private async commitOrRemove<T>(ref: string, commit: (tx: Repositories) => Promise<T>): Promise<T> {
    try {
      return await this.deps.repos.transaction(commit);
    } catch (err) {
      await this.removeFile(ref);
      throw err;
    }
  }

  /** An unreferenced version file left behind is harmless (nothing names it), so a failed removal is logged, not thrown. */
  private async removeFile(ref: string): Promise<void> {
    try {
      await this.deps.storage.delete(parseRef(ref));
    } catch (err) {
      logger.warn({ err, ref }, 'could not remove an unreferenced contacts-map file');
    }
  }

  private async applyOne(userId: string, map: ContactsMap, e: MapEdit): Promise<void> {
    const division = this.division(e.trade);
    switch (e.op) {
      case 'add_trade': {
        if (map.trades.some((t) => t.division === division)) return;
        // Only the contacts tagged with this trade: an added trade costs its own contacts, not the address book.
        const contacts = await this.deps.repos.contacts.listForUserWithTrade(userId, division);
        const name = divisionByCode(division)!.name;
        map.trades.push(buildTrade({ division, name, source: 'added', confidence: null, evidence_summary: 'added by you', evidence: [] }, contacts, map.project.zip_code, this.deps.settings));
        map.trades.sort((a, b) => a.division.localeCompare(b.division));
        return;
      }
      case 'remove_trade': {
        const before = map.trades.length;
        map.trades = map.trades.filter((t) => t.division !== division);
        if (map.trades.length === before) throw this.noTrade(map, division);
        return;
      }
      case 'select':
      case 'deselect': {
        const trade = this.trade(map, division);
        const cand = this.candidate(trade, e.contact);
        if (e.op === 'select') this.assertSelectable(cand);
        cand.selected = e.op === 'select';
        return;
      }
      case 'set_selection': {
        const trade = this.trade(map, division);
        const wanted = new Set(e.contacts.map((c) => this.candidate(trade, c).contact_id));
        for (const c of trade.candidates) {
          const on = wanted.has(c.contact_id);
          if (on && !c.selected) this.assertSelectable(c);
          c.selected = on;
        }
        return;
      }
      case 'add_contact': {
        const trade = this.trade(map, division);
        const contact = await this.resolveOrCreateContact(userId, e.contact, e.name, division);
        const existing = trade.candidates.find((c) => c.contact_id === contact.contactId);
        if (existing) {
          this.assertSelectable(existing);
          existing.selected = true;
          return;
        }
        const status = contactStatus(contact);
        const cand: Candidate = {
          contact_id: contact.contactId,
          name: contact.name,
          email: contact.email,
          company_key: companyKey(contact),
          zip_code: contact.zipCode,
          distance_miles: null,
          selected: status === 'ok',
          reason: `${tradeLabel(division)} · added by you`,
          status,
          added_by_user: true,
        };
        this.assertSelectable(cand);
        trade.candidates.push(cand);
        return;
      }
    }
  }

  private async resolveOrCreateContact(userId: string, ref: string, name: string | undefined, division: string): Promise<ContactRow> {
    const contacts = this.deps.repos.contacts;
    const contact =
      (await contacts.findForUser(userId, ref)) ??
      (await contacts.findByEmail(userId, ref)) ??
      (ref.includes('@') ? await this.deps.addressBook.add(userId, { email: ref, name, trades: division }) : undefined);
    if (!contact) {
      throw new AppError('NOT_FOUND', `No contact ${ref}`, { userMessage: `No contact "${ref}" in your address book. Give an e-mail address to add a new one.` });
    }
    // Whoever the user puts on a trade does that trade: tag them so the next job finds them too.
    const trades = decodeTrades(contact.trades);
    if (trades.includes(division)) return contact;
    return await contacts.update(userId, contact.contactId, { trades: encodeTrades([...trades, division]) });
  }

  private division(trade: string): string {
    const d = resolveTrade(trade);
    if (!d) {
      throw new AppError('UNKNOWN_TRADE', `Unknown trade ${trade}`, {
        userMessage: `"${trade}" is not a trade I know. Use a CSI division number (e.g. 26) or a trade name (e.g. Electrical).`,
      });
    }
    return d.code;
  }

  private trade(map: ContactsMap, division: string): MapTrade {
    const t = map.trades.find((x) => x.division === division);
    if (!t) throw this.noTrade(map, division);
    return t;
  }

  private noTrade(map: ContactsMap, division: string): AppError {
    return new AppError('NOT_FOUND', `Trade ${division} not in map`, {
      userMessage: `Division ${division} (${divisionByCode(division)?.name ?? '?'}) is not in this map. Trades in the map: ${map.trades.map((t) => t.division).join(', ') || 'none'}. Add it first.`,
    });
  }

  private candidate(trade: MapTrade, ref: string): Candidate {
    const needle = ref.trim().toLowerCase();
    const c =
      trade.candidates.find((x) => x.contact_id === ref || x.email?.toLowerCase() === needle) ??
      trade.candidates.find((x) => x.name.toLowerCase() === needle);
    if (!c) {
      throw new AppError('NOT_FOUND', `Contact ${ref} not on trade ${trade.division}`, {
        userMessage: `"${ref}" is not listed under ${trade.division} ${trade.name}. Use "add" to put a contact on a trade.`,
      });
    }
    return c;
  }

  private assertSelectable(c: Candidate): void {
    if (c.status === 'ok' || c.status === 'same_company' || c.status === 'over_cap') return;
    const why = { no_email: 'has no e-mail address', unsubscribed: 'asked not to be contacted (unsubscribed)', bad_email: 'has an e-mail address that bounced' }[c.status];
    throw new AppError('VALIDATION', `Contact ${c.contact_id} not selectable (${c.status})`, { userMessage: `${c.name} ${why}, so they cannot be invited.` });
  }
}

function tradeBase(t: DetectedTrade): Omit<MapTrade, 'candidates' | 'beyond_radius' | 'not_listed'> {
  return {
    possible: isPossibleTrade(t.confidence),
    division: t.division,
    name: divisionByCode(t.division)?.name ?? t.name,
    source: 'detected',
    confidence: t.confidence,
    evidence_summary: evidenceSummary(t),
    evidence: t.evidence.slice(0, 8).map((e) => ({ page: e.page, sheet: e.sheet, section: e.section, snippet: e.snippet })),
  };
}

/** "Sheets E101, E211 · Section 26 05 19 · pages 3, 7" — what an estimator checks first. */
export function evidenceSummary(t: Pick<DetectedTrade, 'evidence'>): string {
  const uniq = (xs: (string | undefined)[]) => [...new Set(xs.filter((x): x is string => Boolean(x)))];
  const sheets = uniq(t.evidence.map((e) => e.sheet));
  const sections = uniq(t.evidence.map((e) => e.section));
  const pages = uniq(t.evidence.filter((e) => !e.sheet && !e.section).map((e) => String(e.page)));
  const parts: string[] = [];
  const list = (xs: string[], n: number) => xs.slice(0, n).join(', ') + (xs.length > n ? ` +${xs.length - n}` : '');
  if (sheets.length) parts.push(`${sheets.length === 1 ? 'Sheet' : 'Sheets'} ${list(sheets, 6)}`);
  if (sections.length) parts.push(`${sections.length === 1 ? 'Section' : 'Sections'} ${list(sections, 4)}`);
  if (pages.length) parts.push(`${pages.length === 1 ? 'page' : 'pages'} ${list(pages, 6)}`);
  return parts.join(' · ') || 'no evidence recorded';
}
