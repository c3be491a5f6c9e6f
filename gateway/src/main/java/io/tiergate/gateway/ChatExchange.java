package io.tiergate.gateway;

import io.tiergate.api.Caller;
import io.tiergate.api.ChatRequest;
import io.tiergate.api.ChatResponse;
import io.tiergate.api.Usage;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Everything known about one finished chat call, handed to every {@link ExchangeListener} (metrics,
 * audit): who asked, what was decided, what it cost in tokens and time, and how it ended.
 * {@code status} is the HTTP status the client got (200 also for a stream that broke after it began;
 * {@code errorCode} then says so). An {@code embedding} call is one too: its inputs are the request's
 * user messages, its usage has prompt tokens only, and it has no response.
 */
public record ChatExchange(
        Instant start,
        String requestId,
        Caller caller,
        ChatRequest request,
        Optional<RouteInfo> route,
        String policy,
        String policyVerdict,
        List<String> detectedTypes,
        Optional<ChatResponse> response,
        Usage usage,
        Optional<Duration> timeToFirstToken,
        Duration latency,
        int status,
        Optional<String> errorCode,
        boolean streamed,
        boolean embedding) {

    public ChatExchange {
        detectedTypes = List.copyOf(detectedTypes);
    }

    /** A chat call (not an embedding). */
    public ChatExchange(Instant start, String requestId, Caller caller, ChatRequest request, Optional<RouteInfo> route,
                        String policy, String policyVerdict, List<String> detectedTypes, Optional<ChatResponse> response,
                        Usage usage, Optional<Duration> timeToFirstToken, Duration latency, int status,
                        Optional<String> errorCode, boolean streamed) {
        this(start, requestId, caller, request, route, policy, policyVerdict, detectedTypes, response, usage, timeToFirstToken,
                latency, status, errorCode, streamed, false);
    }
}
