import type { EmailStatus, JobStatus } from '../records.js';
import { dueIn } from './invitation.js';
import type { Repositories } from '../../db/repositories/index.js';
import type { JobRow } from '../records.js';
import { instantOf } from '../project/time.js';

export type JobPhase = 'reading' | 'review' | 'failed' | 'approved' | 'sending' | 'sent' | 'closed';

export interface JobLife {
  phase: JobPhase;
  /** What a person reads: "sent 5/6 · bids due in 3 days", "closed". */
  words: string;
  /** Invitations that went out, of all of them. */
  sent: number;
  total: number;
}

export interface JobLifeInput {
  status: JobStatus;
  approved: boolean;
  /** Statuses of the job's invitations (kind 'invitation' only). */
  invitations: EmailStatus[];
  /** The subs' due time, when set. */
  dueAt: Date | null;
  now: Date;
}

/**
 * A job's life in words a person understands, the same in every channel: reading the plans, map
 * ready for review, approved, sending (n/m), sent n/m with the days left, closed after the due time.
 */
export function jobLife(i: JobLifeInput): JobLife {
  const total = i.invitations.length;
  // A bounced invitation went out too; "sent" counts what left us.
  const sent = i.invitations.filter((s) => s === 'SENT' || s === 'BOUNCED').length;
  const open = i.invitations.filter((s) => s === 'QUEUED' || s === 'SENDING').length;
  const base = { sent, total };
  if (i.status === 'FAILED') return { ...base, phase: 'failed', words: 'failed' };
  if (!i.approved) {
    if (i.status === 'CONTACT_MAP_READY') return { ...base, phase: 'review', words: 'map ready for review' };
    return { ...base, phase: 'reading', words: 'reading the plans' };
  }
  if (i.dueAt && i.now.getTime() >= i.dueAt.getTime()) return { ...base, phase: 'closed', words: 'closed' };
  const due = i.dueAt ? ` · bids due ${dueIn(i.dueAt, i.now)}` : '';
  if (open > 0 && sent === 0) return { ...base, phase: 'approved', words: `approved${due}` };
  if (open > 0) return { ...base, phase: 'sending', words: `sending, sent ${sent}/${total}${due}` };
  return { ...base, phase: 'sent', words: `sent ${sent}/${total}${due}` };
}

/** The life in words of several jobs of one owner (the caller listed them for that owner). */
export async function jobLives(deps: { repos: Pick<Repositories, 'coverage'> }, jobs: Pick<JobRow, 'jobId' | 'status'>[], now: Date = new Date()): Promise<Map<string, JobLife>> {
  const facts = await deps.repos.coverage.lifeFacts(jobs.map((j) => j.jobId));
  const out = new Map<string, JobLife>();
  for (const j of jobs) {
    const f = facts.get(j.jobId);
    const dueAt = f?.dueDate && f.timeZone ? instantOf({ date: f.dueDate, time: f.dueTime }, f.timeZone) : null;
    out.set(j.jobId, jobLife({ status: j.status, approved: f?.approved ?? false, invitations: f?.statuses ?? [], dueAt, now }));
  }
  return out;
}
