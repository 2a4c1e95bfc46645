-- Job updates for the channels, through the database: a transition committed in one process (a
-- `redbutton worker`) reaches the Slack / e-mail / web channel of another (`redbutton serve`).
-- Each emitted update is a row; the process that delivers it to the job's channel first marks it
-- delivered (a conditional update), so a channel hears it once. Delivered rows are dropped after a day.
CREATE TABLE job_events (
  event_id      INTEGER PRIMARY KEY AUTOINCREMENT,
  job_id        TEXT NOT NULL REFERENCES jobs(job_id) ON DELETE CASCADE,
  origin        TEXT NOT NULL,
  created_at    TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
  delivered_at  TIMESTAMP
);
CREATE INDEX idx_job_events_undelivered ON job_events(origin, event_id) WHERE delivered_at IS NULL;
