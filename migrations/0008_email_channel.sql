-- E-mail channel (src/channels/email): what the mailbox reader has seen and what it has answered.

-- One row per distinct inbound message, keyed by its Message-ID (normalized: lower-case, no
-- angle brackets), or by "sha256:<hex of the header block>" when it has none. The key survives a
-- UIDVALIDITY change, so a message seen again under new UIDs is recognized. A poller claims a
-- message by inserting this row (INSERT ... ON CONFLICT DO NOTHING) before acting on it; the
-- claim names its owner ("<host>:<pid>:<nonce>") and holds until claim_until, after which (or
-- when the owner's process is gone) another poller may take it over.
CREATE TABLE email_inbound (
  message_key TEXT PRIMARY KEY,
  status TEXT NOT NULL DEFAULT 'CLAIMED' CHECK (status IN ('CLAIMED', 'DONE')),
  -- plans | reply | bounce | auto_reply | stranger | unverified | no_pdf | too_large | other
  kind TEXT,
  from_address TEXT,
  subject TEXT,
  user_id TEXT REFERENCES users(user_id) ON DELETE SET NULL,
  job_id TEXT REFERENCES jobs(job_id) ON DELETE SET NULL,
  -- one line on what was done (for people reading the table and for tests)
  outcome TEXT,
  claimed_by TEXT,
  claim_until TIMESTAMP,
  created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
  done_at TIMESTAMP
);
CREATE INDEX idx_email_inbound_job ON email_inbound(job_id);
CREATE INDEX idx_email_inbound_from ON email_inbound(from_address, created_at);

-- Every (mailbox, uidvalidity, uid) the reader has fetched, pointing at its message. A second
-- delivery of the same message (same Message-ID, new UID) gets its own row here and no new
-- effect. moved_at is set once the message was moved to IMAP_DONE_MAILBOX (or flagged).
CREATE TABLE email_inbound_uids (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  mailbox TEXT NOT NULL,
  uidvalidity INTEGER NOT NULL,
  uid INTEGER NOT NULL,
  message_key TEXT NOT NULL REFERENCES email_inbound(message_key) ON DELETE CASCADE,
  moved_at TIMESTAMP,
  created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);
CREATE UNIQUE INDEX idx_email_inbound_uids_uid ON email_inbound_uids(mailbox, uidvalidity, uid);
CREATE INDEX idx_email_inbound_uids_key ON email_inbound_uids(message_key);

-- The replies sent in a job's thread ("started", "map:v3", "failed", ...), each at most once,
-- claimed by inserting the row before sending.
CREATE TABLE email_notices (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  job_id TEXT NOT NULL REFERENCES jobs(job_id) ON DELETE CASCADE,
  notice TEXT NOT NULL,
  message_id TEXT,
  created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);
CREATE UNIQUE INDEX idx_email_notices_job_notice ON email_notices(job_id, notice);

-- Polite notes sent to senders who are not users (or whose mail failed authentication): at most
-- one per address per UTC day.
CREATE TABLE email_sender_notes (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  address TEXT NOT NULL,
  day TEXT NOT NULL,
  created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);
CREATE UNIQUE INDEX idx_email_sender_notes_day ON email_sender_notes(address, day);
