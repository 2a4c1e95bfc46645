-- Outreach (bid invitations). email_logs (0006) holds one row per invited (job, contact); these
-- two tables hold what approval and the sender need beside it.

-- One approval per job: the contacts-map version that was approved, who pressed the button, how
-- many invitations were queued and which selected contacts were skipped (unsubscribed, bounced
-- address, no e-mail) with the reason. The primary key makes "approve twice" impossible even
-- for two processes racing.
CREATE TABLE outreach_approvals (
  job_id TEXT PRIMARY KEY REFERENCES jobs(job_id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
  map_version INTEGER NOT NULL,
  queued INTEGER NOT NULL,
  -- JSON array of {contact_id, name, email, reason}
  skipped TEXT NOT NULL DEFAULT '[]',
  -- the channel the approval came through (cli, email, slack, http)
  via TEXT,
  approved_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);

-- A sender's claim on an email_logs row while it is SENDING: who ("<host>:<pid>:<nonce>"), how
-- far it got ('claimed' = nothing handed to SMTP yet; 'submitting' = the message may have
-- reached the server), and until when the claim holds. A row in SENDING whose claimer is dead
-- (same host, process gone) or whose lease ran out is reconciled: 'claimed' goes back to the
-- queue, 'submitting' is checked in the Sent folder when possible, else marked UNCERTAIN.
CREATE TABLE email_send_claims (
  email_id TEXT PRIMARY KEY REFERENCES email_logs(email_id) ON DELETE CASCADE,
  owner TEXT NOT NULL,
  stage TEXT NOT NULL DEFAULT 'claimed' CHECK (stage IN ('claimed','submitting')),
  claimed_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
  lease_until TIMESTAMP NOT NULL
);
