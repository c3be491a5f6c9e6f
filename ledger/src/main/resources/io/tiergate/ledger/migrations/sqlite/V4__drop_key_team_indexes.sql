-- V4: the per-key and per-team indexes go. Each was a second and third B-tree insert for every
-- entry, on the gateway's own core: an entry cost ~7 us of CPU with them and ~4 us with the time
-- index alone (docs/benchmarks.md). Every report and the budget rebuild select a time range, which
-- the time index serves; key and team are filtered within it.
DROP INDEX IF EXISTS ledger_entries_key_time;
DROP INDEX IF EXISTS ledger_entries_team_time;
