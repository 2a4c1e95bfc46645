/**
 * The domain's statuses and kinds: what a job, an invitation and an answer can be. Dependency-free
 * (src/db's schema imports them for its columns; core and channels use them directly).
 */
export const JOB_STATUSES = [
  'NEW',
  'PDF_SAVED',
  'IMAGES_EXTRACTED',
  'LLM_SUBMITTED',
  'CONTACT_MAP_READY',
  'EMAILED',
  'FAILED',
] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export const JOB_ORIGINS = ['cli', 'email', 'slack', 'http'] as const;
export type JobOrigin = (typeof JOB_ORIGINS)[number];

export const EMAIL_STATUSES = ['QUEUED', 'SENDING', 'SENT', 'FAILED', 'BOUNCED', 'UNCERTAIN'] as const;
export type EmailStatus = (typeof EMAIL_STATUSES)[number];

/** What a message in email_logs is (migration 0017): the invitation, or a follow-up to it. */
export const EMAIL_KINDS = ['invitation', 'reminder', 'addendum'] as const;
export type EmailKind = (typeof EMAIL_KINDS)[number];

export const BID_RESPONSES = ['BID', 'NO_BID'] as const;
export type BidResponse = (typeof BID_RESPONSES)[number];
