package io.tiergate.ledger.keys;

import io.tiergate.api.InvalidRequestException;
import io.tiergate.ledger.LedgerDatabase;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Virtual keys on a real database; run on SQLite and PostgreSQL. */
abstract class KeyAdminContract {
    abstract String freshUrl();

    private static final KeySpec SPEC = new KeySpec("ci bot", Optional.of("platform"), Optional.of("eu-only"),
            List.of("gpt-4o-mini", "auto"), List.of("local"),
            new KeyLimits(OptionalLong.of(5_000_000), OptionalLong.of(100_000_000), OptionalLong.of(60), OptionalLong.empty()));

    @Test
    void createsAKeyWhoseSecretAuthenticatesAndCarriesItsSettings() {
        LedgerDatabase db = LedgerDatabase.open(freshUrl());
        KeyAuthenticator auth = new KeyAuthenticator(db, Duration.ofSeconds(10));
        KeyAdmin admin = new KeyAdmin(db, auth);
        CreatedKey created = admin.create(SPEC);
        assertThat(created.secret()).matches("tg-[0-9A-Za-z]{32}");
        assertThat(created.secret()).startsWith(created.key().id());
        assertThat(created.toString()).doesNotContain(created.secret());
        VirtualKey key = auth.authenticate(created.secret()).orElseThrow();
        assertThat(key).isEqualTo(admin.get(key.id()).orElseThrow());
        assertThat(key.team()).contains("platform");
        assertThat(key.caller().policy()).contains("eu-only");
        assertThat(key.allowsModel("gpt-4o-mini")).isTrue();
        assertThat(key.allowsModel("gpt-4o")).isFalse();
        assertThat(key.allowsTier("local")).isTrue();
        assertThat(key.limits().budgetPerDayMicros()).hasValue(5_000_000);
        assertThat(key.limits().tokensPerMinute()).isEmpty();
        assertThat(KeySpec.named("open").allowedModels()).isEmpty();
    }

    @Test
    void rejectsWrongMalformedAndRevokedSecrets() {
        LedgerDatabase db = LedgerDatabase.open(freshUrl());
        KeyAuthenticator auth = new KeyAuthenticator(db, Duration.ofMinutes(5));
        KeyAdmin admin = new KeyAdmin(db, auth);
        CreatedKey created = admin.create(KeySpec.named("a"));
        String secret = created.secret();
        char last = secret.charAt(secret.length() - 1);
        String sameIdWrongSecret = secret.substring(0, secret.length() - 1) + (last == 'a' ? 'b' : 'a');
        assertThat(auth.authenticate(sameIdWrongSecret)).isEmpty();
        assertThat(auth.authenticate("tg-short")).isEmpty();
        assertThat(auth.authenticate("sk-" + secret.substring(3))).isEmpty();
        assertThat(auth.authenticate(secret.replace(secret.charAt(20), '!'))).isEmpty();
        assertThat(auth.authenticate(secret)).isPresent(); // now cached for 5 minutes
        assertThat(admin.revoke(created.key().id())).isTrue();
        assertThat(auth.authenticate(secret)).as("revocation evicts the cache").isEmpty();
        assertThat(admin.revoke(created.key().id())).isFalse();
        assertThat(admin.revoke("tg-nosuchid")).isFalse();
    }

    @Test
    void listsLiveKeysAndOptionallyRevokedOnes() {
        LedgerDatabase db = LedgerDatabase.open(freshUrl());
        KeyAdmin admin = new KeyAdmin(db);
        CreatedKey a = admin.create(KeySpec.named("a"));
        CreatedKey b = admin.create(KeySpec.named("b"));
        admin.revoke(a.key().id());
        assertThat(admin.list(false)).extracting(VirtualKey::id).containsExactly(b.key().id());
        assertThat(admin.list(true)).extracting(VirtualKey::id).containsExactlyInAnyOrder(a.key().id(), b.key().id());
        assertThat(admin.get(a.key().id()).orElseThrow().revoked()).isTrue();
        assertThat(admin.get("tg-missing1")).isEmpty();
    }

    @Test
    void refusesBadSpecsWithTheFieldNamed() {
        assertThatThrownBy(() -> KeySpec.named(" ")).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("name");
        assertThatThrownBy(() -> new KeyLimits(OptionalLong.of(0), OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty()))
                .hasMessageContaining("budget-per-day must be positive");
        assertThatThrownBy(() -> new KeySpec("x", Optional.empty(), Optional.empty(), List.of("a,b"), List.of(), KeyLimits.NONE))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("allowed_models");
    }
}
