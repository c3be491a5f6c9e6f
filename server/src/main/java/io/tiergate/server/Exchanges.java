package io.tiergate.server;

import io.tiergate.backends.openai.OpenAiJson;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.tiergate.api.BackendNotice;
import io.tiergate.api.TiergateException;
import io.tiergate.gateway.Gateway;
import io.tiergate.gateway.ModelTarget;
import io.tiergate.gateway.RouteInfo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/** Small pieces every route shares: request ids, bounded bodies, the x-tiergate headers, error answers. */
final class Exchanges {

    /**
     * A 403 when the key may not ask for {@code model}, or the model is served on a tier outside the key's
     * tiers. "auto" passes the tier check here: the planner routes it among the key's tiers only
     * ({@link io.tiergate.gateway.RequestOptions#allowedTiers}).
     */
    static void checkAllowed(Gateway gateway, Authentication.Authenticated who, String model) {
        if (who.allowedModels().isEmpty() && who.allowedTiers().isEmpty()) return;
        ModelTarget target = gateway.models().resolve(model);
        String tier = target instanceof ModelTarget.Explicit e ? e.tier().name() : model;
        if (!who.allowsModel(model, tier)) {
            throw HttpErrors.forbidden("Key '" + who.caller().keyId() + "' may not use model '" + model + "'; allowed: "
                    + String.join(", ", who.allowedModels().stream().sorted().toList()) + ".");
        }
        if (target instanceof ModelTarget.Explicit && !who.allowsTier(tier)) {
            throw HttpErrors.tierForbidden("Key '" + who.caller().keyId() + "' may not use tier '" + tier + "' (model '" + model
                    + "' is served there); allowed tiers: " + String.join(", ", who.allowedTiers().stream().sorted().toList()) + ".");
        }
    }
    static final HeaderName REQUEST_ID = HeaderNames.create("x-request-id");
    static final HeaderName TIER = HeaderNames.create("x-tiergate-tier");
    static final HeaderName BACKEND = HeaderNames.create("x-tiergate-backend");
    static final HeaderName REASON = HeaderNames.create("x-tiergate-route-reason");
    static final HeaderName SCORE = HeaderNames.create("x-tiergate-route-score");
    /** "REQUESTED -> GRANTED" (tokens) when the backend clamped max_tokens to the context's room. */
    static final HeaderName MAX_TOKENS_CLAMPED = HeaderNames.create("x-tiergate-max-tokens-clamped");
    static final String JSON = "application/json";

    private Exchanges() {}

    /** The client's x-request-id when it is a sane token (≤ 128 printable chars), else a new one. */
    static String requestId(ServerRequest req) {
        Optional<String> given = req.headers().first(REQUEST_ID);
        if (given.isPresent() && given.get().length() <= 128 && given.get().chars().allMatch(c -> c > 32 && c < 127)) {
            return given.get();
        }
        byte[] b = new byte[12];
        ThreadLocalRandom.current().nextBytes(b);
        return "req_" + HexFormat.of().formatHex(b);
    }

    /** Reads the body, refusing more than {@code limitBytes} with a 413 (checked against Content-Length first). */
    static byte[] body(ServerRequest req, long limitBytes) {
        var declared = req.headers().contentLength();
        if (declared.isPresent() && declared.getAsLong() > limitBytes) throw HttpErrors.tooLarge(limitBytes);
        try (InputStream in = req.content().inputStream()) {
            if (declared.isPresent()) {
                byte[] body = in.readNBytes((int) declared.getAsLong()); // exact size, no 16 KiB scratch
                if (in.read() != -1) throw HttpErrors.tooLarge(limitBytes); // (framing makes this unreachable)
                return body;
            }
            int expected = 8192;
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(16, expected));
            byte[] buf = new byte[8192];
            long total = 0;
            for (int n; (n = in.read(buf)) > 0; ) {
                total += n;
                if (total > limitBytes) throw HttpErrors.tooLarge(limitBytes);
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void routeHeaders(ServerResponse res, RouteInfo route) {
        res.header(TIER, route.tier());
        res.header(BACKEND, route.backend());
        res.header(REASON, headerSafe(route.reason()));
        route.score().ifPresent(s -> res.header(SCORE, String.format(java.util.Locale.ROOT, "%.4f", s)));
    }

    /** A backend's notice as a header; called before the first SSE byte of a stream (see {@link BackendNotice}). */
    static void noticeHeader(ServerResponse res, BackendNotice notice) {
        switch (notice) {
            case BackendNotice.MaxTokensClamped c -> res.header(MAX_TOKENS_CLAMPED, c.requested() + " -> " + c.granted());
        }
    }

    static void noRouteHeaders(ServerResponse res, String why) {
        res.header(TIER, "none");
        res.header(BACKEND, "none");
        res.header(REASON, headerSafe(why));
    }

    static void sendError(ServerResponse res, TiergateException e) {
        res.status(e.status());
        for (Map.Entry<String, String> h : e.headers().entrySet()) res.header(h.getKey(), h.getValue());
        res.header(HeaderNames.CONTENT_TYPE, JSON);
        res.send(OpenAiJson.writeError(e));
    }

    /** Header values must be visible ASCII: anything else becomes '?' and the value is capped at 512 chars. */
    static String headerSafe(String s) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), 512));
        for (int i = 0; i < s.length() && b.length() < 512; i++) {
            char c = s.charAt(i);
            b.append(c >= 32 && c < 127 ? c : '?');
        }
        return b.toString();
    }

    static Optional<String> bearer(ServerRequest req) {
        return req.headers().first(HeaderNames.AUTHORIZATION)
                .filter(v -> v.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(v -> v.substring(7).trim())
                .or(() -> req.headers().first(HeaderNames.create("x-api-key")));
    }
}
