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

/** A document of a job: the bid package as first sent, or an addendum to it. */
export const DOCUMENT_KINDS = ['original', 'addendum'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** How a document reached us; the detail (archive name, link) goes in its note. */
export const DOCUMENT_SOURCES = ['attachment', 'archive', 'outlook', 'link', 'upload', 'file'] as const;
export type DocumentSource = (typeof DOCUMENT_SOURCES)[number];

export const DOCUMENT_READ_STATUSES = ['PENDING', 'READ', 'FAILED'] as const;
export type DocumentReadStatus = (typeof DOCUMENT_READ_STATUSES)[number];

export const ADDENDUM_STATUSES = ['READING', 'READY', 'APPROVED', 'FAILED'] as const;
export type AddendumStatus = (typeof ADDENDUM_STATUSES)[number];

/** How far a sender got with an invitation it claimed: not yet handed to SMTP, or maybe handed. */
export const SEND_CLAIM_STAGES = ['claimed', 'submitting'] as const;
export type SendClaimStage = (typeof SEND_CLAIM_STAGES)[number];

/** What became of a file shared in Slack. */
export const SLACK_FILE_STATUSES = ['claimed', 'job', 'contacts_import', 'ignored', 'rejected'] as const;
export type SlackFileStatus = (typeof SLACK_FILE_STATUSES)[number];

/** What a Slack message waiting for the user's account link was about to do. */
export const SLACK_PENDING_KINDS = ['new', 'contacts_import', 'link'] as const;
export type SlackPendingKind = (typeof SLACK_PENDING_KINDS)[number];
