package io.tiergate.gateway;

import io.tiergate.api.Caller;
import io.tiergate.api.ChatRequest;

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
}
