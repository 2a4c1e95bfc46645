-- Seed design: jobs (already effectively applied in the original code).
CREATE TABLE IF NOT EXISTS jobs (
  job_id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  name TEXT NOT NULL,
  notes TEXT,
  status TEXT,
  pdf_ref TEXT,
  images_ref TEXT,
  prompt_ref TEXT,
  created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);
