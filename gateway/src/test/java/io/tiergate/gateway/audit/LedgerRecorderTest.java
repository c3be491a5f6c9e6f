package io.tiergate.gateway.audit;

import io.tiergate.api.Backend;
import io.tiergate.api.BackendInfo;
import io.tiergate.api.BackendNotice;
import io.tiergate.api.BackendOutcome;
import io.tiergate.api.Caller;
import io.tiergate.api.ChatRequest;
import io.tiergate.api.ChatStream;
import io.tiergate.api.EmbeddingRequest;
import io.tiergate.api.Locality;
import io.tiergate.api.ResidencyPolicy;
import io.tiergate.gateway.Admission;
import io.tiergate.gateway.Gateway;
import io.tiergate.gateway.ModelResolver;
import io.tiergate.gateway.RequestOptions;
import io.tiergate.gateway.Tier;
import io.tiergate.gateway.TierPlanner;
import io.tiergate.gateway.limits.ExchangeCost;
import io.tiergate.ledger.JdbcLedger;
import io.tiergate.ledger.LedgerConfig;
import io.tiergate.ledger.LedgerDatabase;
import io.tiergate.testkit.dummy.DummyBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** Calls through the real gateway land in a real SQLite ledger with their kind and any max-tokens clamp. */
class LedgerRecorderTest {
    @TempDir
    Path home;

    private final DummyBackend dummy = new DummyBackend("engine", Locality.IN_PROCESS, "tiergate");
    /** Clamps every chat call's max_tokens to 40 as the in-process engine does: a notice, then the answer. */
    private final Backend clamping = new Backend() {
        @Override
        public BackendInfo info() {
            return dummy.info();
        }

        @Override
        public BackendOutcome chat(ChatRequest request, ChatStream stream) {
            BackendNotice.listener().accept(new BackendNotice.MaxTokensClamped(request.params().maxTokens().orElse(0), 40, 88, 128));
            return dummy.chat(request, stream);
        }
    };
    private final Tier local = new Tier("local", 0, dummy, List.of("small"), List.of(dummy.info()));
    private final Tier tight = new Tier("tight", 1, clamping, List.of("tiny-context"), List.of(dummy.info()));
    private String url;
    private JdbcLedger ledger;
    private Gateway gateway;

    @BeforeEach
    void start() {
        url = LedgerDatabase.sqliteUrl(home);
        LedgerConfig config = LedgerConfig.defaults().withUrl(url);
        ledger = new JdbcLedger(LedgerDatabase.open(url), config);
        List<Tier> tiers = List.of(local, tight);
        ExchangeCost cost = new ExchangeCost(io.tiergate.ledger.price.CostCalculator.from(config), tiers);
        gateway = new Gateway(new ModelResolver(tiers, Map.of()), ResidencyPolicy.ALLOW_ALL,
                new TierPlanner(tiers, ResidencyPolicy.ALLOW_ALL, Optional.empty(), Optional.empty(), "local"),
                Admission.NONE, List.of(new LedgerRecorder(ledger, cost, false)));
    }

    @AfterEach
    void stop() {
        ledger.close();
    }

    @Test
    void aChatCallAndAnEmbeddingLandWithTheirKinds() throws SQLException {
        gateway.chat(ChatRequest.ofUser("small", "hello there"), Caller.ANONYMOUS, RequestOptions.of("req-chat"),
                (route, chunk) -> true);
        gateway.embed(new EmbeddingRequest("small", List.of("one two three", "four"), OptionalInt.empty(), Optional.empty(),
                Map.of()), Caller.ANONYMOUS, RequestOptions.of("req-embed"));
        ledger.flush();
        // prompt tokens are words in for the dummy: 2 for the chat, 3 + 1 for the embedded texts
        assertThat(rows("SELECT request_id, kind, prompt_tokens, max_tokens_requested FROM ledger_entries ORDER BY id"))
                .containsExactly(List.of("req-chat", "chat", "2", "null"), List.of("req-embed", "embedding", "4", "null"));
    }

    @Test
    void aClampedCallLandsWithRequestedAndGrantedTokensAndTheEdgeStillHearsTheNotice() throws Exception {
        List<BackendNotice> headers = new CopyOnWriteArrayList<>();
        ChatRequest asksTooMuch = ChatRequest.ofUser("tiny-context", "hi");
        asksTooMuch = asksTooMuch.withParams(asksTooMuch.params().withMaxTokens(500));
        ChatRequest finalRequest = asksTooMuch;
        ScopedValue.where(BackendNotice.LISTENER, NoticeRecorder.forwardingTo(headers::add)).call(() ->
                gateway.chat(finalRequest, Caller.ANONYMOUS, RequestOptions.of("req-clamped"), (route, chunk) -> true));
        // The next call on the thread binds a fresh recorder: a clamp never leaks into another call's entry.
        ScopedValue.where(BackendNotice.LISTENER, NoticeRecorder.forwardingTo(headers::add)).call(() ->
                gateway.chat(ChatRequest.ofUser("small", "hi"), Caller.ANONYMOUS, RequestOptions.of("req-room"),
                        (route, chunk) -> true));
        ledger.flush();
        assertThat(headers).containsExactly(new BackendNotice.MaxTokensClamped(500, 40, 88, 128));
        assertThat(rows("SELECT request_id, kind, max_tokens_requested, max_tokens_granted FROM ledger_entries ORDER BY id"))
                .containsExactly(List.of("req-clamped", "chat", "500", "40"), List.of("req-room", "chat", "null", "null"));
    }

    @Test
    void aClampIsNotRecordedWhereTheEdgeBoundAPlainListener() throws Exception {
        List<BackendNotice> heard = new CopyOnWriteArrayList<>();
        ScopedValue.where(BackendNotice.LISTENER, heard::add).call(() ->
                gateway.chat(ChatRequest.ofUser("tiny-context", "hi"), Caller.ANONYMOUS, RequestOptions.of("req-plain"),
                        (route, chunk) -> true));
        ledger.flush();
        assertThat(heard).hasSize(1);
        assertThat(rows("SELECT max_tokens_requested FROM ledger_entries")).containsExactly(List.of("null"));
    }

    private List<List<String>> rows(String sql) throws SQLException {
        List<List<String>> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= columns; i++) row.add(String.valueOf(rs.getString(i)));
                out.add(row);
            }
        }
        return out;
    }
}
