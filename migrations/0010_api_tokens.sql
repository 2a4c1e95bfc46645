-- HTTP API bearer tokens. The token itself is shown once (login or `redbutton token create`) and
-- only its SHA-256 is stored, so a copy of the database cannot be used to call the API. Tokens
-- expire, and can be revoked (logout, DELETE /auth/tokens/{id}, `redbutton token revoke`).
CREATE TABLE IF NOT EXISTS api_tokens (
  token_id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
  -- hex SHA-256 of the secret token
  token_hash TEXT NOT NULL UNIQUE,
  -- where it came from: "login", "cli", or a label the user chose
  label TEXT,
  created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
  expires_at TIMESTAMP NOT NULL,
  last_used_at TIMESTAMP,
  revoked_at TIMESTAMP
);
CREATE INDEX IF NOT EXISTS idx_api_tokens_user ON api_tokens(user_id);
