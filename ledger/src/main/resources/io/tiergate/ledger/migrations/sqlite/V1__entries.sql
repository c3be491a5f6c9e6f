-- V1: one row per audited request. Times are epoch milliseconds (UTC), durations microseconds,
-- costs micro-dollars (1e-6 USD).
CREATE TABLE ledger_entries (
    id                     INTEGER PRIMARY KEY AUTOINCREMENT,
    time_ms                INTEGER NOT NULL,
    request_id             TEXT    NOT NULL,
    key_id                 TEXT    NOT NULL,
    team                   TEXT,
    workflow               TEXT,
    step                   TEXT,
    model_requested        TEXT    NOT NULL,
    model_used             TEXT    NOT NULL,
    tier                   TEXT    NOT NULL,
    backend                TEXT    NOT NULL,
    route_score            REAL,
    route_reason           TEXT    NOT NULL,
    policy_verdict         TEXT    NOT NULL,
    prompt_tokens          INTEGER NOT NULL,
    completion_tokens      INTEGER NOT NULL,
    cached_tokens          INTEGER NOT NULL,
    reasoning_tokens       INTEGER NOT NULL,
    ttft_micros            INTEGER,
    latency_micros         INTEGER NOT NULL,
    status                 INTEGER NOT NULL,
    cost_micros            REAL    NOT NULL,
    counterfactual_micros  REAL    NOT NULL
);
CREATE INDEX ledger_entries_time ON ledger_entries (time_ms);
