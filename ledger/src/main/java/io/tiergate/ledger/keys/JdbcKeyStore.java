package io.tiergate.ledger.keys;

import io.tiergate.ledger.LedgerDatabase;
import io.tiergate.ledger.LedgerStorageException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** The {@code virtual_keys} table: keys with their salt and salted hash (hex), never the secret. */
final class JdbcKeyStore {
    record StoredKey(VirtualKey key, String saltHex, String hashHex) {}

    private static final String COLUMNS = "key_id, name, salt_hex, hash_hex, team, policy, allowed_models, allowed_tiers, "
            + "budget_day_micros, budget_month_micros, requests_per_minute, tokens_per_minute, created_ms, revoked_ms";

    private final LedgerDatabase db;

    JdbcKeyStore(LedgerDatabase db) {
        this.db = db;
    }

    void insert(StoredKey stored) {
        VirtualKey k = stored.key();
        try (Connection c = db.connect();
             PreparedStatement p = c.prepareStatement("INSERT INTO virtual_keys (" + COLUMNS
                     + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            p.setString(1, k.id());
            p.setString(2, k.name());
            p.setString(3, stored.saltHex());
            p.setString(4, stored.hashHex());
            p.setString(5, k.team().orElse(null));
            p.setString(6, k.policy().orElse(null));
            p.setString(7, String.join(",", k.allowedModels()));
            p.setString(8, String.join(",", k.allowedTiers()));
            setLong(p, 9, k.limits().budgetPerDayMicros());
            setLong(p, 10, k.limits().budgetPerMonthMicros());
            setLong(p, 11, k.limits().requestsPerMinute());
            setLong(p, 12, k.limits().tokensPerMinute());
            p.setLong(13, k.createdAt().toEpochMilli());
            p.setNull(14, Types.BIGINT);
            p.executeUpdate();
        } catch (SQLException e) {
            throw failure("store key " + k.id(), e);
        }
    }

    Optional<StoredKey> find(String id) {
        List<StoredKey> found = select(" WHERE key_id = ?", id);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.getFirst());
    }

    List<StoredKey> list(boolean includeRevoked) {
        return includeRevoked ? select(" ORDER BY created_ms, key_id") : select(" WHERE revoked_ms IS NULL ORDER BY created_ms, key_id");
    }

    /** Marks {@code id} revoked; false when there is no such key or it was already revoked. */
    boolean revoke(String id, Instant at) {
        try (Connection c = db.connect();
             PreparedStatement p = c.prepareStatement("UPDATE virtual_keys SET revoked_ms = ? WHERE key_id = ? AND revoked_ms IS NULL")) {
            p.setLong(1, at.toEpochMilli());
            p.setString(2, id);
            return p.executeUpdate() == 1;
        } catch (SQLException e) {
            throw failure("revoke key " + id, e);
        }
    }

    private List<StoredKey> select(String tail, String... args) {
        try (Connection c = db.connect(); PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM virtual_keys" + tail)) {
            for (int i = 0; i < args.length; i++) {
                p.setString(i + 1, args[i]);
            }
            List<StoredKey> out = new ArrayList<>();
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(read(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw failure("read keys", e);
        }
    }

    private static StoredKey read(ResultSet rs) throws SQLException {
        KeyLimits limits = new KeyLimits(getLong(rs, 9), getLong(rs, 10), getLong(rs, 11), getLong(rs, 12));
        OptionalLong revoked = getLong(rs, 14);
        VirtualKey key = new VirtualKey(rs.getString(1), rs.getString(2), Optional.ofNullable(rs.getString(5)),
                Optional.ofNullable(rs.getString(6)), split(rs.getString(7)), split(rs.getString(8)), limits,
                Instant.ofEpochMilli(rs.getLong(13)),
                revoked.isPresent() ? Optional.of(Instant.ofEpochMilli(revoked.getAsLong())) : Optional.empty());
        return new StoredKey(key, rs.getString(3), rs.getString(4));
    }

    private static List<String> split(String csv) {
        return csv == null || csv.isEmpty() ? List.of() : Arrays.asList(csv.split(","));
    }

    private static void setLong(PreparedStatement p, int i, OptionalLong v) throws SQLException {
        if (v.isPresent()) {
            p.setLong(i, v.getAsLong());
        } else {
            p.setNull(i, Types.BIGINT);
        }
    }

    private static OptionalLong getLong(ResultSet rs, int i) throws SQLException {
        long v = rs.getLong(i);
        return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(v);
    }

    private LedgerStorageException failure(String what, SQLException e) {
        return new LedgerStorageException("cannot " + what + " in " + db.describe() + ": " + e.getMessage(), e);
    }
}
