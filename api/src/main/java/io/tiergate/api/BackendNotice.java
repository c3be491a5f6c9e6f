package io.tiergate.api;

import java.util.function.Consumer;

/**
 * Something a backend changed about a request that the client should learn of; the HTTP edge turns
 * each notice into an {@code x-tiergate-*} response header. A backend announces a notice only once
 * its answer begins (before the first streamed chunk; unstreamed, just before it returns
 * {@code Completed}), so a notice never belongs to a tier that failed and was fallen back from.
 */
public sealed interface BackendNotice {

    /**
     * {@code max_tokens} asked for more than the context had room for after the prompt, so at most
     * {@code granted} tokens (= {@code contextLength - promptTokens}) are generated. All in tokens.
     */
    record MaxTokensClamped(int requested, int granted, int promptTokens, int contextLength) implements BackendNotice {}

    /**
     * Where notices go: the edge binds it around the gateway call on the request thread; where it is
     * unbound, notices are dropped.
     */
    ScopedValue<Consumer<BackendNotice>> LISTENER = ScopedValue.newInstance();

    /**
     * The listener bound on this thread, or one that drops notices. A backend captures it on the
     * calling thread, because generation may run on another (scoped values are not inherited there).
     */
    static Consumer<BackendNotice> listener() {
        return LISTENER.isBound() ? LISTENER.get() : notice -> {};
    }
}
