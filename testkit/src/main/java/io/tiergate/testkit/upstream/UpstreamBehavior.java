package io.tiergate.testkit.upstream;

import java.time.Duration;
import java.util.Optional;

/**
 * How a fake upstream answers one request. {@code delay} passes before the response headers (time to
 * first token); {@code failStatus}/{@code failBody} answer with an error instead; {@code retryAfter}
 * is sent as the Retry-After header verbatim; {@code dropAfterChunks}/{@code stallAfterChunks} reset or
 * freeze a stream after that many data events (-1: never); {@code pace} passes between stream events;
 * {@code omitDone} ends a stream cleanly but without its terminating event; {@code malformed} answers
 * 200 with a body that is not JSON.
 */
public record UpstreamBehavior(Duration delay, Optional<Integer> failStatus, String failBody, Optional<String> retryAfter,
                               int dropAfterChunks, int stallAfterChunks, Duration pace, boolean omitDone,
                               boolean malformed) {

    public static UpstreamBehavior normal() {
        return new UpstreamBehavior(Duration.ZERO, Optional.empty(), "", Optional.empty(), -1, -1, Duration.ZERO, false, false);
    }

    public static UpstreamBehavior delayed(Duration d) {
        return normal().withDelay(d);
    }

    public static UpstreamBehavior failing(int status, String body) {
        return new UpstreamBehavior(Duration.ZERO, Optional.of(status), body, Optional.empty(), -1, -1, Duration.ZERO, false, false);
    }

    /** 429 with the given Retry-After header value (seconds or an HTTP date). */
    public static UpstreamBehavior rateLimited(String retryAfter) {
        return new UpstreamBehavior(Duration.ZERO, Optional.of(429), "", Optional.of(retryAfter), -1, -1, Duration.ZERO, false, false);
    }

    public static UpstreamBehavior droppingAfter(int chunks) {
        return new UpstreamBehavior(Duration.ZERO, Optional.empty(), "", Optional.empty(), chunks, -1, Duration.ZERO, false, false);
    }

    public static UpstreamBehavior stallingAfter(int chunks) {
        return new UpstreamBehavior(Duration.ZERO, Optional.empty(), "", Optional.empty(), -1, chunks, Duration.ZERO, false, false);
    }

    public static UpstreamBehavior paced(Duration pace) {
        return normal().withPace(pace);
    }

    public static UpstreamBehavior endingWithoutDone() {
        return new UpstreamBehavior(Duration.ZERO, Optional.empty(), "", Optional.empty(), -1, -1, Duration.ZERO, true, false);
    }

    public static UpstreamBehavior malformedJson() {
        return new UpstreamBehavior(Duration.ZERO, Optional.empty(), "", Optional.empty(), -1, -1, Duration.ZERO, false, true);
    }

    public UpstreamBehavior withDelay(Duration d) {
        return new UpstreamBehavior(d, failStatus, failBody, retryAfter, dropAfterChunks, stallAfterChunks, pace, omitDone, malformed);
    }

    public UpstreamBehavior withPace(Duration p) {
        return new UpstreamBehavior(delay, failStatus, failBody, retryAfter, dropAfterChunks, stallAfterChunks, p, omitDone, malformed);
    }
}
