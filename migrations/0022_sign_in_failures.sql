-- Failed sign-ins, held in the database so every process serving sign-ins brakes the same guesser
-- (src/core/auth/sign-in-throttle.ts). One row per key: a client address, an account, or an
-- account·client pair; failures since the record was last forgotten, and the last one (epoch ms).
CREATE TABLE sign_in_failures (
  throttle_key     TEXT PRIMARY KEY,
  failures         INTEGER NOT NULL,
  last_failure_ms  INTEGER NOT NULL
);
CREATE INDEX idx_sign_in_failures_last ON sign_in_failures(last_failure_ms);
