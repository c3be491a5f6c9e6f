package io.tiergate.ledger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The kill -9 bound on PostgreSQL: a child JVM killed mid-stream loses at most one flush interval. */
class PostgresKillNineTest {
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

    @Test
    void killMinusNineLosesAtMostTheLastFlushIntervalOnPostgres() throws Exception {
        KillNineTest.assertKillLosesAtMostOneInterval(pg.freshUrl(), false);
    }

    @Test
    void killMinusNineWhileIndexingIsDeferredLosesNoMoreOnPostgres() throws Exception {
        KillNineTest.assertKillLosesAtMostOneInterval(pg.freshUrl(), true);
    }
}
