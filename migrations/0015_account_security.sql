-- Accounts and review links can be ended by an administrator (issue 18).
-- A disabled user cannot sign in; their API tokens, review links, Slack and e-mail access stop
-- working until `redbutton user enable`. Their data stays (`redbutton user delete` removes it).
ALTER TABLE users ADD COLUMN disabled_at TIMESTAMP;

-- `redbutton review-link revoke <job>` ends every review link issued for the job before
-- revoked_before (milliseconds since the epoch, the resolution of a link's issue time). Links also
-- end when the map is approved (checked from outreach_approvals, no row needed here).
CREATE TABLE IF NOT EXISTS review_link_revocations (
  job_id TEXT PRIMARY KEY REFERENCES jobs(job_id) ON DELETE CASCADE,
  revoked_before INTEGER NOT NULL
);
