-- "Will bid / won't bid" answers from the invitation's signed links, per invitation.
ALTER TABLE email_logs ADD COLUMN bid_response TEXT CHECK (bid_response IN ('BID', 'NO_BID'));
ALTER TABLE email_logs ADD COLUMN responded_at TIMESTAMP;
