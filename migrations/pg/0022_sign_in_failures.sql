-- Twin of migrations/0022_sign_in_failures.sql: failed sign-ins shared by every process, so a
-- guesser is braked whichever worker answers. Times in epoch milliseconds (bigint), as the
-- throttle computes with them.
CREATE TABLE sign_in_failures (
  throttle_key text PRIMARY KEY,
  failures integer NOT NULL,
  last_failure_ms bigint NOT NULL
);
CREATE INDEX idx_sign_in_failures_last ON sign_in_failures(last_failure_ms);
