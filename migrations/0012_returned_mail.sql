-- Bounces, auto-replies and complaints (issue 13). A soft failure (mailbox full, spam filter,
-- policy, rate limit …) no longer marks the address bad; it is recorded on the invitation, and
-- repeated soft failures flag the contact for the estimator.
ALTER TABLE email_logs ADD COLUMN bounce_type TEXT CHECK (bounce_type IN ('hard', 'soft'));
ALTER TABLE email_logs ADD COLUMN auto_reply_at TIMESTAMP;
ALTER TABLE email_logs ADD COLUMN auto_reply_note TEXT;
ALTER TABLE email_logs ADD COLUMN complained_at TIMESTAMP;
ALTER TABLE contacts ADD COLUMN delivery_warning_at TIMESTAMP;
ALTER TABLE contacts ADD COLUMN delivery_warning TEXT;
CREATE INDEX idx_email_logs_contact_bounces ON email_logs (contact_id, bounce_type, bounced_at);
