-- email_logs holds every message sent to a subcontractor about a job, not only the first invitation:
-- reminders before the due date and addendum notices go through the same exactly-once sender.
-- kind      what the message is;
-- occasion  which one of its kind ('' for the invitation, e.g. '3d' for a reminder three days out,
--           the addendum's document id for an addendum notice);
-- parent_email_id  the invitation a follow-up belongs to (answers and bounces stay on the invitation).
-- One row per (job, contact, kind, occasion) is what makes each of them exactly once.
ALTER TABLE email_logs ADD COLUMN kind TEXT NOT NULL DEFAULT 'invitation'
  CHECK (kind IN ('invitation', 'reminder', 'addendum'));
ALTER TABLE email_logs ADD COLUMN occasion TEXT NOT NULL DEFAULT '';
ALTER TABLE email_logs ADD COLUMN parent_email_id TEXT REFERENCES email_logs(email_id) ON DELETE CASCADE;
DROP INDEX idx_email_logs_job_contact;
CREATE UNIQUE INDEX idx_email_logs_job_contact ON email_logs(job_id, contact_id, kind, occasion);
CREATE INDEX idx_email_logs_parent ON email_logs(parent_email_id);
