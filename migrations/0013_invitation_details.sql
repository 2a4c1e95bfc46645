-- What an invitation needs beyond the contacts map (issue #14): the GC's identity and the project
-- details a subcontractor acts on.
--
-- companies: the general contractor's profile, shown in every invitation (subject, From name, signature).
CREATE TABLE IF NOT EXISTS companies (
  company_id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  address TEXT,
  phone TEXT,
  -- an https:// image shown at the top of the e-mail; optional
  logo_url TEXT,
  created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
  updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);

-- user_profiles: the estimator who signs the invitation. Users of one company share its company_id.
CREATE TABLE IF NOT EXISTS user_profiles (
  user_id TEXT PRIMARY KEY REFERENCES users(user_id) ON DELETE CASCADE,
  full_name TEXT,
  title TEXT,
  phone TEXT,
  company_id TEXT REFERENCES companies(company_id) ON DELETE SET NULL,
  updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX IF NOT EXISTS idx_user_profiles_company ON user_profiles(company_id);

-- job_details: per job, what the estimator tells the subs. The project name and zip stay in
-- jobs.name / jobs.zip_code (the contacts map reads them). Dates are the job's local time in
-- time_zone (an IANA name such as America/Chicago).
CREATE TABLE IF NOT EXISTS job_details (
  job_id TEXT PRIMARY KEY REFERENCES jobs(job_id) ON DELETE CASCADE,
  street_address TEXT,
  city TEXT,
  state_or_province TEXT,
  country TEXT,
  -- the subcontractors' bid due date (YYYY-MM-DD) and time (HH:MM), distinct from the owner's bid date
  due_date TEXT,
  due_time TEXT,
  time_zone TEXT,
  job_walk_date TEXT,
  job_walk_time TEXT,
  job_walk_note TEXT,
  rfi_date TEXT,
  rfi_time TEXT,
  -- a note from the estimator, printed in every invitation
  message TEXT,
  -- JSON object: two-digit division -> a scope note for that trade
  scope_notes TEXT,
  updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
  -- the channel of the last edit (cli, http, slack, email, facts)
  updated_via TEXT
);
