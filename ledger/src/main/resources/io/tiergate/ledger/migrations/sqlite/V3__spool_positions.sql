-- V3: how far each spool segment (a file of entries written ahead of the database) has been copied
-- into ledger_entries. The position moves in the same transaction as the rows it covers, so a
-- segment is indexed exactly once, whichever process does it.
CREATE TABLE ledger_spool (
    segment        TEXT   PRIMARY KEY,
    indexed_bytes  BIGINT NOT NULL
);
