package io.tiergate.server;

import io.tiergate.api.Caller;
import io.tiergate.ledger.keys.KeyAdmin;
import io.tiergate.ledger.keys.KeyAuthenticator;
import io.tiergate.ledger.keys.KeyLimits;
import io.tiergate.ledger.keys.VirtualKey;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bearer tokens checked against the virtual keys in the ledger database and the master key
 * ({@code server.master-key}). The master key is the admin caller ({@value #MASTER_KEY_ID}, no limits);
 * a virtual key becomes its {@link Caller} (team, residency policy) with its allowed models and tiers.
 * While no key was ever created and no master key is configured, everything is open
 * ({@link Authentication#OPEN}); once keys exist — revoked ones too, so revoking the last key does not
 * open the gateway — a missing, unknown or revoked token is a 401.
 */
public final class KeyAuthentication implements Authentication {
    /** The key id the master key's requests are recorded under. */
    public static final String MASTER_KEY_ID = "master";
    /** While open, how often to look again whether a key was created elsewhere (the CLI), nanoseconds. */
    private static final long RECHECK_NANOS = 1_000_000_000L;

    private final KeyAuthenticator authenticator;
    private final KeyAdmin admin;
    private final Optional<String> masterKey;
    private final ConcurrentHashMap<String, VirtualKey> verified = new ConcurrentHashMap<>();
    private volatile boolean keysExist;
    private volatile long checkedAtNanos;

    public KeyAuthentication(KeyAuthenticator authenticator, KeyAdmin admin, Optional<String> masterKey) {
        this.authenticator = authenticator;
        this.admin = admin;
        this.masterKey = masterKey.filter(k -> !k.isBlank());
        this.keysExist = !admin.list(true).isEmpty();
        this.checkedAtNanos = System.nanoTime();
    }

    @Override
    public Authenticated authenticate(Optional<String> bearerToken) {
        Optional<String> token = bearerToken.filter(t -> !t.isBlank());
        if (token.isPresent() && isMaster(token)) {
            return new Authenticated(master(), Set.of(), "auto");
        }
        if (open()) {
            return OPEN.authenticate(bearerToken);
        }
        if (token.isEmpty()) {
            throw HttpErrors.unauthorized("Missing API key. Send your Tiergate key as 'Authorization: Bearer tg-…'.");
        }
        VirtualKey key = authenticator.authenticate(token.get()).orElseThrow(() -> HttpErrors.unauthorized(
                "Invalid or revoked API key. Ask your Tiergate administrator for a key (tiergate keys create)."));
        verified.put(key.id(), key);
        return new Authenticated(key.caller(), Set.copyOf(key.allowedModels()), Set.copyOf(key.allowedTiers()), "auto");
    }

    /** True when {@code token} is the configured master key (constant-time compare). */
    public boolean isMaster(Optional<String> token) {
        return MasterKey.matches(masterKey, token);
    }

    public boolean masterKeyConfigured() {
        return masterKey.isPresent();
    }

    /** No master key and no key ever created: nothing is checked. */
    public boolean open() {
        return masterKey.isEmpty() && !keysExist();
    }

    /** The limits of a key verified by this authentication (budgets look them up on every request). */
    public Optional<KeyLimits> limitsOf(String keyId) {
        return Optional.ofNullable(verified.get(keyId)).map(VirtualKey::limits);
    }

    /** Called by the admin API after a create, so keys are required from the next request on. */
    public void keyCreated() {
        keysExist = true;
    }

    private boolean keysExist() {
        if (keysExist) return true;
        long now = System.nanoTime();
        if (now - checkedAtNanos > RECHECK_NANOS) {
            checkedAtNanos = now;
            if (!admin.list(true).isEmpty()) keysExist = true;
        }
        return keysExist;
    }

    private static Caller master() {
        return new Caller(MASTER_KEY_ID, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }
}
