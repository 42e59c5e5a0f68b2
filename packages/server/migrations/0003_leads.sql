-- The public lead endpoint: publishable form keys, and the rate-limit counters that every
-- replica shares (kept here rather than in memory so that N replicas do not allow N times the limit).

-- A form key is publishable (it sits in a web page), so it is stored as is; what protects the
-- workspace is the origin allowlist, the rate limits and the spam checks.
CREATE TABLE form_keys (
  key text PRIMARY KEY CHECK (key ~ '^fk_[A-Za-z0-9_-]+$'),
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  form_id text,
  allowed_origins text[] NOT NULL,
  min_fill_ms integer NOT NULL DEFAULT 3000 CHECK (min_fill_ms >= 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz
);

CREATE INDEX form_keys_workspace ON form_keys (workspace_id);

-- Fixed one-minute windows: one row per bucket and window, counted up by a single upsert.
-- Unlogged: the counters are worth less than the WAL they would cost, and a crash only forgets
-- the current minute.
CREATE UNLOGGED TABLE rate_limits (
  bucket text NOT NULL,
  window_start timestamptz NOT NULL,
  hits integer NOT NULL,
  PRIMARY KEY (bucket, window_start)
);

-- Lets the opportunistic clean-up find past windows without scanning every bucket.
CREATE INDEX rate_limits_window_start ON rate_limits (window_start);
