-- V2: error codes, detected sensitive-data types, optional prompt/completion text (only written when
-- the operator turns store-text on), per-key/team indexes for budgets and reports, and virtual keys.
ALTER TABLE ledger_entries ADD COLUMN error_code TEXT;
ALTER TABLE ledger_entries ADD COLUMN detected_types TEXT NOT NULL DEFAULT '';
ALTER TABLE ledger_entries ADD COLUMN prompt_text TEXT;
ALTER TABLE ledger_entries ADD COLUMN completion_text TEXT;
CREATE INDEX ledger_entries_key_time ON ledger_entries (key_id, time_ms);
CREATE INDEX ledger_entries_team_time ON ledger_entries (team, time_ms);

-- Virtual API keys: only a salted SHA-256 of the secret is stored (hex), never the secret.
-- Lists are comma-separated; an empty list allows everything. NULL limits mean "no limit".
CREATE TABLE virtual_keys (
    key_id               TEXT PRIMARY KEY,
    name                 TEXT    NOT NULL,
    salt_hex             TEXT    NOT NULL,
    hash_hex             TEXT    NOT NULL,
    team                 TEXT,
    policy               TEXT,
    allowed_models       TEXT    NOT NULL DEFAULT '',
    allowed_tiers        TEXT    NOT NULL DEFAULT '',
    budget_day_micros    INTEGER,
    budget_month_micros  INTEGER,
    requests_per_minute  INTEGER,
    tokens_per_minute    INTEGER,
    created_ms           INTEGER NOT NULL,
    revoked_ms           INTEGER
);
