package io.tiergate.server.admin;

import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.tiergate.ledger.keys.CreatedKey;
import io.tiergate.ledger.keys.KeyAdmin;
import io.tiergate.ledger.keys.KeyJson;
import io.tiergate.ledger.keys.VirtualKey;
import io.tiergate.server.KeyAuthentication;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The key admin API, master key only: {@code POST /admin/keys} creates (201, the secret in this answer
 * only), {@code GET /admin/keys[?all=true]} lists (revoked ones with {@code all}), {@code GET /admin/keys/{id}}
 * reads, {@code DELETE /admin/keys/{id}} revokes at once (the authenticator's cache is evicted).
 * Bodies are {@link KeyJson}'s snake_case shape.
 */
public final class AdminKeyRoutes implements Consumer<HttpRouting.Builder> {
    private final KeyAuthentication auth;
    private final KeyAdmin admin;

    /** {@code admin} must have been built with the same KeyAuthenticator as {@code auth}, so revokes evict it. */
    public AdminKeyRoutes(KeyAuthentication auth, KeyAdmin admin) {
        this.auth = auth;
        this.admin = admin;
    }

    @Override
    public void accept(HttpRouting.Builder routing) {
        routing.post("/admin/keys", AdminAnswers.guarded(this::create))
                .get("/admin/keys", AdminAnswers.guarded(this::list))
                .get("/admin/keys/{id}", AdminAnswers.guarded(this::get))
                .delete("/admin/keys/{id}", AdminAnswers.guarded(this::revoke));
    }

    private void create(ServerRequest req, ServerResponse res) throws Exception {
        AdminAnswers.requireMaster(auth, req);
        CreatedKey created = admin.create(KeyJson.spec(AdminAnswers.jsonObject(req)));
        auth.keyCreated();
        AdminAnswers.sendJson(res, 201, KeyJson.view(created.key(), Optional.of(created.secret())));
    }

    private void list(ServerRequest req, ServerResponse res) throws Exception {
        AdminAnswers.requireMaster(auth, req);
        boolean all = AdminAnswers.query(req, "all").map(Boolean::parseBoolean).orElse(false);
        List<Map<String, Object>> keys = admin.list(all).stream().map(k -> KeyJson.view(k, Optional.empty())).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("object", "list");
        body.put("data", keys);
        AdminAnswers.sendJson(res, 200, body);
    }

    private void get(ServerRequest req, ServerResponse res) throws Exception {
        AdminAnswers.requireMaster(auth, req);
        AdminAnswers.sendJson(res, 200, KeyJson.view(existing(req), Optional.empty()));
    }

    /** Revoking is idempotent: a key revoked before answers 200 with its first revocation time. */
    private void revoke(ServerRequest req, ServerResponse res) throws Exception {
        AdminAnswers.requireMaster(auth, req);
        VirtualKey key = existing(req);
        admin.revoke(key.id());
        AdminAnswers.sendJson(res, 200, KeyJson.view(admin.get(key.id()).orElse(key), Optional.empty()));
    }

    private VirtualKey existing(ServerRequest req) {
        String id = req.path().pathParameters().get("id");
        return admin.get(id).orElseThrow(() -> AdminAnswers.notFound("No key '" + id + "'. GET /admin/keys lists the keys."));
    }
}
