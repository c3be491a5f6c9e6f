package io.tiergate.server.audit;

import io.tiergate.api.ResidencyPolicy;
import io.tiergate.engine.backend.InProcessBackend;
import io.tiergate.server.ClampingEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.tiergate.server.audit.AuditHarness.MASTER;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Through real HTTP and the audit wiring as {@code serve} builds it: when the in-process engine clamps
 * max_tokens to the context's room, the client's header and the ledger entry agree (requested and
 * granted tokens), streamed or not; an answer that was not clamped records no clamp.
 */
class MaxTokensClampLedgerIT {

    @TempDir
    static Path dir;
    static InProcessBackend engine;
    static AuditHarness h;

    @BeforeAll
    static void start() {
        engine = ClampingEngine.start(dir);
        h = new AuditHarness(AuditHarness.sqliteUrl(dir), List.of(AuditHarness.tier("local", 0, engine, "tiny")),
                ResidencyPolicy.ALLOW_ALL, Optional.of(MASTER));
    }

    @AfterAll
    static void stop() {
        h.close();
        engine.close();
    }

    @Test
    void theClampTheClientIsToldOfIsTheOneInTheLedger() throws Exception {
        List<String> headers = new ArrayList<>();
        for (boolean stream : new boolean[]{false, true}) {
            HttpResponse<String> r = h.post("/v1/chat/completions", ClampingEngine.body(1000, stream), Optional.of(MASTER));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            headers.add(r.headers().firstValue("x-tiergate-max-tokens-clamped").orElseThrow());
        }
        HttpResponse<String> fits = h.post("/v1/chat/completions", ClampingEngine.body(2, false), Optional.of(MASTER));
        assertThat(fits.statusCode()).isEqualTo(200);
        assertThat(fits.headers().firstValue("x-tiergate-max-tokens-clamped")).isEmpty();

        h.wiring.ledger().flush();
        List<String> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(h.url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT kind, max_tokens_requested, max_tokens_granted FROM ledger_entries ORDER BY id")) {
            while (rs.next()) {
                long requested = rs.getLong(2);
                String clamp = rs.wasNull() ? "none" : requested + " -> " + rs.getLong(3);
                rows.add(rs.getString(1) + " " + clamp);
            }
        }
        assertThat(headers.getFirst()).startsWith("1000 -> ");
        assertThat(rows).containsExactly("chat " + headers.get(0), "chat " + headers.get(1), "chat none");
    }
}
