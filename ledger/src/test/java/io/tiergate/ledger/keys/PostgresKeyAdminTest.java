package io.tiergate.ledger.keys;

import io.tiergate.ledger.PostgresTestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class PostgresKeyAdminTest extends KeyAdminContract {
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
