-- Upstream state: what each referenced issue, pull request, merge request, Gerrit change and
-- Launchpad bug looks like upstream, as `minutes upstream sync` last read it.
-- Keyed by the reference itself, never by a meeting or link row: an ingest deletes and re-creates
-- meetings and links, and this state must outlive that (so: no foreign keys, no cascade).

CREATE TABLE upstream_state (
  key             TEXT    PRIMARY KEY,         -- github.com/kubernetes/cloud-provider-openstack#2579, gitlab.com/group/project!12,
                                               -- review.opendev.org/+/912345, launchpad.net/+bug/2061234 (lowercased)
  tracker         TEXT    NOT NULL CHECK (tracker IN ('github', 'gitlab', 'gerrit', 'launchpad')),
  host            TEXT    NOT NULL,
  owner           TEXT,                        -- as referenced: organisation, GitLab group path, Launchpad project
  repo            TEXT,
  number          INTEGER NOT NULL,            -- issue, pull or merge request number, change number, bug id
  status          TEXT    NOT NULL CHECK (status IN ('ok', 'gone', 'private', 'error')),  -- how the last attempt ended
  state           TEXT    CHECK (state IN ('open', 'closed', 'merged', 'draft')),          -- as last read; NULL if never
  state_reason    TEXT,                        -- upstream's word for it: completed, not_planned, abandoned, Fix Released, …
  type            TEXT,                        -- what upstream says it is: issue, pull_request, merge_request, change, bug
  title           TEXT,
  author          TEXT,
  labels          TEXT    NOT NULL DEFAULT '[]',  -- JSON array of names (GitHub/GitLab labels, Gerrit hashtags, Launchpad tags)
  url             TEXT,                        -- canonical address, after renamed repositories and transferred issues
  created_at      TEXT,                        -- upstream's dates (ISO 8601, UTC)
  updated_at      TEXT,
  closed_at       TEXT,
  merged_at       TEXT,
  state_since     TEXT,                        -- when the current state began: merged/closed date, or the sync that saw it change
  previous_state  TEXT,                        -- the state before the last change a sync saw
  fetched_at      TEXT,                        -- last time upstream confirmed this state (a 200 or a 304)
  attempted_at    TEXT    NOT NULL,            -- last time a sync asked, whatever the answer
  changed_at      TEXT,                        -- last time a sync saw title, state, labels or address change
  error           TEXT,                        -- why the last attempt did not read it (gone, private, error)
  failures        INTEGER NOT NULL DEFAULT 0   -- attempts in a row that did not read it
);
CREATE INDEX upstream_state_repo ON upstream_state (host, owner COLLATE NOCASE, repo COLLATE NOCASE);

-- HTTP validators (ETag, Last-Modified) by request URL, for conditional requests: an unchanged
-- reference answers 304 and costs no rate limit.
CREATE TABLE upstream_validators (
  url            TEXT PRIMARY KEY,
  etag           TEXT,
  last_modified  TEXT,
  stored_at      TEXT NOT NULL
);

-- Each sync: an unfinished one (finished_at NULL) is resumed by the next run of the same scope.
CREATE TABLE upstream_sync_runs (
  id            INTEGER PRIMARY KEY,
  scope         TEXT    NOT NULL,              -- the --host and --only it ran with, as JSON
  started_at    TEXT    NOT NULL,
  finished_at   TEXT,
  items         INTEGER NOT NULL DEFAULT 0,   -- references checked
  requests      INTEGER NOT NULL DEFAULT 0,
  not_modified  INTEGER NOT NULL DEFAULT 0,
  errors        INTEGER NOT NULL DEFAULT 0
);
