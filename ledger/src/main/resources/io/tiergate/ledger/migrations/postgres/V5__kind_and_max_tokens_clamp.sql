-- V5: what kind of call an entry is ('chat' or 'embedding'), and the max_tokens a backend clamped
-- (requested and granted, in tokens; NULL when nothing was clamped). Adding a column with a constant
-- default rewrites no rows (PostgreSQL 11+). Embeddings were recorded before this column existed, told
-- apart only by their route reason and a completion of 0 tokens: those rows are marked once, here.
ALTER TABLE ledger_entries ADD COLUMN kind TEXT NOT NULL DEFAULT 'chat';
ALTER TABLE ledger_entries ADD COLUMN max_tokens_requested BIGINT;
ALTER TABLE ledger_entries ADD COLUMN max_tokens_granted BIGINT;
UPDATE ledger_entries SET kind = 'embedding'
    WHERE route_reason LIKE 'embeddings on tier ''%' AND completion_tokens = 0;
