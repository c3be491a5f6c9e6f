package io.tiergate.gateway.audit;

import io.tiergate.api.BackendNotice;
import io.tiergate.api.LedgerEntry;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The backend-notice listener an edge binds for one call ({@link BackendNotice#LISTENER}): each notice goes
 * on to the edge's own listener (a response header) and the max-tokens clamp is kept for the call's ledger
 * entry. {@link LedgerRecorder} runs on the request thread inside the same binding, so it finds the clamp
 * there with no field on the exchange. A backend may announce from its generation thread, hence the atomic.
 */
public final class NoticeRecorder implements Consumer<BackendNotice> {
    private final Consumer<BackendNotice> edge;
    private final AtomicReference<LedgerEntry.MaxTokensClamp> clamp = new AtomicReference<>();

    private NoticeRecorder(Consumer<BackendNotice> edge) {
        this.edge = edge;
    }

    /** A new recorder for one call, passing every notice on to {@code edge}. */
    public static NoticeRecorder forwardingTo(Consumer<BackendNotice> edge) {
        return new NoticeRecorder(edge);
    }

    @Override
    public void accept(BackendNotice notice) {
        switch (notice) {
            case BackendNotice.MaxTokensClamped c -> clamp.set(new LedgerEntry.MaxTokensClamp(c.requested(), c.granted()));
        }
        edge.accept(notice);
    }

    /** The clamp announced in this call so far. */
    public Optional<LedgerEntry.MaxTokensClamp> clamp() {
        return Optional.ofNullable(clamp.get());
    }

    /** The clamp of the call on this thread, when its edge bound a recorder (otherwise nothing is known of one). */
    static Optional<LedgerEntry.MaxTokensClamp> ofThisCall() {
        return BackendNotice.LISTENER.isBound() && BackendNotice.LISTENER.get() instanceof NoticeRecorder r
                ? r.clamp() : Optional.empty();
    }
}
