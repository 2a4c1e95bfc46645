-- E-mail channel: a global cap on replies to senders who are not users (backscatter guard).
-- One row per UTC hour ("2026-12-01T14"): how many such replies were sent in it. The count is
-- claimed (incremented only while below the cap) before a reply is sent, so the cap holds across
-- restarts and across several pollers sharing the database.
CREATE TABLE email_reply_budget (
  hour TEXT PRIMARY KEY,
  replies INTEGER NOT NULL DEFAULT 0
);
