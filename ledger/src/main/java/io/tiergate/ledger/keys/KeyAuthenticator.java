package io.tiergate.ledger.keys;

import io.tiergate.ledger.LedgerDatabase;

import java.security.MessageDigest;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns a presented secret into its {@link VirtualKey}: a shape check, a lookup by the key id (the
 * secret's public prefix), then a constant-time compare of the salted hash. Verified keys are cached
 * in memory for {@code cacheTtl} (keyed by an unsalted digest, not the secret) so the hot path does no
 * database read; revocation through {@link KeyAdmin} evicts at once, elsewhere within the TTL.
 */
public final class KeyAuthenticator {
    private record Verified(VirtualKey key, long expiresAtNanos) {}

    private final JdbcKeyStore store;
    private final long ttlNanos;
    private final ConcurrentHashMap<String, Verified> cache = new ConcurrentHashMap<>();

    public KeyAuthenticator(LedgerDatabase db, Duration cacheTtl) {
        this.store = new JdbcKeyStore(db);
        this.ttlNanos = cacheTtl.toNanos();
    }

    /** The live (not revoked) key for {@code secret}; empty for unknown, malformed or revoked secrets. */
    public Optional<VirtualKey> authenticate(String secret) {
        if (secret == null || !KeySecrets.wellFormed(secret)) {
            return Optional.empty();
        }
        String digest = KeySecrets.digest(secret);
        long now = System.nanoTime();
        Verified cached = cache.get(digest);
        if (cached != null && now - cached.expiresAtNanos() < 0) {
            return Optional.of(cached.key());
        }
        Optional<VirtualKey> key = store.find(KeySecrets.idOf(secret))
                .filter(s -> !s.key().revoked())
                .filter(s -> MessageDigest.isEqual(KeySecrets.hash(KeySecrets.unhex(s.saltHex()), secret), KeySecrets.unhex(s.hashHex())))
                .map(JdbcKeyStore.StoredKey::key);
        key.ifPresentOrElse(k -> cache.put(digest, new Verified(k, now + ttlNanos)), () -> cache.remove(digest));
        return key;
    }

    /** Forgets cached verifications of {@code keyId} (after a revoke). */
    public void evict(String keyId) {
        cache.values().removeIf(v -> v.key().id().equals(keyId));
    }
}
