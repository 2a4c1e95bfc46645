-- Bid coverage after the red button (issue #15): targets, reminders, answers with notes,
-- plans downloads per invitation and the batched answer notices to the estimator.
--
-- bid_target     bidders the estimator wants per trade (NULL = the default, 3).
-- reminder_days  JSON array of whole days before the subs' due time to remind on (NULL = the
--                default [3,1]; '[]' = no reminders for this job).
ALTER TABLE job_details ADD COLUMN bid_target INTEGER CHECK (bid_target IS NULL OR bid_target BETWEEN 1 AND 50);
ALTER TABLE job_details ADD COLUMN reminder_days TEXT;

-- The subcontractor's own words with an answer (the reply's text, or the note on the answer page);
-- answer_notified_at: when the estimator was told about this answer (NULL = not yet).
ALTER TABLE email_logs ADD COLUMN bid_note TEXT;
ALTER TABLE email_logs ADD COLUMN answer_notified_at TIMESTAMP;
CREATE INDEX idx_email_logs_answers_pending ON email_logs(job_id) WHERE responded_at IS NOT NULL AND answer_notified_at IS NULL;

-- Every download of the plans through an invitation's signed link.
CREATE TABLE plan_downloads (
  download_id INTEGER PRIMARY KEY AUTOINCREMENT,
  job_id TEXT NOT NULL REFERENCES jobs(job_id) ON DELETE CASCADE,
  email_id TEXT REFERENCES email_logs(email_id) ON DELETE CASCADE,
  downloaded_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX idx_plan_downloads_email ON plan_downloads(email_id);
CREATE INDEX idx_plan_downloads_job ON plan_downloads(job_id);

-- One row per job: when the estimator was last told about answers. Claimed with a conditional
-- update, so "at most one message per 15 minutes per job" holds across processes and restarts.
CREATE TABLE answer_notices (
  job_id TEXT PRIMARY KEY REFERENCES jobs(job_id) ON DELETE CASCADE,
  last_sent_at TIMESTAMP NOT NULL
);
