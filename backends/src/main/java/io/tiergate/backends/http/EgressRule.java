package io.tiergate.backends.http;

import java.net.URI;
import java.util.function.Consumer;

/**
 * The process-wide rule every outbound connection passes before it is opened (the residency policy's
 * egress guard: only hosts of configured backends). Egress is a property of the process, not of one
 * backend, so the rule is installed once at start-up; the default lets everything through.
 * The check throws to refuse; {@link HttpUpstream} turns that into a connect failure naming the reason.
 */
public final class EgressRule {
    private static volatile Consumer<URI> check = uri -> {};

    private EgressRule() {}

    /** Installs the check (e.g. {@code EgressGuard::check}); it throws a RuntimeException to refuse a target. */
    public static void install(Consumer<URI> newCheck) {
        check = newCheck;
    }

    public static void reset() {
        check = uri -> {};
    }

    static void check(URI target) {
        check.accept(target);
    }
}
