package io.tiergate.gateway;

import io.tiergate.api.Caller;
import io.tiergate.api.ChatRequest;

import java.util.Map;
import java.util.function.Consumer;

/**
 * Budgets and rate limits, checked before any work. {@code admit} throws a 429 TiergateException when the
 * caller is over a limit; otherwise the returned ticket holds the caller's reservation until the call
 * ends and {@link Ticket#settle} books what it really used.
 */
public interface Admission {
    Ticket admit(Caller caller, ChatRequest request);

    interface Ticket {
        void settle(ChatExchange exchange);
    }

    Admission NONE = (caller, request) -> exchange -> {};

    /**
     * Where an admission hands the edge headers for the client's response ({@code x-ratelimit-*}): the
     * HTTP handler binds it around {@code Gateway.chat} (admission runs on that thread before anything is
     * sent); unbound elsewhere, and then the headers are dropped.
     */
    ScopedValue<Consumer<Map<String, String>>> RESPONSE_HEADERS = ScopedValue.newInstance();

    /** Passes {@code headers} to the edge when one listens (see {@link #RESPONSE_HEADERS}). */
    static void publishHeaders(Map<String, String> headers) {
        if (!headers.isEmpty() && RESPONSE_HEADERS.isBound()) RESPONSE_HEADERS.get().accept(headers);
    }
}
