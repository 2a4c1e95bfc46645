-- Slack channel. Who a Slack user is in Red Button, which Slack deliveries were already handled
-- (Slack retries events; file_shared and message/file_share both announce the same upload), and
-- where each job's progress and contacts-map messages live so they can be updated in place.

-- A Slack user (per workspace) linked to a Red Button user: automatically from the profile e-mail
-- (users:read.email), or by `/redbutton link <email>` confirmed with a code mailed to that address.
CREATE TABLE slack_links (
  team_id TEXT NOT NULL,
  slack_user_id TEXT NOT NULL,
  user_id TEXT NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
  email TEXT NOT NULL,
  -- 'profile' (users.info e-mail) or 'code' (confirmed by e-mail)
  linked_via TEXT NOT NULL,
  created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);
CREATE UNIQUE INDEX idx_slack_links_member ON slack_links(team_id, slack_user_id);
CREATE INDEX idx_slack_links_user ON slack_links(user_id);

-- Idempotency keys of handled deliveries: event ids (Events API, retried by Slack) and
-- interaction keys (block action / view submission). Old rows can be pruned.
CREATE TABLE slack_processed (
  key TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);

-- One row per shared Slack file that was looked at: the primary key is what makes a PDF become
-- exactly ONE job however many events announce it. job_id is set once the job exists.
CREATE TABLE slack_files (
  file_id TEXT PRIMARY KEY,
  team_id TEXT NOT NULL,
  slack_user_id TEXT NOT NULL,
  channel_id TEXT,
  thread_ts TEXT,
  -- 'claimed' | 'job' | 'contacts_import' | 'ignored' | 'rejected'
  status TEXT NOT NULL DEFAULT 'claimed',
  job_id TEXT REFERENCES jobs(job_id) ON DELETE SET NULL,
  detail TEXT,
  created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX idx_slack_files_job ON slack_files(job_id);

-- Messages the bot posted for a job: the progress message ('progress', page 0) and the pages of
-- the contacts map ('map', page 1..n), updated in place with chat.update.
CREATE TABLE slack_messages (
  job_id TEXT NOT NULL REFERENCES jobs(job_id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  page INTEGER NOT NULL DEFAULT 0,
  channel_id TEXT NOT NULL,
  ts TEXT NOT NULL,
  updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);
CREATE UNIQUE INDEX idx_slack_messages_job ON slack_messages(job_id, kind, page);

-- What a Slack user asked for and is expected to follow with an upload or a code:
-- 'new' (project name for the next PDF), 'contacts_import' (next CSV), 'link' (e-mail awaiting a code).
CREATE TABLE slack_pending (
  team_id TEXT NOT NULL,
  slack_user_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  value TEXT,
  expires_at TIMESTAMP NOT NULL,
  created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);
CREATE UNIQUE INDEX idx_slack_pending_member ON slack_pending(team_id, slack_user_id, kind);
