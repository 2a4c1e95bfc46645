-- A job is a bid package of one or more documents (PDFs). Every document that arrived together is
-- one row here, read on its own; later additions (addenda) form a new set: package_number 1 is the
-- original package (kind 'original'), 2, 3, … are addenda (kind 'addendum').
-- The same bytes are stored once per job (unique sha256 per job): a repeat is reported, not added.
-- jobs.pdf_ref / pdf_sha256 / pdf_file_name keep naming document 1 of package 1, so everything that
-- reads "the job's PDF" keeps working; jobs.page_count is the package's total pages.
CREATE TABLE job_documents (
  document_id    TEXT PRIMARY KEY,
  job_id         TEXT NOT NULL REFERENCES jobs(job_id) ON DELETE CASCADE,
  package_number INTEGER NOT NULL DEFAULT 1 CHECK (package_number >= 1),
  position       INTEGER NOT NULL CHECK (position >= 1),
  kind           TEXT NOT NULL DEFAULT 'original' CHECK (kind IN ('original', 'addendum')),
  -- the name as received (display only, never a storage key), e.g. "Specs.pdf" or "set.zip/Arch/A1.pdf"
  file_name      TEXT NOT NULL,
  -- how it arrived: 'attachment', 'archive', 'outlook', 'link', 'upload', 'file' (+ detail in note)
  received_via   TEXT NOT NULL CHECK (received_via IN ('attachment', 'archive', 'outlook', 'link', 'upload', 'file')),
  sha256         TEXT NOT NULL,
  pdf_ref        TEXT NOT NULL,
  size_bytes     INTEGER,
  page_count     INTEGER,
  read_status    TEXT NOT NULL DEFAULT 'PENDING' CHECK (read_status IN ('PENDING', 'READ', 'FAILED')),
  -- the page text read from this document (pages.json) and, when kept, its own scope document
  pages_ref      TEXT,
  scope_ref      TEXT,
  -- why a read failed, or what a person should know about this document (e.g. the link it came from)
  note           TEXT,
  created_at     TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
  CHECK ((package_number = 1) = (kind = 'original'))
);
CREATE UNIQUE INDEX idx_job_documents_job_sha ON job_documents(job_id, sha256);
CREATE UNIQUE INDEX idx_job_documents_job_position ON job_documents(job_id, package_number, position);

-- Every job stored before this migration becomes a package of one: its PDF is document 1 of set 1.
INSERT INTO job_documents (document_id, job_id, package_number, position, kind, file_name, received_via,
                           sha256, pdf_ref, size_bytes, page_count, read_status, created_at)
SELECT lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2)
         || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2)
         || '-' || lower(hex(randomblob(6))),
       job_id, 1, 1, 'original', coalesce(pdf_file_name, 'plans.pdf'),
       CASE origin WHEN 'email' THEN 'attachment' WHEN 'cli' THEN 'file' ELSE 'upload' END,
       pdf_sha256, pdf_ref, NULL, page_count,
       CASE WHEN page_count IS NOT NULL THEN 'READ' ELSE 'PENDING' END, created_at
FROM jobs
WHERE pdf_ref IS NOT NULL AND pdf_sha256 IS NOT NULL;
