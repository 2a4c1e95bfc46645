-- Twin of migrations/0023_smtp_rate_slots.sql: the SMTP rate shared by every sending process,
-- one row per wall-clock second (epoch seconds, bigint).
CREATE TABLE smtp_rate_slots (
  second bigint PRIMARY KEY,
  sent integer NOT NULL
);
