-- The REST server's own tables: API keys and idempotency records. Records, changes and workspaces
-- are the store's (0001).

-- Private API keys. Only the SHA-256 (hex) of a key is kept, so a leaked table leaks no key; the
-- server finds a caller by hashing what it sent and looking the hash up.
CREATE TABLE api_keys (
  key_hash text PRIMARY KEY,
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  name text,
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz
);

CREATE INDEX api_keys_workspace ON api_keys (workspace_id);

-- One row per Idempotency-Key, written in the same transaction as the write it guards, so a
-- retry either finds the finished response or waits for the first attempt to commit or roll back.
-- `scope` is a workspace (private API) or a form key (leads); rows older than 24 h are deleted
-- opportunistically.
CREATE TABLE idempotency (
  scope text NOT NULL,
  key text NOT NULL,
  request_hash text NOT NULL,
  status integer,
  body jsonb,
  headers jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (scope, key)
);

CREATE INDEX idempotency_created_at ON idempotency (created_at);
