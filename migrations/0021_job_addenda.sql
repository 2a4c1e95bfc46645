-- An addendum to a job that already has its documents: a new document set (job_documents package
-- 2, 3, …) read like the first, what it changes worked out against the sets before it, and — once
-- the estimator approves it with the same red button — a notice to the invitees of the trades it
-- affects (email_logs kind 'addendum', occasion = addendum_id, parent = the invitation).
-- status: READING (stored, being read) → READY (changes known, waiting for approval) → APPROVED
--         (notices queued); FAILED when the PDF could not be read (error says why).
-- changes_json   the change list (AddendumChanges: sheets / sections / items, each with its trades).
-- new_trades     JSON array of the divisions that first appear in this addendum and joined the map.
-- map_version    the contacts-map version the addendum left (the one to approve).
CREATE TABLE job_addenda (
  addendum_id     TEXT PRIMARY KEY,
  job_id          TEXT NOT NULL REFERENCES jobs(job_id) ON DELETE CASCADE,
  package_number  INTEGER NOT NULL CHECK (package_number >= 2),
  status          TEXT NOT NULL DEFAULT 'READING' CHECK (status IN ('READING', 'READY', 'APPROVED', 'FAILED')),
  file_name       TEXT NOT NULL,
  received_via    TEXT NOT NULL,
  changes_json    TEXT,
  new_trades      TEXT NOT NULL DEFAULT '[]',
  map_version     INTEGER,
  error           TEXT,
  notices_queued  INTEGER,
  invitations_queued INTEGER,
  approved_via    TEXT,
  approved_at     TIMESTAMP,
  created_at      TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);
CREATE UNIQUE INDEX idx_job_addenda_package ON job_addenda(job_id, package_number);
CREATE INDEX idx_job_addenda_job ON job_addenda(job_id, status);
