-- The seed's foreign keys were app-enforced; SQLite can enforce them if the table is rebuilt
-- (ALTER TABLE cannot add a constraint). Rebuild jobs, contacts and email_logs with real FKs,
-- keep every seed column and name, and add what the product needs. The migrator runs this in a
-- transaction with foreign_keys off, then checks foreign_key_check before commit.

CREATE TABLE jobs_new (
  job_id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  notes TEXT,
  status TEXT NOT NULL DEFAULT 'NEW'
    CHECK (status IN ('NEW','PDF_SAVED','IMAGES_EXTRACTED','LLM_SUBMITTED','CONTACT_MAP_READY','EMAILED','FAILED')),
  pdf_ref TEXT,
  images_ref TEXT,
  prompt_ref TEXT,
  created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
  contacts_map_ref TEXT,
  jsons_mode TEXT,
  -- where the job came from and how to answer there: 'cli' | 'email' | 'slack' | 'http'
  origin TEXT NOT NULL DEFAULT 'cli',
  -- channel reply context as JSON (e-mail Message-ID/thread, Slack channel/thread ts …)
  origin_context TEXT,
  -- the normalized scope document (trades + evidence) as a StorageRef
  scope_ref TEXT,
  zip_code TEXT,
  pdf_file_name TEXT,
  pdf_sha256 TEXT,
  page_count INTEGER,
  extractor TEXT,
  -- token usage of a vision model, JSON
  usage TEXT,
  -- what went wrong, in words a person can act on
  failure_reason TEXT,
  failed_stage TEXT,
  attempts INTEGER NOT NULL DEFAULT 0,
  -- a worker's claim on the job while it runs a stage: "<host>:<pid>:<nonce>" until a time,
  -- so two workers never run one stage at once and a dead worker's claim can be taken over
  lease_owner TEXT,
  lease_until TIMESTAMP,
  updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO jobs_new (job_id, user_id, name, notes, status, pdf_ref, images_ref, prompt_ref, created_at, contacts_map_ref, jsons_mode)
  SELECT job_id, user_id, name, notes, COALESCE(status, 'NEW'), pdf_ref, images_ref, prompt_ref, created_at, contacts_map_ref, jsons_mode FROM jobs;
DROP TABLE jobs;
ALTER TABLE jobs_new RENAME TO jobs;
CREATE INDEX idx_jobs_user_created ON jobs(user_id, created_at);
CREATE INDEX idx_jobs_status ON jobs(status);

CREATE TABLE contacts_new (
  contact_id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  email TEXT,
  phone TEXT,
  trades TEXT,
  zip_code TEXT,
  website TEXT,
  created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
  -- the person, when `name` is the company
  contact_person TEXT,
  -- set when the contact asked not to be contacted (List-Unsubscribe) or the user said so
  unsubscribed_at TIMESTAMP,
  -- set when a hard bounce proved the address bad
  email_bad_at TIMESTAMP,
  email_bad_reason TEXT,
  updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO contacts_new (contact_id, user_id, name, email, phone, trades, zip_code, website, created_at)
  SELECT contact_id, user_id, name, email, phone, trades, zip_code, website, created_at FROM contacts;
DROP TABLE contacts;
ALTER TABLE contacts_new RENAME TO contacts;
CREATE INDEX idx_contacts_user ON contacts(user_id);
CREATE INDEX idx_contacts_user_name ON contacts(user_id, name);
-- one address-book entry per e-mail per user (duplicates are merged on import)
CREATE UNIQUE INDEX idx_contacts_user_email ON contacts(user_id, email) WHERE email IS NOT NULL;

CREATE TABLE email_logs_new (
  email_id TEXT PRIMARY KEY,
  job_id TEXT NOT NULL REFERENCES jobs(job_id) ON DELETE CASCADE,
  contact_id TEXT NOT NULL REFERENCES contacts(contact_id) ON DELETE RESTRICT,
  status TEXT NOT NULL DEFAULT 'QUEUED'
    CHECK (status IN ('QUEUED','SENDING','SENT','FAILED','BOUNCED','UNCERTAIN')),
  provider_id TEXT,
  created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
  -- the contacts-map version that was approved
  map_version INTEGER,
  -- the recipient address at approval time (the contact may be edited later)
  to_email TEXT,
  -- trades (two-digit divisions) this contact is invited for, JSON array
  trades TEXT,
  -- chosen and stored before sending, so a crash can be reconciled
  message_id TEXT UNIQUE,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TIMESTAMP,
  last_error TEXT,
  sent_at TIMESTAMP,
  bounced_at TIMESTAMP,
  bounce_reason TEXT,
  updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO email_logs_new (email_id, job_id, contact_id, status, provider_id, created_at)
  SELECT email_id, job_id, contact_id, COALESCE(status, 'QUEUED'), provider_id, created_at FROM email_logs;
DROP TABLE email_logs;
ALTER TABLE email_logs_new RENAME TO email_logs;
CREATE INDEX idx_email_logs_job ON email_logs(job_id);
CREATE INDEX idx_email_logs_contact ON email_logs(contact_id);
CREATE INDEX idx_email_logs_status ON email_logs(status);
-- exactly once: one invitation per contact per job
CREATE UNIQUE INDEX idx_email_logs_job_contact ON email_logs(job_id, contact_id);

-- Seed design ("optional later"): every version of a job's contacts map, for history and rollback.
CREATE TABLE contacts_map_history (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  job_id TEXT NOT NULL REFERENCES jobs(job_id) ON DELETE CASCADE,
  ref TEXT NOT NULL,
  created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
  version INTEGER NOT NULL,
  -- who made this version (NULL for the pipeline's first map)
  user_id TEXT REFERENCES users(user_id) ON DELETE SET NULL,
  -- what changed, human-readable, e.g. "select Acme Electric for 26"
  summary TEXT NOT NULL DEFAULT '',
  -- the edit operations as JSON
  operations TEXT,
  -- the channel the edit came through
  via TEXT
);
CREATE UNIQUE INDEX idx_contacts_map_history_job_version ON contacts_map_history(job_id, version);
