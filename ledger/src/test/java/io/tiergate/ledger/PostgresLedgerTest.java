package io.tiergate.ledger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The ledger contract on a real PostgreSQL, a fresh schema per database. */
class PostgresLedgerTest extends LedgerContract {
    private static PostgresTestDatabase pg;

    @BeforeAll
    static void connect() {
        pg = new PostgresTestDatabase();
    }

    @AfterAll
    static void drop() {
        if (pg != null) {
            pg.dropAll();
        }
    }

    @Override
    String freshUrl() {
        return pg.freshUrl();
    }
}
