-- Twin of migrations/0021_job_addenda.sql: an addendum to a job (a later document set, package 2,
-- 3, …), what it changes, and its approval. changes_json and new_trades are jsonb, times
-- timestamptz, as in 0017_schema.sql.
CREATE TABLE job_addenda (
  addendum_id text PRIMARY KEY,
  job_id text NOT NULL REFERENCES jobs(job_id) ON DELETE CASCADE,
  package_number integer NOT NULL CHECK (package_number >= 2),
  status text NOT NULL DEFAULT 'READING' CHECK (status IN ('READING', 'READY', 'APPROVED', 'FAILED')),
  file_name text NOT NULL,
  received_via text NOT NULL,
  changes_json jsonb,
  new_trades jsonb NOT NULL DEFAULT '[]',
  map_version integer,
  error text,
  notices_queued integer,
  invitations_queued integer,
  approved_via text,
  approved_at timestamptz,
  created_at timestamptz DEFAULT now()
);
CREATE UNIQUE INDEX idx_job_addenda_package ON job_addenda(job_id, package_number);
CREATE INDEX idx_job_addenda_job ON job_addenda(job_id, status);
