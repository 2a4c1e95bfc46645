-- Twin of migrations/0019_job_documents.sql: the documents of a job's bid package (package 1, kind
-- 'original') and of its addenda (packages 2, 3, …, kind 'addendum'), one row per PDF; the same
-- bytes once per job. Refs are jsonb and times timestamptz, as in 0017_schema.sql.
CREATE TABLE job_documents (
  document_id text PRIMARY KEY,
  job_id text NOT NULL REFERENCES jobs(job_id) ON DELETE CASCADE,
  package_number integer NOT NULL DEFAULT 1 CHECK (package_number >= 1),
  position integer NOT NULL CHECK (position >= 1),
  kind text NOT NULL DEFAULT 'original' CHECK (kind IN ('original', 'addendum')),
  -- the name as received (display only, never a storage key)
  file_name text NOT NULL,
  received_via text NOT NULL CHECK (received_via IN ('attachment', 'archive', 'outlook', 'link', 'upload', 'file')),
  sha256 text NOT NULL,
  pdf_ref jsonb NOT NULL,
  size_bytes integer,
  page_count integer,
  read_status text NOT NULL DEFAULT 'PENDING' CHECK (read_status IN ('PENDING', 'READ', 'FAILED')),
  pages_ref jsonb,
  scope_ref jsonb,
  note text,
  created_at timestamptz DEFAULT now(),
  CHECK ((package_number = 1) = (kind = 'original'))
);
CREATE UNIQUE INDEX idx_job_documents_job_sha ON job_documents(job_id, sha256);
CREATE UNIQUE INDEX idx_job_documents_job_position ON job_documents(job_id, package_number, position);

-- Every job stored before this migration becomes a package of one: its PDF is document 1 of set 1.
INSERT INTO job_documents (document_id, job_id, package_number, position, kind, file_name, received_via,
                           sha256, pdf_ref, size_bytes, page_count, read_status, created_at)
SELECT gen_random_uuid()::text, job_id, 1, 1, 'original', coalesce(pdf_file_name, 'plans.pdf'),
       CASE origin WHEN 'email' THEN 'attachment' WHEN 'cli' THEN 'file' ELSE 'upload' END,
       pdf_sha256, pdf_ref, NULL, page_count,
       CASE WHEN page_count IS NOT NULL THEN 'READ' ELSE 'PENDING' END, created_at
FROM jobs
WHERE pdf_ref IS NOT NULL AND pdf_sha256 IS NOT NULL;
