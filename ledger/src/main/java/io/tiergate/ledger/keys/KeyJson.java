package io.tiergate.ledger.keys;

import io.tiergate.api.InvalidRequestException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The admin API's JSON shape of keys (snake_case, as OpenAI's APIs), shared by the HTTP routes and
 * {@code tiergate keys --json}. {@link #view} gives plain maps any JSON mapper writes (absent limits
 * are JSON null = no limit); {@link #spec} reads a parsed request body, naming the offending field.
 */
public final class KeyJson {
    private static final Set<String> FIELDS = Set.of("name", "team", "policy", "allowed_models", "allowed_tiers",
            "budget_per_day_micros", "budget_per_month_micros", "requests_per_minute", "tokens_per_minute");

    private KeyJson() {}

    /** A key as JSON values; {@code secret} only in the answer to a create. */
    public static Map<String, Object> view(VirtualKey k, Optional<String> secret) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", k.id());
        secret.ifPresent(s -> m.put("secret", s));
        m.put("name", k.name());
        m.put("team", k.team().orElse(null));
        m.put("policy", k.policy().orElse(null));
        m.put("allowed_models", k.allowedModels());
        m.put("allowed_tiers", k.allowedTiers());
        m.put("budget_per_day_micros", boxed(k.limits().budgetPerDayMicros()));
        m.put("budget_per_month_micros", boxed(k.limits().budgetPerMonthMicros()));
        m.put("requests_per_minute", boxed(k.limits().requestsPerMinute()));
        m.put("tokens_per_minute", boxed(k.limits().tokensPerMinute()));
        m.put("created_at", k.createdAt().toString());
        m.put("revoked_at", k.revokedAt().map(Object::toString).orElse(null));
        return m;
    }

    /** A create request body (already parsed into maps/lists/numbers/strings) as a {@link KeySpec}. */
    public static KeySpec spec(Map<String, ?> body) {
        for (String field : body.keySet()) {
            if (!FIELDS.contains(field)) {
                throw new InvalidRequestException("unknown field '" + field + "'; expected one of " + FIELDS.stream().sorted().toList(), field);
            }
        }
        Object name = body.get("name");
        if (!(name instanceof String n)) {
            throw new InvalidRequestException("'name' is required and must be a string", "name");
        }
        try {
            KeyLimits limits = new KeyLimits(number(body, "budget_per_day_micros"), number(body, "budget_per_month_micros"),
                    number(body, "requests_per_minute"), number(body, "tokens_per_minute"));
            return new KeySpec(n, text(body, "team"), text(body, "policy"), strings(body, "allowed_models"),
                    strings(body, "allowed_tiers"), limits);
        } catch (IllegalArgumentException e) { // KeyLimits' validation
            throw new InvalidRequestException(e.getMessage(), "limits");
        }
    }

    private static Optional<String> text(Map<String, ?> body, String field) {
        Object v = body.get(field);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof String s) {
            return Optional.of(s);
        }
        throw new InvalidRequestException("'" + field + "' must be a string", field);
    }

    private static List<String> strings(Map<String, ?> body, String field) {
        Object v = body.get(field);
        if (v == null) {
            return List.of();
        }
        if (v instanceof List<?> list && list.stream().allMatch(String.class::isInstance)) {
            return list.stream().map(String.class::cast).toList();
        }
        throw new InvalidRequestException("'" + field + "' must be a list of strings", field);
    }

    private static OptionalLong number(Map<String, ?> body, String field) {
        Object v = body.get(field);
        if (v == null) {
            return OptionalLong.empty();
        }
        if (v instanceof Integer || v instanceof Long) {
            return OptionalLong.of(((Number) v).longValue());
        }
        throw new InvalidRequestException("'" + field + "' must be a whole number (null for no limit)", field);
    }

    private static Long boxed(OptionalLong v) {
        return v.isPresent() ? v.getAsLong() : null;
    }
}
