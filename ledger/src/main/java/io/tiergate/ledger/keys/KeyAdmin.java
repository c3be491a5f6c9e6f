package io.tiergate.ledger.keys;

import io.tiergate.ledger.LedgerDatabase;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Creates, lists, reads and revokes virtual keys; the admin HTTP API and {@code tiergate keys} both
 * call this. The secret is returned once by {@link #create} and never stored.
 */
public final class KeyAdmin {
    private final JdbcKeyStore store;
    private final Optional<KeyAuthenticator> authenticator;
    private final Clock clock;

    /** {@code authenticator}'s cache is evicted on revoke, so a revoked key stops working at once. */
    public KeyAdmin(LedgerDatabase db, KeyAuthenticator authenticator) {
        this(db, Optional.of(authenticator), Clock.systemUTC());
    }

    /** For tools without a running gateway (the CLI). */
    public KeyAdmin(LedgerDatabase db) {
        this(db, Optional.empty(), Clock.systemUTC());
    }

    KeyAdmin(LedgerDatabase db, Optional<KeyAuthenticator> authenticator, Clock clock) {
        this.store = new JdbcKeyStore(db);
        this.authenticator = authenticator;
        this.clock = clock;
    }

    public CreatedKey create(KeySpec spec) {
        String secret = KeySecrets.newSecret();
        byte[] salt = KeySecrets.newSalt();
        VirtualKey key = new VirtualKey(KeySecrets.idOf(secret), spec.name(), spec.team(), spec.policy(),
                spec.allowedModels(), spec.allowedTiers(), spec.limits(), clock.instant(), Optional.empty());
        store.insert(new JdbcKeyStore.StoredKey(key, KeySecrets.hex(salt), KeySecrets.hex(KeySecrets.hash(salt, secret))));
        return new CreatedKey(key, secret);
    }

    public List<VirtualKey> list(boolean includeRevoked) {
        return store.list(includeRevoked).stream().map(JdbcKeyStore.StoredKey::key).toList();
    }

    public Optional<VirtualKey> get(String keyId) {
        return store.find(keyId).map(JdbcKeyStore.StoredKey::key);
    }

    /** True when the key existed and was live; revoking twice or an unknown id returns false. */
    public boolean revoke(String keyId) {
        boolean revoked = store.revoke(keyId, clock.instant());
        authenticator.ifPresent(a -> a.evict(keyId));
        return revoked;
    }
}
