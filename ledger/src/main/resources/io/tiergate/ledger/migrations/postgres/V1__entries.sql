-- V1: one row per audited request. Times are epoch milliseconds (UTC), durations microseconds,
-- costs micro-dollars (1e-6 USD).
CREATE TABLE ledger_entries (
    id                     BIGSERIAL PRIMARY KEY,
    time_ms                BIGINT NOT NULL,
    request_id             TEXT    NOT NULL,
    key_id                 TEXT    NOT NULL,
    team                   TEXT,
    workflow               TEXT,
    step                   TEXT,
    model_requested        TEXT    NOT NULL,
    model_used             TEXT    NOT NULL,
    tier                   TEXT    NOT NULL,
    backend                TEXT    NOT NULL,
    route_score            DOUBLE PRECISION,
    route_reason           TEXT    NOT NULL,
    policy_verdict         TEXT    NOT NULL,
    prompt_tokens          BIGINT NOT NULL,
    completion_tokens      BIGINT NOT NULL,
    cached_tokens          BIGINT NOT NULL,
    reasoning_tokens       BIGINT NOT NULL,
    ttft_micros            BIGINT,
    latency_micros         BIGINT NOT NULL,
    status                 BIGINT NOT NULL,
    cost_micros            DOUBLE PRECISION    NOT NULL,
    counterfactual_micros  DOUBLE PRECISION    NOT NULL
);
CREATE INDEX ledger_entries_time ON ledger_entries (time_ms);
