package io.tiergate.engine.backend;

import io.tiergate.api.BackendNotice;
import io.tiergate.api.ChatChunk;
import io.tiergate.api.ChatStream;

import java.util.List;
import java.util.function.Consumer;

/**
 * Announces a call's {@link BackendNotice}s once, just before the first chunk reaches the receiver
 * (so the edge can still write them as response headers of the stream), or through
 * {@link #announce()} when an unstreamed answer is complete. Announcing no earlier means a call
 * that fails before answering leaves no notice behind for the tier the gateway falls back to.
 */
final class NoticesBeforeFirstChunk implements ChatStream {

    private final ChatStream stream;
    private final List<BackendNotice> notices;
    private final Consumer<BackendNotice> listener;
    private boolean announced;

    /** @param listener captured on the request thread: the chunks arrive on the scheduler's */
    NoticesBeforeFirstChunk(ChatStream stream, List<BackendNotice> notices, Consumer<BackendNotice> listener) {
        this.stream = stream;
        this.notices = List.copyOf(notices);
        this.listener = listener;
    }

    @Override
    public boolean onChunk(ChatChunk chunk) {
        announce();
        return stream.onChunk(chunk);
    }

    @Override
    public boolean onChunk(ChatChunk chunk, boolean hold) {
        announce();
        return stream.onChunk(chunk, hold);
    }

    @Override
    public void flush() {
        stream.flush();
    }

    void announce() {
        if (announced) return;
        announced = true;
        notices.forEach(listener);
    }
}
