-- SMTP_RATE_PER_SECOND across every sending process: one row per wall-clock second (epoch
-- seconds) with the messages handed to SMTP in it. A sender takes a slot with one conditional
-- upsert before each message, so N processes together stay within the rate the mail provider
-- allows; rows older than a minute are dropped as senders go.
CREATE TABLE smtp_rate_slots (
  second  INTEGER PRIMARY KEY,
  sent    INTEGER NOT NULL
);
