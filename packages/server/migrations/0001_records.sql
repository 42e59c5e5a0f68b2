-- Rapport's records, the log of their changes, and the workspaces both belong to.
--
-- String order: ids and every string a query compares or sorts on use COLLATE "C" (byte order
-- of UTF-8, i.e. code point order), the closest PostgreSQL has to JavaScript's UTF-16 code-unit
-- order, which the memory and IndexedDB adapters use. The two agree except between characters
-- U+E000..U+FFFF and characters above U+FFFF (emoji, rare CJK): JavaScript puts the latter first
-- (their surrogates are 0xD800..0xDFFF), PostgreSQL last.

CREATE TABLE workspaces (
  id uuid PRIMARY KEY,
  name text,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- One row per record. `data` is the record as written, without `version` (kept in its column).
-- `search_tokens` holds the keys a text search looks up (see packages/server/src/store/search-keys.ts):
-- every prefix of each search token up to a length, plus long tokens themselves; NULL for
-- collections without search.
-- No foreign key to workspaces: every write would take a share lock on the workspace row, and
-- concurrent writers of one workspace would contend on it.
CREATE TABLE records (
  workspace_id uuid NOT NULL,
  collection text NOT NULL,
  id text COLLATE "C" NOT NULL,
  version integer NOT NULL,
  data jsonb NOT NULL,
  search_tokens text[],
  PRIMARY KEY (workspace_id, collection, id)
);

-- Every committed write, in commit order per workspace: a writer takes a transaction-level
-- advisory lock keyed by its workspace right before it appends here, so within a workspace a
-- higher seq always commits later and a reader that resumes after a seq never skips a change.
-- `record` is the written record without `version`, like records.data.
CREATE TABLE changes (
  seq bigserial PRIMARY KEY,
  workspace_id uuid NOT NULL,
  tx_id bigint NOT NULL,
  collection text NOT NULL,
  id text COLLATE "C" NOT NULL,
  type text NOT NULL CHECK (type IN ('put', 'delete')),
  version integer,
  record jsonb,
  committed_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX changes_workspace_seq ON changes (workspace_id, seq);

-- A company's domain is unique within its workspace.
CREATE UNIQUE INDEX records_companies_domain_unique ON records (workspace_id, (data->>'domain'))
  WHERE collection = 'companies' AND data->>'domain' IS NOT NULL;

-- The queries widgets and services run most. Each index ends with the sort field and `id`, the
-- order a query asks for (absent values first, ties by id), so a page is read in order and stops
-- after `limit` rows; a descending query walks the same index backwards. The expressions must
-- match those of packages/server/src/store/query-sql.ts exactly, or the planner will not use them.

-- A pipeline board's column: deals of a stage, by position.
CREATE INDEX records_deals_column ON records (
  workspace_id,
  (data->>'pipelineId') COLLATE "C",
  (data->>'stageId') COLLATE "C",
  (data->>'position') COLLATE "C" NULLS FIRST,
  id
) WHERE collection = 'deals';

-- Timelines: the interactions of a contact, a deal or a company, by time.
CREATE INDEX records_interactions_contact ON records (
  workspace_id,
  (data->>'contactId') COLLATE "C",
  (data->>'occurredAt') COLLATE "C" NULLS FIRST,
  id
) WHERE collection = 'interactions';

CREATE INDEX records_interactions_deal ON records (
  workspace_id,
  (data->>'dealId') COLLATE "C",
  (data->>'occurredAt') COLLATE "C" NULLS FIRST,
  id
) WHERE collection = 'interactions';

CREATE INDEX records_interactions_company ON records (
  workspace_id,
  (data->>'companyId') COLLATE "C",
  (data->>'occurredAt') COLLATE "C" NULLS FIRST,
  id
) WHERE collection = 'interactions';

-- Contacts by email address (deduplication, lead capture, CSV import): `emails ? $1`.
CREATE INDEX records_contacts_emails ON records USING gin ((data->'emails')) WHERE collection = 'contacts';

-- Text search: `search_tokens @> ARRAY[...]`.
CREATE INDEX records_search_tokens ON records USING gin (search_tokens);
